/**
 * A plan as the secretariat keeps it in Excel, in the shape POST /plans/import reads
 * (modules/plans/plan-workbook.parser.ts): a sheet 計画 (municipality, title, period, level names), the
 * 取組事項一覧 (one row per item under its coded hierarchy, with its departments), one sheet per item
 * (its texts, 具体的な取組 with a 工程 per year, 用語解説, 数値目標 with unit, direction, baseline and a
 * target per year), and 計画全体の数値目標 for indicators of the plan or a top-level group. Pure:
 * render/xlsx.ts writes it; examples/tamana/plan.xlsx is the 玉名市 plan in this shape.
 */
import type { IndicatorValue, PlanGroup, PlanIndicator, PlanItem, PlanPeriod } from '../../events/plan.events';
import { type Cell, type WorkbookLayout, type WorkbookPart, gap, grid, line, th } from '../render/document';
import { fiscalYears, fyColumn } from '../format/wareki';

export const PLAN_SHEET = '計画';
export const ITEM_LIST_SHEET = '取組事項一覧';
export const PLAN_INDICATOR_SHEET = '計画全体の数値目標';

/** The labels the parser looks for; a cell holding one of them starts its row or section. */
export const PLAN_LABELS = {
  municipality: '自治体名',
  title: '計画名',
  from: '計画期間（開始年度）',
  to: '計画期間（終了年度）',
  levels: '階層の名称',
  itemId: '取組事項ID',
  label: '管理番号',
  itemTitle: '取組事項',
  departments: '担当課',
  situation: '現状・課題',
  content: '取組内容',
  effect: '取組効果',
  activities: '具体的な取組',
  glossary: '用語解説',
  description: '説明',
  indicatorId: '指標ID',
  indicatorName: '指標名',
  unit: '単位',
  direction: '方向',
  baseline: '基準値',
  target: '最終目標',
  targetNote: '目標の補足',
  scope: '対象（基本方針）',
  code: (level: string) => `${level}番号`,
} as const;

/** How the direction is written: 以上 (higher is better) or 以下 (lower is better). */
export const DIRECTION_WORDS = { higher: '以上', lower: '以下' } as const;

export interface PlanWorkbookInput {
  municipality: string;
  title: string;
  period: PlanPeriod;
  levels: string[];
  groups: PlanGroup[];
  items: PlanItem[];
  indicators: (Omit<PlanIndicator, 'targets'> & { targets?: Record<string, IndicatorValue> })[];
}

/** A number stays a number in the workbook; a text ("9部41課85係") stays a text. */
const value = (v: IndicatorValue | undefined): Cell => (v === undefined ? '' : typeof v === 'number' ? { text: String(v), value: v } : v);

export function planWorkbook(plan: PlanWorkbookInput): WorkbookLayout {
  const years = fiscalYears(plan.period.from, plan.period.to);
  const planIndicators = plan.indicators.filter((i) => !i.itemId);
  return {
    title: plan.title,
    sheets: [
      { name: PLAN_SHEET, widths: [22, 40, 16, 16, 16], parts: planSheet(plan) },
      { name: ITEM_LIST_SHEET, widths: [...plan.levels.slice(0, -1).flatMap(() => [8, 30]), 10, 8, 34, 24], parts: itemListSheet(plan) },
      ...plan.items.map((item) => ({ name: item.label || item.id, widths: [30, 30, ...years.map(() => 12), 12, 12, 12, 12, 12], parts: itemSheet(plan, item, years) })),
      ...(planIndicators.length ? [{ name: PLAN_INDICATOR_SHEET, widths: [10, 24, 30, 8, 8, 10, 10, 24, ...years.map(() => 10)], parts: planIndicatorSheet(planIndicators, years) }] : []),
    ],
  };
}

function planSheet(plan: PlanWorkbookInput): WorkbookPart[] {
  return [
    line(`${plan.title}（計画の設定）`, { bold: true, size: 12 }),
    grid([
      [th(PLAN_LABELS.municipality), { text: plan.municipality, colspan: 4 }],
      [th(PLAN_LABELS.title), { text: plan.title, colspan: 4 }],
      [th(PLAN_LABELS.from), { text: String(plan.period.from), value: plan.period.from }, { text: fyColumn(plan.period.from), colspan: 3 }],
      [th(PLAN_LABELS.to), { text: String(plan.period.to), value: plan.period.to }, { text: fyColumn(plan.period.to), colspan: 3 }],
      [th(PLAN_LABELS.levels), ...plan.levels, ...Array(Math.max(0, 4 - plan.levels.length)).fill('')],
    ]),
    gap,
    line('年度は西暦（2022）で書きます。階層の名称は上の階層から順に、最後が取組事項の階層です。'),
  ];
}

function itemListSheet(plan: PlanWorkbookInput): WorkbookPart[] {
  const groupLevels = plan.levels.slice(0, -1);
  const codeOf = (path: string[], depth: number): string => {
    let groups = plan.groups;
    let found: PlanGroup | undefined;
    for (let d = 0; d <= depth; d++) {
      found = groups.find((g) => g.title === path[d]);
      groups = found?.groups ?? [];
    }
    return found?.code ?? '';
  };
  const head = [...groupLevels.flatMap((level) => [th(PLAN_LABELS.code(level)), th(level)]), th(PLAN_LABELS.itemId), th(PLAN_LABELS.label), th(PLAN_LABELS.itemTitle), th(PLAN_LABELS.departments)];
  const rows = plan.items.map((item) => [...groupLevels.flatMap((_, d) => [codeOf(item.path, d), item.path[d] ?? '']), item.id, item.label, item.title, item.departments.join('、')]);
  return [line(`${plan.title} ${plan.levels[plan.levels.length - 1] ?? '取組事項'}一覧`, { bold: true, size: 12 }), grid([head, ...rows]), gap, line('担当課が複数のときは「、」で区切ります。各取組事項の内容は、管理番号を名前にしたシートに書きます。')];
}

function itemSheet(plan: PlanWorkbookInput, item: PlanItem, years: number[]): WorkbookPart[] {
  const width = 2 + years.length;
  const text = (label: string, v: string | undefined): Cell[] => [th(label), { text: v ?? '', colspan: width - 1 }];
  const indicators = plan.indicators.filter((i) => i.itemId === item.id);
  return [
    grid([[th(PLAN_LABELS.itemId), { text: item.id, colspan: width - 1 }], text(PLAN_LABELS.situation, item.situation), text(PLAN_LABELS.content, item.content), text(PLAN_LABELS.effect, item.effect)]),
    gap,
    grid([[th(PLAN_LABELS.activities), ...years.map((y) => th(fyColumn(y)))], ...item.activities.map((a) => [a.name, ...years.map((y) => a.schedule[String(y)] ?? '')])]),
    gap,
    grid([[th(PLAN_LABELS.glossary), th(PLAN_LABELS.description, { colspan: width - 1 })], ...(item.glossary ?? []).map((g) => [g.term, { text: g.description, colspan: width - 1 }])]),
    gap,
    grid(indicatorRows(indicators, years, false)),
  ];
}

function indicatorRows(indicators: PlanWorkbookInput['indicators'], years: number[], scoped: boolean): Cell[][] {
  const L = PLAN_LABELS;
  return [
    [th(L.indicatorId), ...(scoped ? [th(L.scope)] : []), th(L.indicatorName), th(L.unit), th(L.direction), th(L.baseline), th(L.target), th(L.targetNote), ...years.map((y) => th(fyColumn(y)))],
    ...indicators.map((ind) => [
      ind.id,
      ...(scoped ? [ind.group ?? ''] : []),
      ind.name,
      ind.unit,
      DIRECTION_WORDS[ind.direction],
      value(ind.baseline),
      value(ind.target),
      ind.targetNote ?? '',
      ...years.map((y) => value(ind.targets?.[String(y)])),
    ]),
  ];
}

function planIndicatorSheet(indicators: PlanWorkbookInput['indicators'], years: number[]): WorkbookPart[] {
  return [line('計画全体の数値目標（対象が空欄のものは計画全体、基本方針の名前があるものはその基本方針の指標）', { bold: true }), grid(indicatorRows(indicators, years, true))];
}
