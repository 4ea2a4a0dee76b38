/**
 * The department's workbook (報告シート): one sheet per item, laid out as the annual report's workbook
 * (the city's form), pre-filled with the plan's fixed parts, last year's 次年度の取組計画 and the current
 * draft, and with the cells the department fills marked as inputs — unlocked, pale yellow, validated
 * (a drop-down S/A/B/C/- under the rating legend, numbers only for numeric actuals). A very hidden
 * sheet carries the plan, the fiscal year, each sheet's item and the revision its sheet stream was
 * exported at, and the address of every input cell; the import reads the file back through it
 * (modules/cycles/workbook/sheet-workbook.parser.ts). Pure: render/xlsx.ts writes it.
 */
import type { SheetContent } from '../../events/sheet.events';
import {
  IMPLEMENTATION_LABELS,
  IMPLEMENTATIONS,
  RATING_BOX_LABELS,
  RATING_KIND_LABELS,
  RATING_TEXT_LABELS,
  RATINGS,
  SHEET_STATUS_LABELS,
  type RatingKind,
  type SheetStatus,
} from '../../events/vocabulary';
import { type Cell, type CellInput, type CellSpec, type WorkbookLayout, type WorkbookPart, gap, grid, line, th } from '../render/document';
import type { AnnualReport, AnnualReportItem, IndicatorView } from '../report.types';
import { dateLong, dateTimeLong, fyLong } from '../format/wareki';
import { ratingLegend } from '../format/labels';
import {
  indicatorNotes,
  indicatorTable,
  itemName,
  itemSectionTitle,
  joinDepartments,
  planFields,
  planYears,
  scheduleTable,
  yearHeadings,
} from './annual-report.document';
import { fieldRows, formWidth, formWidths, headerRows, labelledTable, ratingRows } from './annual-report.workbook';

/** What the metadata sheet says the file is; the import refuses anything else. */
export const SHEET_WORKBOOK_FORMAT = 'pdca-review-engine/sheet-workbook';
export const SHEET_WORKBOOK_VERSION = 1;
export const SHEET_WORKBOOK_METADATA = '_pdca';
/** Longest text of a box, as the API takes it (modules/shared/validators.ts MAX_TEXT). */
export const FORM_MAX_TEXT = 20_000;
/** Longest text-valued actual ("9部41課85係"), as the API takes it. */
export const FORM_MAX_VALUE_TEXT = 100;

/**
 * The fields of the form, as the metadata names their cells. The form has two boxes under each rating
 * (the S box, and the B/C box with the reason and the measures), so the reason has two places: the S
 * box when the rating is S, the B/C box otherwise.
 */
export const formField = {
  activities: 'activities',
  effects: 'effects',
  rating: (kind: RatingKind) => kind,
  reasonS: (kind: RatingKind) => `reasons.${kind}.s`,
  reasonBC: (kind: RatingKind) => `reasons.${kind}.bc`,
  measure: (kind: RatingKind) => `measures.${kind}`,
  actual: (indicatorId: string) => `actuals.${indicatorId}`,
  nextIssues: 'nextYear.issues',
  nextPlan: 'nextYear.plan',
  implementation: 'implementation',
} as const;

/** 実施状況 as the drop-down offers it (the 総括's words). */
export const IMPLEMENTATION_CHOICES = IMPLEMENTATIONS.map((i) => IMPLEMENTATION_LABELS[i]);

/** One item of the department's workbook: the report's view of it, and the sheet as its stream holds it now. */
export interface SheetFormItem {
  item: AnnualReportItem;
  /** Revision of the sheet stream when exported (-1: nothing saved yet). */
  revision: number;
  status: SheetStatus;
  /** The current draft, when one was saved. */
  content?: SheetContent;
  /** 次年度の取組計画 of last year's sheet: this year's starting point. */
  previousPlan?: { issues: string; plan: string };
  /** Review comments (差戻し理由), oldest first. */
  returns: { comment: string; at: string }[];
}

export interface SheetFormInput {
  /** The annual report of the year (its plan, period, levels; the items are `items`). */
  report: AnnualReport;
  items: SheetFormItem[];
  /** The department the workbook is for; undefined: every item (the secretariat's). */
  department?: string;
  exportId: string;
  exportedAt: string;
  /** Revision of the plan stream when exported. */
  planRevision: number;
}

/** Numeric actuals take numbers; an indicator whose values are texts ("9部41課85係") takes a text. */
export function isTextIndicator(indicator: Pick<IndicatorView, 'targets' | 'actuals' | 'baseline' | 'target'>): boolean {
  const values = [...Object.values(indicator.targets), ...Object.values(indicator.actuals), indicator.baseline, indicator.target];
  return values.some((v) => typeof v === 'string');
}

export function sheetFormWorkbook(input: SheetFormInput): WorkbookLayout {
  const { report } = input;
  return {
    title: `${report.title} ${fyLong(report.fiscalYear)} 報告シート${input.department ? `（${input.department}）` : ''}`,
    sheets: [
      { name: '記入方法', widths: [4, 12, 46, 20, 14], parts: guideSheet(input) },
      ...input.items.map((entry) => ({
        name: entry.item.label || entry.item.id,
        key: entry.item.id,
        properties: { revision: entry.revision, status: entry.status },
        widths: formWidths(report),
        parts: itemForm(report, entry),
      })),
    ],
    form: {
      metadataSheet: SHEET_WORKBOOK_METADATA,
      properties: {
        format: SHEET_WORKBOOK_FORMAT,
        version: SHEET_WORKBOOK_VERSION,
        planId: report.planId,
        fiscalYear: report.fiscalYear,
        department: input.department ?? '',
        exportId: input.exportId,
        exportedAt: input.exportedAt,
        planRevision: input.planRevision,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 記入方法

function guideSheet(input: SheetFormInput): WorkbookPart[] {
  const { report } = input;
  const fy = fyLong(report.fiscalYear);
  const steps = [
    `黄色のセルに${fy}の取組実績、進捗状況、取組効果、達成状況、指標の実績、${fyLong(report.fiscalYear + 1)}の取組計画を入力します。ほかのセルは変更できません。`,
    '進捗状況・達成状況はセルを選ぶと表示される一覧（S・A・B・C・-）から選びます。「S」のときはその理由（要因）を、「B」「C」のときは理由（要因）と方策を記入します。',
    '数値の指標の実績は数値だけを入力します（単位や「%」は付けません）。文字の指標（例：9部41課85係）は文字で入力します。',
    '入力が終わったら上書き保存し、システムの「Excel を取り込む」からこのファイルをアップロードします。誤りがあればシート名とセル番地を示してすべて差し戻され、何も保存されません。',
    'シートの追加・削除・名前の変更はしないでください。書き出した後にシステム上で同じシートが変更されたときは、そのシートは取り込まれません（最新のブックを書き出し直してください）。',
  ];
  const rows: Cell[][] = [
    [th('シート'), th('管理番号'), th('取組事項'), th('担当課'), th('状態')],
    ...input.items.map((e) => [e.item.label || e.item.id, e.item.label, e.item.title, joinDepartments(e.item.departments), SHEET_STATUS_LABELS[e.status]]),
  ];
  return [
    line(report.title, { bold: true, size: 14, center: true }),
    line(`${fy} 進行管理 報告シート`, { bold: true, size: 12, center: true }),
    line(`${input.department ? `担当課：${input.department}　` : ''}書出日時：${dateTimeLong(input.exportedAt)}${report.dueDate ? `　提出期限：${dateLong(report.dueDate)}` : ''}`, { center: true }),
    gap,
    line('記入方法', { bold: true }),
    ...steps.map((text, i) => line(`${i + 1}．${text}`)),
    gap,
    line(`進捗状況　${ratingLegend('progress')}　-．評価対象外`),
    line(`達成状況　${ratingLegend('achievement')}　-．目標がない年度`),
    gap,
    grid(rows),
  ];
}

// ---------------------------------------------------------------------------------------------
// The item's form

const input = (field: string, kind: CellInput['kind'], value: string | number | undefined, extra: Partial<CellInput> & { colspan?: number } = {}): CellSpec => {
  const { colspan, ...rest } = extra;
  return {
    text: value === undefined ? '' : String(value),
    ...(colspan ? { colspan } : {}),
    input: { field, kind, ...(value !== undefined && value !== '' ? { value } : {}), ...rest },
  };
};

const textInput = (field: string, value: string | undefined, colspan: number, lines = 3, prompt?: string): CellSpec =>
  input(field, 'text', value?.trim() ? value : undefined, { colspan, lines, maxLength: FORM_MAX_TEXT, ...(prompt ? { prompt } : {}) });

/** This year's 実績 of an indicator as an input: a number, or a text for a text-valued indicator. */
function actualInput(indicator: IndicatorView, content: SheetContent | undefined): CellSpec {
  const value = content?.actuals[indicator.id];
  if (isTextIndicator(indicator)) {
    return input(formField.actual(indicator.id), 'text', value, { maxLength: FORM_MAX_VALUE_TEXT, prompt: `${indicator.name}の実績を文字で入力します（${FORM_MAX_VALUE_TEXT}字以内）。` });
  }
  const unit = indicator.unit ? `単位（${indicator.unit}）は付けずに` : '';
  return input(formField.actual(indicator.id), 'number', value, { prompt: `${indicator.name}の実績を数値で入力します。${unit}数値だけを入力してください。` });
}

function planRows(report: AnnualReport, entry: SheetFormItem, width: number): Cell[][] {
  const { item } = entry;
  const years = planYears(report);
  const notes = indicatorNotes(item.indicators);
  const actualCell = (ind: IndicatorView, y: number) => (y === report.fiscalYear ? actualInput(ind, entry.content) : undefined);
  return [
    ...fieldRows(planFields(item), width),
    ...labelledTable('具体的な取組', scheduleTable(item, years), 2),
    ...labelledTable('数値目標', indicatorTable(item.indicators, years, actualCell), 1),
    ...(notes.length ? [[{ text: notes.join('\n'), colspan: width }]] : []),
  ];
}

/** The rating block of the report's workbook, this year's rating an input with the drop-down. */
function ratingInputRows(report: AnnualReport, entry: SheetFormItem, kind: RatingKind): Cell[][] {
  const [first, second] = ratingRows(report, entry.item, kind);
  const at = planYears(report).indexOf(report.fiscalYear);
  const prompt = `${RATING_KIND_LABELS[kind]}を一覧から選びます（S・A・B・C・-）。`;
  return [first, second.map((cell, i) => (i === at ? input(formField.rating(kind), 'list', entry.content?.[kind], { choices: RATINGS, prompt }) : cell))];
}

/**
 * The two boxes under a rating, as the form prints them, with the B/C box in its two parts so that
 * the reason and the measures come back apart: the reason goes in the S box when the rating is S, in
 * the B/C box otherwise (where the city also writes an explanation of an A).
 */
function ratingBoxInputs(entry: SheetFormItem, kind: RatingKind, width: number): Cell[][] {
  const labels = RATING_BOX_LABELS[kind];
  const words = RATING_TEXT_LABELS[kind];
  const content = entry.content;
  const reason = content?.reasons[kind];
  const s = content?.[kind] === 'S';
  return [
    [th(labels.s, { colspan: 2 }), textInput(formField.reasonS(kind), s ? reason : undefined, width - 2, 3, `「S」のときの${words.reason}を記入します。`)],
    [th(labels.bc, { rowspan: 2 }), th(words.reason), textInput(formField.reasonBC(kind), s ? undefined : reason, width - 2, 3, `「B」「C」のときの${words.reason}を記入します。`)],
    [th(words.measure), textInput(formField.measure(kind), content?.measures[kind], width - 2, 3, `「B」「C」のときの${words.measure}を記入します。`)],
  ];
}

function statusLines(entry: SheetFormItem): WorkbookPart[] {
  const lines = [`（報告の状態：${SHEET_STATUS_LABELS[entry.status]}）`];
  for (const r of entry.returns) lines.push(`差戻し（${dateLong(r.at)}）：${r.comment}`);
  return lines.map((text) => line(text));
}

function itemForm(report: AnnualReport, entry: SheetFormItem): WorkbookPart[] {
  const width = formWidth(report);
  const { item, content } = entry;
  const titles = yearHeadings(report.fiscalYear);
  const previous = entry.previousPlan;
  return [
    line(`${itemSectionTitle(report)}　${itemName(item)}`, { bold: true, size: 12 }),
    line('黄色のセルに入力してください。ほかのセルは変更できません。'),
    grid([...headerRows(report, item, width), ...planRows(report, entry, width)]),
    gap,
    line(`（前年度の報告で立てた${fyLong(report.fiscalYear)}の取組計画）`, { bold: true }),
    grid(
      fieldRows(
        [
          { label: '課題', value: previous?.issues ?? (previous ? '' : '（前年度の報告はありません）') },
          { label: '取組内容', value: previous?.plan },
        ],
        width,
      ),
    ),
    gap,
    line(titles.work, { bold: true }),
    ...statusLines(entry),
    grid([
      [th('取組実績'), textInput(formField.activities, content?.activities, width - 1, 8, '取組実績を記入します（提出には必須です）。')],
      ...ratingInputRows(report, entry, 'progress'),
      ...ratingBoxInputs(entry, 'progress', width),
      [th('取組効果'), textInput(formField.effects, content?.effects, width - 1, 4, '取組の効果を記入します。')],
    ]),
    gap,
    line(titles.targets, { bold: true }),
    grid([...ratingInputRows(report, entry, 'achievement'), ...ratingBoxInputs(entry, 'achievement', width)]),
    gap,
    line(titles.next, { bold: true }),
    grid([
      [th('課題'), textInput(formField.nextIssues, content?.nextYear?.issues, width - 1, 4)],
      [th('取組内容'), textInput(formField.nextPlan, content?.nextYear?.plan, width - 1, 4)],
    ]),
    gap,
    line('（実施状況：総括で用います）', { bold: true }),
    grid([
      [
        th('実施状況'),
        input(formField.implementation, 'list', content?.implementation ? IMPLEMENTATION_LABELS[content.implementation] : undefined, {
          choices: IMPLEMENTATION_CHOICES,
          prompt: '実施状況を一覧から選びます（実施済・一部実施・未実施又は検討中）。',
          colspan: 2,
        }),
        { text: '', colspan: width - 3 },
      ],
    ]),
  ];
}
