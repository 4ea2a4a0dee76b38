/**
 * Reads a plan workbook (reports/documents/plan.workbook.ts describes its shape) into the commands the
 * plan API takes, in the order it takes them: DraftPlan (with the group registry), AddItem per row of
 * the 取組事項一覧, DefineIndicator per indicator row. Each command remembers the cells its fields came
 * from, so a refusal found later (by the DTO rules or the plan decider) names its cell. Sections are
 * found by their labels, not by fixed addresses, so the secretariat may add rows and activities.
 */
import type ExcelJS from 'exceljs';
import type { IndicatorValue, PlanGroup } from '../../events/plan.events';
import { INDICATOR_DIRECTIONS, type IndicatorDirection } from '../../events/vocabulary';
import { DIRECTION_WORDS, ITEM_LIST_SHEET, PLAN_INDICATOR_SHEET, PLAN_LABELS as L, PLAN_SHEET } from '../../reports/documents/plan.workbook';
import { readingText, readValue, type CellReading } from '../../src/workbook/safe-workbook';
import { cellError, type WorkbookCellError } from '../../src/workbook/workbook-errors';
import type { PlanAction } from './plan.decider';

export interface ParsedPlanCommand {
  action: PlanAction;
  sheet: string;
  /** Field of the command (as the DTO and the decider name it: "title", "targets.2023") → cell address. */
  cells: Record<string, string>;
  /** The cell a refusal of the command as a whole is named by. */
  at: string;
}

export interface ParsedPlanWorkbook {
  commands: ParsedPlanCommand[];
  errors: WorkbookCellError[];
}

const addr = (ws: ExcelJS.Worksheet, row: number, col: number) => ws.getCell(row, col).address;

function reading(ws: ExcelJS.Worksheet, row: number, col: number): CellReading {
  const cell = ws.getCell(row, col);
  // A merged cell reads as its master's value everywhere; only the master counts.
  if (cell.isMerged && cell.master.address !== cell.address) return { kind: 'empty' };
  return readValue(cell.value, cell.numFmt);
}

/** The cell as a text (numbers as written), '' when empty. Errors and formulas without results are reported. */
function text(ws: ExcelJS.Worksheet, row: number, col: number, errors: WorkbookCellError[]): string {
  const r = reading(ws, row, col);
  if (r.kind === 'error') errors.push(cellError(ws.name, addr(ws, row, col), 'cellError', `セルがエラー値（${r.text}）です。値を入力してください。`));
  if (r.kind === 'formulaWithoutResult') errors.push(cellError(ws.name, addr(ws, row, col), 'formula', '数式の結果が保存されていません。数式ではなく値を入力してください。'));
  return r.kind === 'date' ? r.value.toISOString().slice(0, 10) : (readingText(r) ?? '');
}

/** A target or baseline: a number (also one typed as text, "1,234"), else the text as it is; undefined when blank. */
function indicatorValue(ws: ExcelJS.Worksheet, row: number, col: number, errors: WorkbookCellError[]): IndicatorValue | undefined {
  const r = reading(ws, row, col);
  if (r.kind === 'number') return r.value;
  const t = text(ws, row, col, errors).trim();
  if (!t || t === '-' || t === '－') return undefined;
  const folded = t.normalize('NFKC').replace(/,/g, '');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(folded) ? Number(folded) : t;
}

/** 2022, "2022年度", "R4", "R４年度", "令和4年度", "令和元年度" → 2022…; undefined otherwise. */
export function parseFiscalYear(raw: string): number | undefined {
  const t = raw.normalize('NFKC').replace(/\s/g, '');
  const western = /^(\d{4})(年度)?$/.exec(t);
  if (western) return Number(western[1]);
  const reiwa = /^(?:R|令和)(\d{1,2}|元)(年度)?$/.exec(t);
  if (reiwa) return 2018 + (reiwa[1] === '元' ? 1 : Number(reiwa[1]));
  return undefined;
}

/** The row in column A holding `label` (first match), or undefined. */
function findRow(ws: ExcelJS.Worksheet, label: string, errors: WorkbookCellError[], from = 1): number | undefined {
  for (let r = from; r <= ws.rowCount; r++) if (text(ws, r, 1, errors).trim() === label) return r;
  return undefined;
}

/** Header texts of a row, by column. */
function headers(ws: ExcelJS.Worksheet, row: number, errors: WorkbookCellError[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let c = 1; c <= ws.columnCount; c++) {
    const h = text(ws, row, c, errors).trim();
    if (h && !map.has(h)) map.set(h, c);
  }
  return map;
}

/** Columns of a header row that name fiscal years: year → column. */
function yearColumns(ws: ExcelJS.Worksheet, row: number, from: number, errors: WorkbookCellError[]): Map<number, number> {
  const years = new Map<number, number>();
  for (let c = from; c <= ws.columnCount; c++) {
    const fy = parseFiscalYear(text(ws, row, c, errors));
    if (fy !== undefined) years.set(fy, c);
  }
  return years;
}

const splitDepartments = (raw: string) => raw.split(/[、,，\n]/).map((d) => d.trim()).filter(Boolean);

export function parsePlanWorkbook(wb: ExcelJS.Workbook): ParsedPlanWorkbook {
  const errors: WorkbookCellError[] = [];
  const commands: ParsedPlanCommand[] = [];
  const planSheet = wb.getWorksheet(PLAN_SHEET);
  const listSheet = wb.getWorksheet(ITEM_LIST_SHEET);
  if (!planSheet || !listSheet) {
    const missing = [PLAN_SHEET, ITEM_LIST_SHEET].filter((n) => !wb.getWorksheet(n));
    return { commands, errors: [cellError(undefined, undefined, 'sheetMissing', `計画のブックにはシート「${missing.join('」「')}」が必要です（examples/tamana/plan.xlsx が見本です）。`)] };
  }

  // ── 計画 ──
  const value = (label: string): { text: string; at: string; row?: number } => {
    const row = findRow(planSheet, label, errors);
    if (row === undefined) {
      errors.push(cellError(PLAN_SHEET, undefined, 'labelMissing', `A 列に「${label}」の行がありません。`));
      return { text: '', at: 'A1' };
    }
    return { text: text(planSheet, row, 2, errors).trim(), at: addr(planSheet, row, 2), row };
  };
  const municipality = value(L.municipality);
  const title = value(L.title);
  const from = value(L.from);
  const to = value(L.to);
  const levelsRow = value(L.levels);
  const period = { from: parseFiscalYear(from.text), to: parseFiscalYear(to.text) };
  if (from.row && period.from === undefined) errors.push(cellError(PLAN_SHEET, from.at, 'fiscalYear', '計画期間の開始年度を 2022 や R4 のように書いてください。'));
  if (to.row && period.to === undefined) errors.push(cellError(PLAN_SHEET, to.at, 'fiscalYear', '計画期間の終了年度を 2026 や R8 のように書いてください。'));
  const levels: string[] = [];
  if (levelsRow.row) for (let c = 2; c <= planSheet.columnCount; c++) {
    const level = text(planSheet, levelsRow.row, c, errors).trim();
    if (level) levels.push(level);
  }
  if (levelsRow.row && levels.length === 0) errors.push(cellError(PLAN_SHEET, levelsRow.at, 'required', '階層の名称（例：基本方針、基本施策、取組事項）を B 列から順に書いてください。'));
  const groupLevels = levels.slice(0, -1);

  // ── 取組事項一覧 ──
  const headRow = findRowAnywhere(listSheet, L.itemId, errors);
  const groups: PlanGroup[] = [];
  const items: { id: string; row: number }[] = [];
  const itemActions: ParsedPlanCommand[] = [];
  if (headRow === undefined) {
    errors.push(cellError(ITEM_LIST_SHEET, undefined, 'labelMissing', `見出しの行（「${L.itemId}」「${L.label}」「${L.itemTitle}」「${L.departments}」）がありません。`));
  } else {
    const cols = headers(listSheet, headRow, errors);
    const col = (name: string) => cols.get(name);
    for (const name of [L.itemId, L.itemTitle, L.departments, ...groupLevels]) {
      if (col(name) === undefined) errors.push(cellError(ITEM_LIST_SHEET, addr(listSheet, headRow, 1), 'labelMissing', `見出し「${name}」の列がありません。`));
    }
    for (let r = headRow + 1; r <= listSheet.rowCount; r++) {
      const idCol = col(L.itemId);
      if (idCol === undefined) break;
      const id = text(listSheet, r, idCol, errors).trim();
      const rowTitle = col(L.itemTitle) ? text(listSheet, r, col(L.itemTitle)!, errors).trim() : '';
      if (!id && !rowTitle) continue;
      if (!id) {
        errors.push(cellError(ITEM_LIST_SHEET, addr(listSheet, r, idCol), 'required', '取組事項ID（例：1、3-1）を入力してください。'));
        continue;
      }
      const path: string[] = [];
      let siblings = groups;
      groupLevels.forEach((level) => {
        const c = col(level);
        const groupTitle = c ? text(listSheet, r, c, errors).trim() : '';
        const codeCol = col(L.code(level));
        const code = codeCol ? text(listSheet, r, codeCol, errors).trim() : '';
        if (!groupTitle) return;
        path.push(groupTitle);
        let group = siblings.find((g) => g.title === groupTitle);
        if (!group) siblings.push((group = { ...(code ? { code } : {}), title: groupTitle }));
        else if (code && group.code !== code) errors.push(cellError(ITEM_LIST_SHEET, addr(listSheet, r, codeCol!), 'code', `「${groupTitle}」の番号が上の行（${group.code ?? 'なし'}）と違います。`));
        siblings = group.groups ??= [];
      });
      const cells: Record<string, string> = {
        id: addr(listSheet, r, idCol),
        ...(col(L.label) ? { label: addr(listSheet, r, col(L.label)!) } : {}),
        ...(col(L.itemTitle) ? { title: addr(listSheet, r, col(L.itemTitle)!) } : {}),
        ...(col(L.departments) ? { departments: addr(listSheet, r, col(L.departments)!) } : {}),
        path: addr(listSheet, r, col(groupLevels[0]) ?? idCol),
      };
      const label = col(L.label) ? text(listSheet, r, col(L.label)!, errors).trim() : '';
      const departments = col(L.departments) ? splitDepartments(text(listSheet, r, col(L.departments)!, errors)) : [];
      items.push({ id, row: r });
      itemActions.push({
        action: { type: 'AddItem', item: { id, ...(label ? { label } : {}), title: rowTitle, path, departments, activities: [] } },
        sheet: ITEM_LIST_SHEET,
        cells,
        at: cells.id,
      });
    }
    if (items.length === 0 && col(L.itemId) !== undefined) errors.push(cellError(ITEM_LIST_SHEET, addr(listSheet, headRow, 1), 'required', '取組事項が一件もありません。'));
  }
  const pruned = pruneEmpty(groups);
  commands.push({
    action: { type: 'DraftPlan', municipality: municipality.text, title: title.text, period: { from: period.from ?? NaN, to: period.to ?? NaN }, levels, ...(pruned.length ? { groups: pruned } : {}) },
    sheet: PLAN_SHEET,
    cells: { municipality: municipality.at, title: title.at, period: from.at, 'period.from': from.at, 'period.to': to.at, levels: levelsRow.at, groups: `A1` },
    at: title.at,
  });

  // ── One sheet per item ──
  const itemSheets = new Map<string, ExcelJS.Worksheet>();
  for (const ws of wb.worksheets) {
    if (ws.name === PLAN_SHEET || ws.name === ITEM_LIST_SHEET || ws.name === PLAN_INDICATOR_SHEET) continue;
    const row = findRow(ws, L.itemId, errors);
    if (row === undefined) continue;
    const id = text(ws, row, 2, errors).trim();
    if (!items.some((i) => i.id === id)) {
      errors.push(cellError(ws.name, addr(ws, row, 2), 'unknownItem', `取組事項ID「${id}」は${ITEM_LIST_SHEET}にありません。`));
      continue;
    }
    if (itemSheets.has(id)) errors.push(cellError(ws.name, addr(ws, row, 2), 'duplicateItem', `取組事項ID「${id}」のシートが二つあります（${itemSheets.get(id)!.name}）。`));
    itemSheets.set(id, ws);
  }
  const indicatorActions: ParsedPlanCommand[] = [];
  for (const command of itemActions) {
    const item = (command.action as Extract<PlanAction, { type: 'AddItem' }>).item;
    const ws = itemSheets.get(item.id);
    if (!ws) {
      errors.push(cellError(ITEM_LIST_SHEET, command.at, 'sheetMissing', `取組事項「${item.label ?? item.id}」（ID ${item.id}）のシートがありません（A 列に「${L.itemId}」、B 列に ID を書いたシート）。`));
      continue;
    }
    readItemSheet(ws, command, errors, period);
    indicatorActions.push(...readIndicators(ws, errors, { itemId: item.id }));
  }
  const planIndicators = wb.getWorksheet(PLAN_INDICATOR_SHEET);
  if (planIndicators) indicatorActions.push(...readIndicators(planIndicators, errors, { scoped: true }));
  commands.push(...itemActions, ...indicatorActions);
  return { commands, errors };
}

function findRowAnywhere(ws: ExcelJS.Worksheet, label: string, errors: WorkbookCellError[]): number | undefined {
  for (let r = 1; r <= Math.min(ws.rowCount, 50); r++) for (let c = 1; c <= ws.columnCount; c++) if (text(ws, r, c, errors).trim() === label) return r;
  return undefined;
}

function pruneEmpty(groups: PlanGroup[]): PlanGroup[] {
  return groups.map((g) => ({ ...(g.code ? { code: g.code } : {}), title: g.title, ...(g.groups?.length ? { groups: pruneEmpty(g.groups) } : {}) }));
}

/** 現状・課題, 取組内容, 取組効果, 具体的な取組 with 工程, 用語解説 — into the item's AddItem. */
function readItemSheet(ws: ExcelJS.Worksheet, command: ParsedPlanCommand, errors: WorkbookCellError[], period: { from?: number; to?: number }): void {
  const item = (command.action as Extract<PlanAction, { type: 'AddItem' }>).item;
  command.cells = { ...command.cells };
  for (const [field, label] of [['situation', L.situation], ['content', L.content], ['effect', L.effect]] as const) {
    const row = findRow(ws, label, errors);
    if (row === undefined) continue;
    const v = text(ws, row, 2, errors);
    command.cells[field] = addr(ws, row, 2);
    if (v.trim()) item[field] = v;
  }
  const activitiesRow = findRow(ws, L.activities, errors);
  if (activitiesRow !== undefined) {
    const years = yearColumns(ws, activitiesRow, 2, errors);
    for (const [fy, c] of years) {
      if (period.from !== undefined && period.to !== undefined && (fy < period.from || fy > period.to)) {
        errors.push(cellError(ws.name, addr(ws, activitiesRow, c), 'fiscalYearInPeriod', `${text(ws, activitiesRow, c, errors)}は計画期間の年度ではありません。`));
      }
    }
    for (let r = activitiesRow + 1; r <= ws.rowCount; r++) {
      const name = text(ws, r, 1, errors).trim();
      if (!name) break;
      const schedule: Record<string, string> = {};
      for (const [fy, c] of years) {
        const stage = text(ws, r, c, errors).trim();
        if (stage) schedule[String(fy)] = stage;
      }
      const i = item.activities!.length;
      command.cells[`activities[${i}].name`] = addr(ws, r, 1);
      command.cells[`activities[${i}]`] = addr(ws, r, 1);
      item.activities!.push({ name, schedule });
    }
  }
  const glossaryRow = findRow(ws, L.glossary, errors);
  if (glossaryRow !== undefined) {
    const glossary: { term: string; description: string }[] = [];
    for (let r = glossaryRow + 1; r <= ws.rowCount; r++) {
      const term = text(ws, r, 1, errors).trim();
      if (!term) break;
      const description = text(ws, r, 2, errors);
      if (!description.trim()) errors.push(cellError(ws.name, addr(ws, r, 2), 'required', `用語「${term}」の説明を入力してください。`));
      command.cells[`glossary[${glossary.length}]`] = addr(ws, r, 1);
      glossary.push({ term, description });
    }
    if (glossary.length) item.glossary = glossary;
  }
}

/** The 数値目標 table (header row starting with 指標ID) of an item sheet, or the plan-level sheet. */
function readIndicators(ws: ExcelJS.Worksheet, errors: WorkbookCellError[], scope: { itemId?: string; scoped?: boolean }): ParsedPlanCommand[] {
  const headRow = findRow(ws, L.indicatorId, errors);
  if (headRow === undefined) return [];
  const cols = headers(ws, headRow, errors);
  for (const name of [L.indicatorName, L.unit, L.direction]) {
    if (!cols.has(name)) errors.push(cellError(ws.name, addr(ws, headRow, 1), 'labelMissing', `数値目標の見出し「${name}」の列がありません。`));
  }
  const years = yearColumns(ws, headRow, 2, errors);
  const commands: ParsedPlanCommand[] = [];
  for (let r = headRow + 1; r <= ws.rowCount; r++) {
    const id = text(ws, r, 1, errors).trim();
    if (!id) break;
    const at = (name: string) => (cols.has(name) ? addr(ws, r, cols.get(name)!) : addr(ws, r, 1));
    const get = (name: string) => (cols.has(name) ? text(ws, r, cols.get(name)!, errors).trim() : '');
    const directionText = get(L.direction);
    const direction = directionOf(directionText);
    if (directionText && !direction) errors.push(cellError(ws.name, at(L.direction), 'direction', '方向は「以上」（高いほど良い）か「以下」（低いほど良い）です。'));
    const targets: Record<string, IndicatorValue> = {};
    const cells: Record<string, string> = { id: addr(ws, r, 1), name: at(L.indicatorName), unit: at(L.unit), direction: at(L.direction), baseline: at(L.baseline), target: at(L.target), targetNote: at(L.targetNote), group: at(L.scope), itemId: addr(ws, r, 1) };
    for (const [fy, c] of years) {
      const v = indicatorValue(ws, r, c, errors);
      cells[`targets.${fy}`] = addr(ws, r, c);
      if (v !== undefined) targets[String(fy)] = v;
    }
    const baseline = cols.has(L.baseline) ? indicatorValue(ws, r, cols.get(L.baseline)!, errors) : undefined;
    const target = cols.has(L.target) ? indicatorValue(ws, r, cols.get(L.target)!, errors) : undefined;
    const note = get(L.targetNote);
    const group = scope.scoped ? get(L.scope) : '';
    commands.push({
      action: {
        type: 'DefineIndicator',
        indicator: {
          id,
          name: get(L.indicatorName),
          unit: get(L.unit),
          direction: direction ?? (directionText ? (directionText as IndicatorDirection) : ('' as IndicatorDirection)),
          ...(scope.itemId ? { itemId: scope.itemId } : {}),
          ...(group ? { group } : {}),
          ...(baseline !== undefined ? { baseline } : {}),
          ...(target !== undefined ? { target } : {}),
          ...(note ? { targetNote: note } : {}),
          targets,
        },
      },
      sheet: ws.name,
      cells,
      at: addr(ws, r, 1),
    });
  }
  return commands;
}

function directionOf(raw: string): IndicatorDirection | undefined {
  const t = raw.normalize('NFKC').trim();
  if (INDICATOR_DIRECTIONS.includes(t as IndicatorDirection)) return t as IndicatorDirection;
  if (t === DIRECTION_WORDS.higher || t === '高いほど良い' || t === '↑') return 'higher';
  if (t === DIRECTION_WORDS.lower || t === '低いほど良い' || t === '↓') return 'lower';
  return undefined;
}

/** The cell of a command's field, for a refusal naming `field` ("targets.2030", "departments", "activities[0].schedule.2030"). */
export function cellOfCommandField(command: ParsedPlanCommand, field: string): string {
  const direct = command.cells[field] ?? command.cells[field.replace(/^(item|indicator|changes)\./, '')];
  if (direct) return direct;
  const prefixes = Object.keys(command.cells).filter((k) => field.startsWith(k)).sort((a, b) => b.length - a.length);
  return prefixes.length ? command.cells[prefixes[0]] : command.at;
}
