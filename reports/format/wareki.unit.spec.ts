import { dateLong, dateTimeLong, fiscalYears, fyColumn, fyLong, fyRangeLong, fyShort, monthLong, toFullWidthDigits } from './wareki';

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

  it('heads the form\'s year columns as the city does', () => {
    expect(fyColumn(2022)).toBe('R４年度');
    expect(fyColumn(2026)).toBe('R８年度');
    expect(fyColumn(2019)).toBe('R元年度');
  });

  it('prints the issue month of a cover (in Japan time)', () => {
    expect(monthLong('2024-12-10')).toBe('令和６年１２月');
    expect(monthLong('2024-11-30T16:00:00Z')).toBe('令和６年１２月');
    expect(monthLong('2019-05-01')).toBe('令和元年５月');
  });

  it('converts digits to full width', () => {
    expect(toFullWidthDigits('R5 12')).toBe('R５ １２');
  });
});
