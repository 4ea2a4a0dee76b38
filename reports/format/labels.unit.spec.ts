import { IMPLEMENTATION_BRACKETS, IMPLEMENTATION_LABELS } from '../../events/vocabulary';
import { editionLabel, ratingLabel, ratingLegend, ratingLegendLines, ratingWithLabel, reportStatusLabel, resolutionLabel } from './labels';

describe('labels', () => {
  it('labels progress and achievement ratings', () => {
    expect(ratingLabel('progress', 'S')).toBe('計画以上に進捗');
    expect(ratingLabel('progress', 'A')).toBe('計画どおり進捗');
    expect(ratingLabel('progress', 'B')).toBe('計画より遅れている');
    expect(ratingLabel('progress', 'C')).toBe('未着手');
    expect(ratingLabel('achievement', 'S')).toBe('目標を大幅に達成');
    expect(ratingLabel('achievement', 'A')).toBe('目標どおり達成');
    expect(ratingLabel('achievement', 'B')).toBe('目標を下回った');
    expect(ratingLabel('achievement', 'C')).toBe('目標を大幅に下回った');
    expect(ratingLabel('progress', null)).toBe('');
    expect(ratingLabel('achievement', '-')).toBe('評価対象外');
    expect(ratingWithLabel('progress', 'B')).toBe('B（計画より遅れている）');
    expect(ratingWithLabel('achievement', '-')).toBe('-');
    expect(ratingLegend('progress')).toBe('S．計画以上に進捗　A．計画どおり進捗　B．計画より遅れている　C．未着手');
  });

  it('labels implementation statuses', () => {
    expect(IMPLEMENTATION_LABELS.done).toBe('実施済');
    expect(IMPLEMENTATION_LABELS.partial).toBe('一部実施');
    expect(IMPLEMENTATION_LABELS.notDone).toBe('未実施又は検討中');
    expect(IMPLEMENTATION_BRACKETS.done).toBe('【実施】');
    expect(IMPLEMENTATION_BRACKETS.partial).toBe('【一部実施】');
    expect(IMPLEMENTATION_BRACKETS.notDone).toBe('【未実施】');
  });

  it('labels resolutions and report statuses', () => {
    expect(resolutionLabel('accepted')).toBe('承認');
    expect(resolutionLabel('acceptedWithOpinions')).toBe('意見付き承認');
    expect(resolutionLabel('sentBack')).toBe('差戻し');
    expect(resolutionLabel(undefined)).toBe('未決定');
    expect(reportStatusLabel('published', { revision: 1 })).toBe('公表済');
    expect(reportStatusLabel('published', { revision: 2 })).toBe('公表済（第２版）');
    expect(editionLabel(12)).toBe('第１２版');
    expect(ratingLegendLines('achievement')).toBe('S．目標を大幅に達成　A．目標どおり達成\nB．目標を下回った　C．目標を大幅に下回った');
    expect(reportStatusLabel('atCouncil')).toBe('未公表（審議中）');
    expect(reportStatusLabel('collecting')).toBe('未公表（照会中）');
    expect(reportStatusLabel('sentBack')).toBe('未公表（差戻し）');
    expect(reportStatusLabel('none')).toBe('未公表（未開始）');
  });
});
