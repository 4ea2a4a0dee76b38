/**
 * Reads a department's workbook back (reports/documents/sheet-form.workbook.ts wrote it): the very
 * hidden metadata sheet says which plan and fiscal year it is for, which sheet is which item, the
 * revision each sheet was exported at, and where each input cell is. Every cell is read as a value and
 * checked; every error is collected, named by sheet and cell in Japanese, so a department fixes them
 * all at once. What passes becomes each item's sheet content, as the department would PUT it (a whole
 * draft: an empty cell is an empty field). The business rules (what a submission needs) are the
 * sheet decider's, run on the content by the import service; this file checks what a cell can hold.
 */
import type ExcelJS from 'exceljs';
import type { IndicatorValue } from '../../../events/plan.events';
import type { RatingTexts } from '../../../events/sheet.events';
import { IMPLEMENTATION_LABELS, IMPLEMENTATIONS, RATING_BOX_LABELS, RATING_KIND_LABELS, RATING_KINDS, RATING_TEXT_LABELS, RATINGS, type Implementation, type Rating, type RatingKind } from '../../../events/vocabulary';
import {
  FORM_MAX_TEXT,
  FORM_MAX_VALUE_TEXT,
  SHEET_WORKBOOK_FORMAT,
  SHEET_WORKBOOK_METADATA,
  SHEET_WORKBOOK_VERSION,
  formField,
} from '../../../reports/documents/sheet-form.workbook';
import { readCell, readingText, readValue, type CellReading } from '../../../src/workbook/safe-workbook';
import { cellError, type WorkbookCellError } from '../../../src/workbook/workbook-errors';
import type { SheetContentInput } from '../sheet.decider';

/** What the import knows of the plan: its items and their indicators. */
export interface SheetWorkbookPlan {
  planId: string;
  fiscalYear: number;
  items: Record<string, { label: string; departments: string[] }>;
  indicators: Record<string, { itemId?: string; name: string; unit: string }>;
}

export interface ParsedSheet {
  /** The worksheet's name (the item's label, e.g. "③-1"). */
  sheet: string;
  itemId: string;
  /** Revision of the sheet stream the sheet was exported at (-1: nothing had been saved). */
  revision: number;
  content: SheetContentInput;
  /** Field → cell address, for naming the cell of a later error (e.g. one the decider finds). */
  cells: Record<string, string>;
}

export interface ParsedSheetWorkbook {
  exportId: string;
  exportedAt: string;
  department: string;
  planRevision: number;
  sheets: ParsedSheet[];
  errors: WorkbookCellError[];
}

const RATING_TEXT = RATINGS.join('・');
const ADDRESS = /^[A-Z]{1,3}[1-9]\d{0,6}$/;
const DASHES = /^[‐‑‒–—―−ー－-]$/u;

/** Reads the workbook; `errors` lists everything wrong (the sheets are then not to be used). */
export function parseSheetWorkbook(wb: ExcelJS.Workbook, plan: SheetWorkbookPlan): ParsedSheetWorkbook {
  const errors: WorkbookCellError[] = [];
  const empty = (message: string, code: string): ParsedSheetWorkbook => ({ exportId: '', exportedAt: '', department: '', planRevision: -1, sheets: [], errors: [cellError(undefined, undefined, code, message)] });
  const meta = wb.getWorksheet(SHEET_WORKBOOK_METADATA);
  if (!meta) return empty('このブックはシステムから書き出した報告シートではありません。「Excel をダウンロード」で書き出したブックに入力してください。', 'notSheetWorkbook');
  const metadata = readMetadata(meta);
  if (metadata.properties.format !== SHEET_WORKBOOK_FORMAT) return empty('このブックはシステムから書き出した報告シートではありません（書き出し情報が読めません）。', 'notSheetWorkbook');
  if (Number(metadata.properties.version) !== SHEET_WORKBOOK_VERSION) return empty(`このブックの形式（版 ${metadata.properties.version}）は取り込めません。改めて書き出したブックを使ってください。`, 'version');
  if (metadata.properties.planId !== plan.planId) return empty('このブックは別の計画のものです。この計画のブックを書き出して入力してください。', 'otherPlan');
  if (Number(metadata.properties.fiscalYear) !== plan.fiscalYear) {
    return empty(`このブックは${metadata.properties.fiscalYear}年度のものです（取り込み先は${plan.fiscalYear}年度）。`, 'otherFiscalYear');
  }

  const sheets: ParsedSheet[] = [];
  const seen = new Set<string>();
  for (const entry of metadata.sheets) {
    const item = plan.items[entry.key];
    if (!item) {
      errors.push(cellError(entry.name, undefined, 'unknownItem', `取組事項（ID ${entry.key}）はこの計画にありません。改めて書き出したブックを使ってください。`));
      continue;
    }
    if (seen.has(entry.key)) {
      errors.push(cellError(entry.name, undefined, 'duplicateItem', `取組事項「${item.label}」のシートが二つあります。`));
      continue;
    }
    seen.add(entry.key);
    const ws = wb.getWorksheet(entry.name);
    if (!ws) {
      errors.push(cellError(entry.name, undefined, 'sheetMissing', `シート「${entry.name}」が見つかりません。シートの名前を変えたり削除したりしないでください。`));
      continue;
    }
    const cells = Object.fromEntries(metadata.inputs.filter((i) => i.sheet === entry.name).map((i) => [i.field, i.address]));
    const kinds = Object.fromEntries(metadata.inputs.filter((i) => i.sheet === entry.name).map((i) => [i.field, i.kind]));
    const reader = new SheetReader(ws, entry.name, cells, errors);
    const content = readContent(reader, entry.key, plan, kinds);
    if (content) sheets.push({ sheet: entry.name, itemId: entry.key, revision: entry.revision, content, cells });
  }
  if (metadata.sheets.length === 0) errors.push(cellError(undefined, undefined, 'noSheets', 'このブックには取り込む取組事項のシートがありません。'));
  return {
    exportId: metadata.properties.exportId ?? '',
    exportedAt: metadata.properties.exportedAt ?? '',
    department: metadata.properties.department ?? '',
    planRevision: Number.isInteger(Number(metadata.properties.planRevision)) ? Number(metadata.properties.planRevision) : -1,
    sheets,
    errors,
  };
}

interface Metadata {
  properties: Record<string, string>;
  sheets: { name: string; key: string; revision: number }[];
  inputs: { sheet: string; field: string; address: string; kind: string }[];
}

/** The metadata rows: property | name | value, sheet | name | key | {json}, input | sheet | field | address | kind. */
function readMetadata(ws: ExcelJS.Worksheet): Metadata {
  const metadata: Metadata = { properties: {}, sheets: [], inputs: [] };
  const text = (row: ExcelJS.Row, col: number): string => {
    const reading = readValue(row.getCell(col).value);
    return reading.kind === 'text' ? reading.text : reading.kind === 'number' ? String(reading.value) : '';
  };
  ws.eachRow((row) => {
    const kind = text(row, 1);
    if (kind === 'property') metadata.properties[text(row, 2)] = text(row, 3);
    else if (kind === 'sheet') {
      let revision = -1;
      try {
        const props = JSON.parse(text(row, 4) || '{}') as { revision?: unknown };
        if (Number.isInteger(props.revision)) revision = props.revision as number;
      } catch {
        revision = -1;
      }
      metadata.sheets.push({ name: text(row, 2), key: text(row, 3), revision });
    } else if (kind === 'input' && ADDRESS.test(text(row, 4))) {
      metadata.inputs.push({ sheet: text(row, 2), field: text(row, 3), address: text(row, 4), kind: text(row, 5) });
    }
  });
  return metadata;
}

/** Reads the input cells of one sheet, collecting errors. */
class SheetReader {
  constructor(
    private readonly ws: ExcelJS.Worksheet,
    readonly sheet: string,
    readonly cells: Record<string, string>,
    private readonly errors: WorkbookCellError[],
  ) {}

  /** Errors found on this sheet so far. */
  get errorCount(): number {
    return this.errors.filter((e) => e.sheet === this.sheet).length;
  }

  has(field: string): boolean {
    return this.cells[field] !== undefined;
  }

  error(field: string, code: string, text: string): undefined {
    this.errors.push(cellError(this.sheet, this.cells[field], code, text, field));
    return undefined;
  }

  private reading(field: string): CellReading | undefined {
    const address = this.cells[field];
    return address ? readCell(this.ws, address) : undefined;
  }

  /** A reading that cannot be a value of any field: an error value, a formula without its result. */
  private unusable(field: string, reading: CellReading): boolean {
    if (reading.kind === 'error') return (this.error(field, 'cellError', `セルがエラー値（${reading.text}）です。値を入力してください。`), true);
    if (reading.kind === 'formulaWithoutResult') return (this.error(field, 'formula', '数式の結果が保存されていません。数式ではなく値を入力してください。'), true);
    return false;
  }

  /** A box of text (at most `max` characters); a number or a date typed there is kept as written. */
  text(field: string, label: string, max = FORM_MAX_TEXT): string | undefined {
    const reading = this.reading(field);
    if (!reading || reading.kind === 'empty' || this.unusable(field, reading)) return undefined;
    const value = reading.kind === 'date' ? reading.value.toISOString().slice(0, 10) : (readingText(reading) ?? '');
    if (value.length > max) return this.error(field, 'maxLength', `${label}は${max.toLocaleString('ja-JP')}字以内で記入してください（${value.length.toLocaleString('ja-JP')}字あります）。`);
    return value;
  }

  /** One of `choices`, after folding full-width letters and dash variants. */
  choice<T extends string>(field: string, choices: readonly T[], refuse: string): T | undefined {
    const reading = this.reading(field);
    if (!reading || reading.kind === 'empty' || this.unusable(field, reading)) return undefined;
    const raw = reading.kind === 'text' ? reading.text : reading.kind === 'number' ? String(reading.value) : '';
    const folded = raw.normalize('NFKC').trim();
    const value = (DASHES.test(folded) ? '-' : folded.toUpperCase()) as T;
    const found = choices.find((c) => c === value || c === folded);
    return found ?? this.error(field, 'choice', refuse);
  }

  /** A number; a percentage Excel made of "98.4%" is read back as 98.4; "1,234" is read as 1234. */
  number(field: string, name: string, unit: string): number | undefined {
    const reading = this.reading(field);
    if (!reading || reading.kind === 'empty' || this.unusable(field, reading)) return undefined;
    if (reading.kind === 'number') return reading.percent && unit === '%' ? Math.round(reading.value * 100 * 1e9) / 1e9 : reading.value;
    if (reading.kind === 'text') {
      const folded = reading.text.normalize('NFKC').trim().replace(/,/g, '');
      const unitless = unit && folded.endsWith(unit.normalize('NFKC')) ? folded.slice(0, -unit.normalize('NFKC').length).trim() : folded;
      if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(unitless)) return Number(unitless);
    }
    return this.error(field, 'number', `${name}の実績は数値で入力してください（単位や文字は付けません）。`);
  }
}

/** The sheet's content as the department would PUT it; undefined when a cell of it was wrong. */
function readContent(reader: SheetReader, itemId: string, plan: SheetWorkbookPlan, kinds: Record<string, string>): SheetContentInput | undefined {
  const before = reader.errorCount;
  const ratings: Partial<Record<RatingKind, Rating>> = {};
  const reasons: RatingTexts = {};
  const measures: RatingTexts = {};
  for (const kind of RATING_KINDS) {
    const label = RATING_KIND_LABELS[kind];
    const rating = reader.choice(formField.rating(kind), RATINGS, `${label}は ${RATING_TEXT} のいずれかです。`);
    if (rating) ratings[kind] = rating;
    const words = RATING_TEXT_LABELS[kind];
    const sBox = reader.text(formField.reasonS(kind), RATING_BOX_LABELS[kind].s);
    const bcBox = reader.text(formField.reasonBC(kind), `「B」又は「C」の場合の${words.reason}`);
    const measure = reader.text(formField.measure(kind), words.measure);
    if (sBox !== undefined && bcBox !== undefined) {
      reader.error(formField.reasonBC(kind), 'reasonTwice', `${words.reason}は「Ｓ」の欄か「B」又は「C」の欄のどちらか一方に記入してください。`);
    } else if (rating === 'S' && bcBox !== undefined) {
      reader.error(formField.reasonBC(kind), 'reasonBox', `${label}が「S」のときの${words.reason}は「${RATING_BOX_LABELS[kind].s}」の欄に記入してください。`);
    } else if (rating && rating !== 'S' && sBox !== undefined) {
      reader.error(formField.reasonS(kind), 'reasonBox', `${label}が「${rating}」のときの${words.reason}は「B」又は「C」の欄に記入してください（「Ｓ」の欄は S のときだけです）。`);
    }
    const reason = sBox ?? bcBox;
    if (reason !== undefined) reasons[kind] = reason;
    if (measure !== undefined) measures[kind] = measure;
  }
  const actuals: Record<string, IndicatorValue> = {};
  for (const [id, indicator] of Object.entries(plan.indicators)) {
    if (indicator.itemId !== itemId) continue;
    const field = formField.actual(id);
    if (!reader.has(field)) continue;
    const value = kinds[field] === 'text' ? reader.text(field, `${indicator.name}の実績`, FORM_MAX_VALUE_TEXT) : reader.number(field, indicator.name, indicator.unit);
    if (value !== undefined) actuals[id] = value;
  }
  for (const field of Object.keys(reader.cells)) {
    if (field.startsWith('actuals.') && plan.indicators[field.slice('actuals.'.length)]?.itemId !== itemId) {
      reader.error(field, 'unknownIndicator', `指標（ID ${field.slice('actuals.'.length)}）はこの取組事項の指標ではありません。改めて書き出したブックを使ってください。`);
    }
  }
  const activities = reader.text(formField.activities, '取組実績');
  const effects = reader.text(formField.effects, '取組効果');
  const issues = reader.text(formField.nextIssues, '次年度の課題');
  const next = reader.text(formField.nextPlan, '次年度の取組内容');
  const implementationLabel = reader.choice(formField.implementation, [...IMPLEMENTATION_LABELS_LIST, ...IMPLEMENTATIONS], '実施状況は「実施済」「一部実施」「未実施又は検討中」のいずれかです。');
  if (reader.errorCount > before) return undefined;
  const implementation = implementationOf(implementationLabel);
  return {
    ...ratings,
    ...(activities !== undefined ? { activities } : {}),
    ...(effects !== undefined ? { effects } : {}),
    reasons,
    measures,
    actuals,
    ...(issues !== undefined || next !== undefined ? { nextYear: { issues: issues ?? '', plan: next ?? '' } } : {}),
    ...(implementation ? { implementation } : {}),
  };
}

const IMPLEMENTATION_LABELS_LIST = IMPLEMENTATIONS.map((i) => IMPLEMENTATION_LABELS[i]);

function implementationOf(value: string | undefined): Implementation | undefined {
  if (!value) return undefined;
  return IMPLEMENTATIONS.find((i) => i === value || IMPLEMENTATION_LABELS[i] === value);
}

/**
 * The cell a field of the sheet content lives in, for an error found later (by the decider): a reason
 * is in the S box when the rating is S, in the B/C box otherwise.
 */
export function cellOfField(sheet: ParsedSheet, field: string): string | undefined {
  const reason = /^reasons\.(progress|achievement)$/.exec(field);
  if (reason) {
    const kind = reason[1] as RatingKind;
    return sheet.content[kind] === 'S' ? sheet.cells[formField.reasonS(kind)] : sheet.cells[formField.reasonBC(kind)];
  }
  if (field === 'nextYear') return sheet.cells[formField.nextIssues];
  // The default sheet rules' "進捗状況 or 実施状況": shown at the 進捗状況 cell.
  if (field === 'progress|implementation') return sheet.cells['progress'] ?? sheet.cells['implementation'];
  return sheet.cells[field];
}
