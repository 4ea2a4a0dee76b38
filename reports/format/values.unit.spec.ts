import { formatCountWithPercent, formatIndicatorValue, formatValue, indicatorDecimals } from './values';

describe('values', () => {
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

describe('indicator precision', () => {
  it('prints every value of an indicator with the most decimals any of them has, as the published forms do', () => {
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
