import { achievementLabel, dateLong, dateTimeLong, fiscalYears, formatCountWithPercent, formatValue, fyLong, fyRangeLong, fyShort, implementationBracket, implementationLabel, progressLabel, ratingLegend, ratingWithLabel, reportStatusLabel, resolutionLabel, toFullWidthDigits } from './wareki';

describe('wareki: fiscal years', () => {
  it('formats fiscal years for tables', () => {
    expect(fyShort(2023)).toBe('R5');
    expect(fyShort(2022)).toBe('R4');
    expect(fyShort(2019)).toBe('R1');
    expect(fyShort(2018)).toBe('H30');
  });

  it('formats fiscal years in prose with full-width digits and 元年', () => {
    expect(fyLong(2023)).toBe('令和５年度');
    expect(fyLong(2019)).toBe('令和元年度');
    expect(fyLong(2018)).toBe('平成３０年度');
    expect(fyLong(1989)).toBe('平成元年度');
    expect(fyLong(2026)).toBe('令和８年度');
  });

  it('formats a range and lists the years of a period', () => {
    expect(fyRangeLong(2019, 2024)).toBe('令和元年度～令和６年度');
    expect(fyRangeLong(2023, 2023)).toBe('令和５年度');
    expect(fiscalYears(2022, 2026)).toEqual([2022, 2023, 2024, 2025, 2026]);
  });

  it('formats dates and timestamps (in Japan time)', () => {
    expect(dateLong('2024-12-10')).toBe('令和６年１２月１０日');
    expect(dateLong('2019-04-30')).toBe('平成３１年４月３０日');
    expect(dateLong('2019-05-01')).toBe('令和元年５月１日');
    expect(dateLong('2024-12-09T20:00:00Z')).toBe('令和６年１２月１０日');
    expect(dateTimeLong('2024-12-10T00:30:00Z')).toBe('令和６年１２月１０日 9:30');
    expect(dateLong('not a date')).toBe('not a date');
  });

  it('converts digits to full width', () => {
    expect(toFullWidthDigits('R5 12')).toBe('R５ １２');
  });
});

describe('wareki: values', () => {
  it('adds thousands separators and the unit', () => {
    expect(formatValue(1037379720, '円')).toBe('1,037,379,720円');
    expect(formatValue(225229, '千円')).toBe('225,229千円');
    expect(formatValue(1083, '人')).toBe('1,083人');
  });

  it('keeps the given decimals of percentages, or fixes them on request', () => {
    expect(formatValue(98.3, '%')).toBe('98.3%');
    expect(formatValue(98.41, '%')).toBe('98.41%');
    expect(formatValue(50, '%')).toBe('50%');
    expect(formatValue(98.3, '%', { decimals: 2 })).toBe('98.30%');
    expect(formatValue(19, '%', { decimals: 1 })).toBe('19.0%');
  });

  it('shows text values as they are and missing values as "-"', () => {
    expect(formatValue('9部41課85係', '')).toBe('9部41課85係');
    expect(formatValue(null, '%')).toBe('-');
    expect(formatValue(undefined, '円')).toBe('-');
    expect(formatValue(Number.NaN, '円')).toBe('-');
  });

  it('formats counts with one-decimal percentages', () => {
    expect(formatCountWithPercent(3, 75)).toBe('3 (75.0%)');
    expect(formatCountWithPercent(1, 33.3)).toBe('1 (33.3%)');
  });
});

describe('wareki: labels', () => {
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

describe('indicator precision', () => {
  it('prints every value of an indicator with the most decimals any of them has, as the published forms do', () => {
    const { formatIndicatorValue, indicatorDecimals } = jest.requireActual('./wareki');
    const rate = { unit: '%', targets: { '2022': 98.2, '2023': 98.3 }, actuals: { '2022': 98.41, '2023': 98.4 } };
    expect(indicatorDecimals(rate)).toBe(2);
    expect(formatIndicatorValue(rate, 98.3)).toBe('98.30%');
    expect(formatIndicatorValue(rate, 15.3)).toBe('15.30%');
    const yen = { unit: '円', targets: {}, actuals: { '2022': 1037379720 } };
    expect(formatIndicatorValue(yen, 1037379720)).toBe('1,037,379,720円');
    const text = { unit: '', targets: {}, actuals: { '2022': '9部41課85係' } };
    expect(formatIndicatorValue(text, '9部41課85係')).toBe('9部41課85係');
  });
});
