import { achievementLabel, implementationBracket, implementationLabel, progressLabel, ratingLegend, ratingWithLabel, reportStatusLabel, resolutionLabel } from './labels';

describe('labels', () => {
  it('labels progress and achievement ratings', () => {
    expect(progressLabel('S')).toBe('計画以上に進捗');
    expect(progressLabel('A')).toBe('計画どおり進捗');
    expect(progressLabel('B')).toBe('計画より遅れている');
    expect(progressLabel('C')).toBe('未着手');
    expect(achievementLabel('S')).toBe('目標を大幅に達成');
    expect(achievementLabel('A')).toBe('目標どおり達成');
    expect(achievementLabel('B')).toBe('目標を下回った');
    expect(achievementLabel('C')).toBe('目標を大幅に下回った');
    expect(progressLabel(null)).toBe('');
    expect(ratingWithLabel('progress', 'B')).toBe('B（計画より遅れている）');
    expect(ratingWithLabel('achievement', '-')).toBe('-');
    expect(ratingLegend('progress')).toBe('S．計画以上に進捗　A．計画どおり進捗　B．計画より遅れている　C．未着手');
  });

  it('labels implementation statuses', () => {
    expect(implementationLabel('done')).toBe('実施済');
    expect(implementationLabel('partial')).toBe('一部実施');
    expect(implementationLabel('notDone')).toBe('未実施又は検討中');
    expect(implementationBracket('done')).toBe('【実施】');
    expect(implementationBracket('partial')).toBe('【一部実施】');
    expect(implementationBracket('notDone')).toBe('【未実施】');
  });

  it('labels resolutions and report statuses', () => {
    expect(resolutionLabel('accepted')).toBe('承認');
    expect(resolutionLabel('acceptedWithOpinions')).toBe('意見付き承認');
    expect(resolutionLabel('sentBack')).toBe('差戻し');
    expect(resolutionLabel(undefined)).toBe('未決定');
    expect(reportStatusLabel('published', { revision: 1 })).toBe('公表済');
    expect(reportStatusLabel('published', { revision: 2 })).toBe('公表済（第2版）');
    expect(reportStatusLabel('atCouncil')).toBe('未公表（審議中）');
    expect(reportStatusLabel('collecting')).toBe('未公表（照会中）');
    expect(reportStatusLabel('sentBack')).toBe('未公表（差戻し）');
    expect(reportStatusLabel('none')).toBe('未公表（未開始）');
  });
});
