/**
 * The shapes of the plan commands' fields: names, the period, levels, ids, departments, directions,
 * schedules and targets keyed by fiscal years of the period. The HTTP bodies' DTOs (plan.dto.ts)
 * check most of them at the edge; the plan decider checks them again for every other caller
 * (imports, scripts), so nothing ill-formed is ever stored.
 */
import type { IndicatorValue, PlanActivity, PlanGroup, PlanIndicatorChanges, PlanItemChanges, PlanPeriod } from '../../events/plan.events';
import { INDICATOR_DIRECTIONS, type IndicatorDirection } from '../../events/vocabulary';
import { InvalidCommandError } from '../../src/domain/errors';
import { isNumberOrText, isText, requireText } from '../shared/guards';

/** A 4-digit fiscal year. */
export function isFiscalYear(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999;
}

/** True when `fy` (number or "2023") is a fiscal year inside the period. */
export function isInPeriod(fy: number | string, period: PlanPeriod): boolean {
  const n = typeof fy === 'number' ? fy : /^\d{4}$/.test(fy) ? Number(fy) : NaN;
  return isFiscalYear(n) && n >= period.from && n <= period.to;
}

export function validatePlanDraft(draft: { municipality: unknown; title: unknown; period: PlanPeriod | undefined; levels: unknown }): void {
  requireText(draft.municipality, 'municipality', 'municipality (自治体名)', '自治体名');
  requireText(draft.title, 'title', 'title (計画名)', '計画名');
  validatePeriod(draft.period);
  if (!Array.isArray(draft.levels) || draft.levels.length === 0 || draft.levels.some((l) => !isText(l))) {
    throw new InvalidCommandError('levels', 'required', '階層（levels）を1つ以上指定してください（例：["基本方針", "基本施策", "取組事項"]）。', 'levels must name at least one hierarchy level, e.g. ["基本方針", "基本施策", "取組事項"].');
  }
}

function validatePeriod(period: PlanPeriod | undefined): void {
  if (!period || typeof period !== 'object') {
    throw new InvalidCommandError('period', 'required', '計画期間（period：from と to の年度、例 2022〜2026）を指定してください。', 'period {from, to} (fiscal years, e.g. 2022..2026) is required.');
  }
  if (!isFiscalYear(period.from)) throw new InvalidCommandError('period.from', 'fiscalYear', `計画期間の開始年度は西暦4桁の年度で指定してください（例：2022）。指定された値：${JSON.stringify(period.from)}`, `period.from must be a 4-digit fiscal year (e.g. 2022), got ${JSON.stringify(period.from)}.`);
  if (!isFiscalYear(period.to)) throw new InvalidCommandError('period.to', 'fiscalYear', `計画期間の終了年度は西暦4桁の年度で指定してください（例：2026）。指定された値：${JSON.stringify(period.to)}`, `period.to must be a 4-digit fiscal year (e.g. 2026), got ${JSON.stringify(period.to)}.`);
  if (period.from > period.to) {
    throw new InvalidCommandError('period', 'order', `計画期間の開始年度（${period.from}）が終了年度（${period.to}）より後になっています。`, `period.from (${period.from}) must not be after period.to (${period.to}).`);
  }
}

/** Ids are URL-safe: they are path segments of the API ("3-1"). */
export function validateItemId(id: unknown): asserts id is string {
  if (!isText(id) || !/^[A-Za-z0-9_.-]+$/.test(id)) {
    throw new InvalidCommandError('id', 'urlSafe', '取組事項のIDを、英数字と「-」「_」「.」で指定してください（例："3-1"）。', 'Item id is required and must be URL-safe (letters, digits, "-", "_", "."), e.g. "3-1".');
  }
}

export function validateItem(item: { title: unknown; departments: unknown; activities: unknown }, period: PlanPeriod): void {
  requireText(item.title, 'title', 'item title (取組事項名)', '取組事項名');
  validateDepartments(item.departments, 'departments');
  validateActivities(item.activities, period, 'activities');
}

export function validateItemChanges(changes: PlanItemChanges, period: PlanPeriod): void {
  requireChanges(changes, 'item');
  if (changes.title !== undefined) requireText(changes.title, 'changes.title', 'item title', '取組事項名');
  if (changes.label !== undefined) requireText(changes.label, 'changes.label', 'item label', '取組事項の番号');
  if (changes.departments !== undefined) validateDepartments(changes.departments, 'changes.departments');
  if (changes.activities !== undefined) validateActivities(changes.activities, period, 'changes.activities');
}

export function validateIndicatorId(id: unknown): asserts id is string {
  if (!isText(id)) throw new InvalidCommandError('id', 'required', '指標のIDを指定してください。', 'Indicator id is required.');
}

/** Name, unit and direction; the targets are checked against the period with validateTargets. */
export function validateIndicator(indicator: { name: unknown; unit: unknown; direction: unknown }): void {
  requireText(indicator.name, 'name', 'indicator name (指標名)', '指標名');
  if (typeof indicator.unit !== 'string') throw new InvalidCommandError('unit', 'required', '指標の単位を指定してください（例："%"、"円"、"人"）。', 'Indicator unit is required (e.g. "%", "円", "人").');
  validateDirection(indicator.direction, 'direction');
}

/** Name and direction; changed targets are checked against the period with validateTargets. */
export function validateIndicatorChanges(changes: PlanIndicatorChanges): void {
  requireChanges(changes, 'indicator');
  if (changes.name !== undefined) requireText(changes.name, 'changes.name', 'indicator name', '指標名');
  if (changes.direction !== undefined) validateDirection(changes.direction, 'changes.direction');
}

/** A revision says why: the reason is shown in the plan's history. */
export function validateReason(reason: unknown): asserts reason is string {
  if (!isText(reason)) throw new InvalidCommandError('reason', 'required', '改訂理由を入力してください（計画の履歴に表示されます）。', 'A revision needs a reason (改訂理由); it is shown in the plan history.');
}

function requireChanges(changes: object, what: 'item' | 'indicator'): void {
  if (Object.keys(changes).length === 0) throw new InvalidCommandError('changes', 'required', `${what === 'item' ? '取組事項' : '指標'}の改訂では、少なくとも1つの項目を変更してください。`, `A revision must change at least one field of the ${what}.`);
}

function validateDepartments(departments: unknown, field: string): void {
  if (!Array.isArray(departments) || departments.length === 0 || departments.some((d) => !isText(d))) {
    throw new InvalidCommandError(field, 'required', '担当課を1つ以上指定してください（例：["総務課"]）。', 'An item needs at least one responsible department (担当課), e.g. ["総務課"].');
  }
}

function validateDirection(direction: unknown, field: string): void {
  if (!INDICATOR_DIRECTIONS.includes(direction as IndicatorDirection)) {
    throw new InvalidCommandError(field, 'enum', `指標の向き（direction）は "higher"（以上）か "lower"（以下）で指定してください。指定された値：${JSON.stringify(direction)}`, `direction must be "higher" or "lower" (以下), got ${JSON.stringify(direction)}.`);
  }
}

function validateActivities(activities: unknown, period: PlanPeriod, field: string): void {
  if (!Array.isArray(activities)) throw new InvalidCommandError(field, 'array', `具体的な取組（${field}）は {name, schedule} の一覧で指定してください。`, `${field} must be a list of {name, schedule}.`);
  activities.forEach((a: PlanActivity, i) => {
    requireText(a?.name, `${field}[${i}].name`, 'activity name (具体的な取組)', '具体的な取組の名前');
    for (const fy of Object.keys(a.schedule ?? {})) {
      if (!isInPeriod(fy, period)) {
        throw new InvalidCommandError(`${field}[${i}].schedule.${fy}`, 'fiscalYearInPeriod', `工程の年度「${fy}」は計画期間（${period.from}〜${period.to}年度）の年度ではありません。`, `Schedule key "${fy}" is not a fiscal year of the plan period ${period.from}–${period.to}.`);
      }
    }
  });
}

/** Targets keyed by fiscal years of the period, each a number or a text. */
export function validateTargets(targets: Record<string, IndicatorValue>, period: PlanPeriod, field: string): void {
  for (const [fy, value] of Object.entries(targets)) {
    if (!isInPeriod(fy, period)) {
      throw new InvalidCommandError(`${field}.${fy}`, 'fiscalYearInPeriod', `目標の年度「${fy}」は計画期間（${period.from}〜${period.to}年度）の年度ではありません。`, `Target year "${fy}" is not a fiscal year of the plan period ${period.from}–${period.to}.`);
    }
    if (!isNumberOrText(value)) throw new InvalidCommandError(`${field}.${fy}`, 'value', `${fy}年度の目標は数値か文字で指定してください。`, `Target for ${fy} must be a number or a text.`);
  }
}

/** Longest group code ("【12】", "ア", "(1)"). */
export const MAX_GROUP_CODE = 20;

/**
 * The group registry: a tree no deeper than the levels above the items (levels minus the item level),
 * each group with a title, an optional short code, titles and codes unique among its siblings.
 */
export function validateGroups(groups: unknown, levels: string[], field: string, depth = 0): asserts groups is PlanGroup[] {
  const maxDepth = Math.max(0, levels.length - 1);
  if (!Array.isArray(groups)) throw new InvalidCommandError(field, 'array', `階層のグループ（${field}）は {code?, title, groups?} の一覧で指定してください。`, `${field} must be a list of groups {code?, title, groups?}.`);
  if (groups.length > 0 && depth >= maxDepth) {
    throw new InvalidCommandError(field, 'depth', `${field}：この計画の取組事項より上の階層は${maxDepth}つ（${levels.slice(0, -1).join('、') || 'なし'}）です。それより深いグループは作れません。`, `${field}: the plan has ${maxDepth} level(s) above its items (${levels.slice(0, -1).join(', ') || 'none'}); groups cannot go deeper.`);
  }
  const titles = new Set<string>();
  const codes = new Set<string>();
  groups.forEach((group: PlanGroup, i) => {
    const at = `${field}[${i}]`;
    if (!group || typeof group !== 'object') throw new InvalidCommandError(at, 'object', `${at} はグループ {code?, title, groups?} で指定してください。`, `${at} must be a group {code?, title, groups?}.`);
    requireText(group.title, `${at}.title`, `group title (${levels[depth] ?? 'group'})`, `${levels[depth] ?? 'グループ'}の名前`);
    if (titles.has(group.title.trim())) throw new InvalidCommandError(`${at}.title`, 'unique', `同じ階層に「${group.title}」が2回あります（${at}.title）。`, `${at}.title "${group.title}" is given twice at the same level.`);
    titles.add(group.title.trim());
    if (group.code !== undefined) {
      if (typeof group.code !== 'string' || group.code.trim().length > MAX_GROUP_CODE) {
        throw new InvalidCommandError(`${at}.code`, 'maxLength', `番号（${at}.code）は${MAX_GROUP_CODE}文字以内の文字で指定してください（例："【1】"、"ア"）。`, `${at}.code must be a text of at most ${MAX_GROUP_CODE} characters, e.g. "【1】" or "ア".`);
      }
      const code = group.code.trim();
      if (code && codes.has(code)) throw new InvalidCommandError(`${at}.code`, 'unique', `同じ階層に番号「${code}」が2回あります（${at}.code）。`, `${at}.code "${code}" is given twice at the same level.`);
      if (code) codes.add(code);
    }
    if (group.groups !== undefined) validateGroups(group.groups, levels, `${at}.groups`, depth + 1);
  });
}
