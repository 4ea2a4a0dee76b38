/**
 * 和暦: fiscal years in the Japanese calendar (R5 in tables, 令和５年度 in prose) and dates
 * (令和６年１２月１０日), through Intl's Japanese calendar. Dates and fiscal years only.
 */

const ERA_LETTERS: Record<string, string> = { 令和: 'R', 平成: 'H', 昭和: 'S', 大正: 'T', 明治: 'M' };

const eraYearFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'numeric', day: 'numeric', timeZone });
const utcFormat = eraYearFormat('UTC');
const tokyoFormat = eraYearFormat('Asia/Tokyo');
const tokyoTime = new Intl.DateTimeFormat('ja-JP', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Tokyo' });

interface EraDate {
  era: string;
  year: number;
  month: number;
  day: number;
}

function eraDate(date: Date, format: Intl.DateTimeFormat): EraDate {
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  const year = parts.year === '元' ? 1 : Number(parts.year);
  return { era: parts.era ?? '', year, month: Number(parts.month), day: Number(parts.day) };
}

/** ASCII digits to full-width digits (５, １２), as Japanese prose writes them. */
export function toFullWidthDigits(text: string | number): string {
  return String(text).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** 元 for the first year of an era, full-width digits otherwise. */
function eraYearText(year: number): string {
  return year === 1 ? '元' : toFullWidthDigits(year);
}

/**
 * The era of a fiscal year (April fy – March fy+1). It is named after the era in force for most
 * of it, so we look at December 31 of fy: FY2019 began in 平成 but is 令和元年度.
 */
function fiscalEra(fy: number): EraDate {
  return eraDate(new Date(Date.UTC(fy, 11, 31)), utcFormat);
}

/** Table form: fyShort(2023) → "R5", fyShort(2019) → "R1", fyShort(2018) → "H30". */
export function fyShort(fy: number): string {
  const { era, year } = fiscalEra(fy);
  return `${ERA_LETTERS[era] ?? era}${year}`;
}

/** Prose form: fyLong(2023) → "令和５年度", fyLong(2019) → "令和元年度". */
export function fyLong(fy: number): string {
  const { era, year } = fiscalEra(fy);
  return `${era}${eraYearText(year)}年度`;
}

/** The form's column heading: fyColumn(2023) → "R５年度", fyColumn(2019) → "R元年度". */
export function fyColumn(fy: number): string {
  const { era, year } = fiscalEra(fy);
  return `${ERA_LETTERS[era] ?? era}${eraYearText(year)}年度`;
}

/** "令和元年度～令和６年度". */
export function fyRangeLong(from: number, to: number): string {
  return from === to ? fyLong(from) : `${fyLong(from)}～${fyLong(to)}`;
}

/** The fiscal years of a period, inclusive. */
export function fiscalYears(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(iso: string): { date: Date; format: Intl.DateTimeFormat } | null {
  const dateOnly = DATE_ONLY.test(iso);
  const date = new Date(dateOnly ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return null;
  return { date, format: dateOnly ? utcFormat : tokyoFormat };
}

/**
 * dateLong('2024-12-10') → "令和６年１２月１０日". A timestamp is shown as its date in Japan
 * (2024-12-09T20:00:00Z → 令和６年１２月１０日). Unparseable text is returned as is.
 */
export function dateLong(iso: string): string {
  const parsed = parseDate(iso);
  if (!parsed) return iso;
  const { era, year, month, day } = eraDate(parsed.date, parsed.format);
  return `${era}${eraYearText(year)}年${toFullWidthDigits(month)}月${toFullWidthDigits(day)}日`;
}

/** The month a document is issued, as a cover prints it: monthLong('2024-12-10') → "令和６年１２月" (in Japan time). */
export function monthLong(iso: string): string {
  const parsed = parseDate(iso);
  if (!parsed) return iso;
  const { era, year, month } = eraDate(parsed.date, parsed.format);
  return `${era}${eraYearText(year)}年${toFullWidthDigits(month)}月`;
}

/** dateLong plus the time in Japan when the value carries one: "令和６年１２月１０日 9:30". */
export function dateTimeLong(iso: string): string {
  const parsed = parseDate(iso);
  if (!parsed || DATE_ONLY.test(iso)) return dateLong(iso);
  return `${dateLong(iso)} ${tokyoTime.format(parsed.date)}`;
}
