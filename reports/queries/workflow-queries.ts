/**
 * The read routes a screen needs: the plans a caller may see, a plan's cycles, one cycle with its
 * sheets' states and counts, one sheet with its history, last year's sheet and the changes since its
 * last submission — each with what this caller may do next (`allowed`). Over the plan-workflow read
 * model (current), or a fold of the log up to `asOf`.
 */
import type { Actor } from '../../events/event';
import type { PlanIndicator, PlanItem } from '../../events/plan.events';
import type { SheetContent } from '../../events/sheet.events';
import { CYCLE_STATUS_LABELS, PLAN_STATUS_LABELS, RESOLUTION_LABELS, SHEET_STATUS_LABELS, type CycleStatus, type SheetStatus } from '../../events/vocabulary';
import { ForbiddenActionError, NotFoundError } from '../../src/domain/errors';
import { allowedCycleActions, allowedSheetActions } from './allowed-actions';
import { requiredFields, type SheetRuleFacts } from '../../modules/cycles/sheet-rules.validation';
import { hasTarget, isRatingMismatch, suggestAchievement, targetInForce, yearTarget, type RatedIndicator } from '../../modules/cycles/sheet-rules.validation';
import { inForce, settingsOf } from '../../modules/plans/plan-settings.validation';
import { planDirectoryProjection } from '../../projections/plan-directory.projection';
import { emptySheet, sheetContentOf, type CycleDoc, type PlanDoc, type SheetDoc } from '../../projections/plan-workflow.projection';
import { sheetKey, type PlanSnapshot } from '../content/plan-snapshot';
import { fyLong } from '../format/wareki';
import type { ReportReader } from './report-reader';

export const HISTORY_LABELS: Readonly<Record<string, string>> = {
  SheetSaved: '保存',
  SheetSubmitted: '提出',
  SheetReturned: '差戻し',
  SheetApproved: '承認',
  SheetWithdrawn: '提出の取下げ',
  SheetReopened: '承認の取消し（再開）',
  SheetOverdue: '提出期限超過',
  ReportRevised: '訂正',
};

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  progress: '進捗状況',
  achievement: '達成状況',
  implementation: '実施状況',
  activities: '取組実績',
  effects: '取組効果',
  'reasons.progress': '進捗状況の理由',
  'reasons.achievement': '達成状況の要因',
  'measures.progress': '改善に向けた方策',
  'measures.achievement': '達成に向けた方策',
  'nextYear.issues': '次年度の課題',
  'nextYear.plan': '次年度の取組内容',
};

const SIGNED_IN_ROLES: readonly Actor['role'][] = ['secretariat', 'admin', 'council', 'department'];
/** The council reads sheets once the report is put to it. */
const AT_OR_AFTER_COUNCIL: readonly CycleStatus[] = ['atCouncil', 'concluded', 'sentBack', 'published'];

const ownsItem = (actor: Actor, item: Pick<PlanItem, 'departments'>) => actor.role === 'department' && !!actor.department && item.departments.includes(actor.department);

/** The item's indicators in force that year with the year's target (the facts of the sheet rules and the suggestion). */
export function ratedIndicators(plan: PlanDoc, itemId: string, fy: number): (RatedIndicator & { name: string })[] {
  return plan.indicators
    .filter((i) => i.itemId === itemId && inForce(i, fy))
    .map((i) => {
      const target = yearTarget(i, fy, plan.period.to);
      return { id: i.id, name: i.name, direction: i.direction, ...(target !== undefined ? { target } : {}) };
    });
}

/** The suggested 達成状況 of a sheet and whether its own rating differs. */
export function ratingCheck(plan: PlanDoc, sheet: Pick<SheetDoc, 'itemId' | 'fiscalYear' | 'achievement' | 'actuals'>) {
  const indicators = ratedIndicators(plan, sheet.itemId, sheet.fiscalYear);
  const suggested = suggestAchievement(indicators, sheet.actuals, settingsOf(plan).ratingThresholds);
  return { suggested, mismatch: isRatingMismatch(sheet.achievement, suggested, hasTarget(indicators)) };
}

export function sheetRuleFacts(plan: PlanDoc, itemId: string, fy: number): SheetRuleFacts {
  return { preset: settingsOf(plan).sheetRules, indicators: ratedIndicators(plan, itemId, fy) };
}

/** Field-by-field changes from `before` to `after` (the content last submitted, and the draft now). */
export function contentChanges(before: SheetContent, after: SheetContent, indicatorNames: Record<string, string> = {}): { field: string; label: string; before: unknown; after: unknown }[] {
  const flat = (c: SheetContent): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      progress: c.progress,
      achievement: c.achievement,
      implementation: c.implementation,
      activities: c.activities || undefined,
      effects: c.effects,
      'reasons.progress': c.reasons?.progress,
      'reasons.achievement': c.reasons?.achievement,
      'measures.progress': c.measures?.progress,
      'measures.achievement': c.measures?.achievement,
      'nextYear.issues': c.nextYear?.issues,
      'nextYear.plan': c.nextYear?.plan,
    };
    for (const [id, value] of Object.entries(c.actuals ?? {})) out[`actuals.${id}`] = value;
    return out;
  };
  const a = flat(before);
  const b = flat(after);
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields
    .filter((field) => (a[field] ?? null) !== (b[field] ?? null))
    .map((field) => {
      const id = field.startsWith('actuals.') ? field.slice('actuals.'.length) : undefined;
      const label = id ? `${indicatorNames[id] ?? id}の実績` : FIELD_LABELS[field] ?? field;
      return { field, label, before: a[field] ?? null, after: b[field] ?? null };
    });
}

function countByStatus(sheets: SheetDoc[]): Record<SheetStatus, number> {
  const counts: Record<SheetStatus, number> = { notStarted: 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
  for (const s of sheets) counts[s.status] += 1;
  return counts;
}

export class WorkflowQueries {
  constructor(private readonly reader: ReportReader) {}

  private snapshot(planId: string, asOf?: string): Promise<PlanSnapshot> {
    return asOf ? this.reader.at(planId, { asOf }) : this.reader.current(planId);
  }

  /** Plans the caller may see: signed-in staff all; the public those with a published report. */
  async plans(actor: Actor | undefined) {
    await this.reader.catchUp();
    const entries = (await this.reader.documents(planDirectoryProjection)).sort((a, b) => a.draftedAt.localeCompare(b.draftedAt));
    const plans = [];
    for (const entry of entries) {
      const snapshot = await this.reader.current(entry.planId).catch((error) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (!snapshot) continue;
      const cycles = [...snapshot.cycles.values()].sort((a, b) => a.fiscalYear - b.fiscalYear);
      const visible = actor && SIGNED_IN_ROLES.includes(actor.role) ? cycles : cycles.filter((c) => c.publications.length > 0);
      if (!actor && visible.length === 0) continue;
      const { plan } = snapshot;
      plans.push({
        planId: plan.planId,
        municipality: plan.municipality,
        title: plan.title,
        period: plan.period,
        status: plan.status,
        statusLabel: PLAN_STATUS_LABELS[plan.status],
        cycles: visible.map((c) => ({
          fiscalYear: c.fiscalYear,
          fiscalYearLabel: fyLong(c.fiscalYear),
          status: actor ? c.status : 'published',
          statusLabel: actor ? CYCLE_STATUS_LABELS[c.status] : CYCLE_STATUS_LABELS.published,
        })),
      });
    }
    return plans;
  }

  async cycles(planId: string, query: { asOf?: string } = {}) {
    const snapshot = await this.snapshot(planId, query.asOf);
    return [...snapshot.cycles.values()]
      .sort((a, b) => a.fiscalYear - b.fiscalYear)
      .map((cycle) => ({
        fiscalYear: cycle.fiscalYear,
        fiscalYearLabel: fyLong(cycle.fiscalYear),
        status: cycle.status,
        statusLabel: CYCLE_STATUS_LABELS[cycle.status],
        dueDate: cycle.dueDate,
        counts: countByStatus(this.sheetsOf(snapshot, cycle)),
      }));
  }

  private cycleOf(snapshot: PlanSnapshot, fy: number): CycleDoc {
    const cycle = snapshot.cycles.get(fy);
    if (!cycle) throw new NotFoundError('cycle', String(fy), `No annual cycle for fiscal year ${fy} of plan ${snapshot.plan.planId}`);
    return cycle;
  }

  private sheetsOf(snapshot: PlanSnapshot, cycle: CycleDoc): SheetDoc[] {
    return cycle.itemIds.map((id) => snapshot.sheets.get(sheetKey(cycle.fiscalYear, id)) ?? emptySheet(cycle.planId, cycle.fiscalYear, id));
  }

  async cycle(planId: string, fy: number, actor: Actor, query: { asOf?: string } = {}) {
    const snapshot = await this.snapshot(planId, query.asOf);
    const cycle = this.cycleOf(snapshot, fy);
    const { plan } = snapshot;
    const items = new Map(plan.items.map((i) => [i.id, i]));
    const sheets = this.sheetsOf(snapshot, cycle);
    const byDepartment: Record<string, Record<SheetStatus, number>> = {};
    for (const sheet of sheets) {
      for (const department of items.get(sheet.itemId)?.departments ?? []) {
        byDepartment[department] ??= countByStatus([]);
        byDepartment[department][sheet.status] += 1;
      }
    }
    const visible = actor.role === 'department' ? sheets.filter((s) => items.has(s.itemId) && ownsItem(actor, items.get(s.itemId)!)) : sheets;
    const pending = sheets.filter((s) => s.status !== 'approved').length;
    const council = cycle.council;
    return {
      planId,
      fiscalYear: fy,
      fiscalYearLabel: fyLong(fy),
      status: cycle.status,
      statusLabel: CYCLE_STATUS_LABELS[cycle.status],
      dueDate: cycle.dueDate,
      overdue: sheets.filter((s) => s.overdue && s.status !== 'submitted' && s.status !== 'approved').length,
      counts: { byStatus: countByStatus(sheets), byDepartment },
      sheets: visible.map((sheet) => {
        const item = items.get(sheet.itemId);
        return {
          itemId: sheet.itemId,
          label: item?.label ?? sheet.itemId,
          title: item?.title ?? '',
          departments: item?.departments ?? [],
          status: sheet.status,
          statusLabel: SHEET_STATUS_LABELS[sheet.status],
          overdue: sheet.overdue,
          ...(sheet.submittedAt ? { submittedAt: sheet.submittedAt } : {}),
          ...(sheet.approvedAt ? { approvedAt: sheet.approvedAt } : {}),
          ...(waitingSince(sheet) ? { waitingSince: waitingSince(sheet) } : {}),
          ratingMismatch: ratingCheck(plan, sheet).mismatch,
        };
      }),
      ...(council
        ? {
            council: {
              meetingName: council.meetingName,
              meetingDate: council.meetingDate,
              opinions: council.opinions,
              ...(council.resolution ? { resolution: council.resolution, resolutionLabel: RESOLUTION_LABELS[council.resolution] } : {}),
            },
          }
        : {}),
      publications: cycle.publications.map((p) => ({ revision: p.revision, at: p.at, ...(p.reason ? { reason: p.reason } : {}) })),
      allowed: query.asOf ? [] : allowedCycleActions(actor, cycle.status, pending),
    };
  }

  /** One sheet; 403 for a department not on the item, and for the council before the report is put to it. */
  async sheet(planId: string, fy: number, itemId: string, actor: Actor, query: { asOf?: string } = {}) {
    const snapshot = await this.snapshot(planId, query.asOf);
    const { plan } = snapshot;
    const item = plan.items.find((i) => i.id === itemId);
    if (!item) throw new NotFoundError('item', itemId, `Item ${itemId} is not in plan ${planId}`);
    if (actor.role === 'department' && !ownsItem(actor, item)) {
      throw new ForbiddenActionError(`${actor.department ?? 'This department'} is not a responsible department (担当課) of item ${item.label}; its sheet belongs to ${item.departments.join('、')}.`);
    }
    const cycle = this.cycleOf(snapshot, fy);
    if (actor.role === 'council' && !AT_OR_AFTER_COUNCIL.includes(cycle.status)) {
      throw new ForbiddenActionError('The council reads the sheets once the report is put to the council (審議会へ付議).');
    }
    const sheet = snapshot.sheets.get(sheetKey(fy, itemId)) ?? emptySheet(planId, fy, itemId);
    const draft = sheetContentOf(sheet);
    const indicators = plan.indicators.filter((i) => i.itemId === itemId && inForce(i, fy));
    const names = Object.fromEntries(indicators.map((i) => [i.id, i.name]));
    const previous = snapshot.sheets.get(sheetKey(fy - 1, itemId));
    const check = ratingCheck(plan, sheet);
    return {
      planId,
      fiscalYear: fy,
      fiscalYearLabel: fyLong(fy),
      item: {
        id: item.id,
        label: item.label,
        title: item.title,
        departments: item.departments,
        path: item.path,
        activities: item.activities,
        indicators: indicators.map((i) => indicatorOf(snapshot, i, fy)),
      },
      status: sheet.status,
      statusLabel: SHEET_STATUS_LABELS[sheet.status],
      revision: sheet.revision,
      draft: sheet.status === 'notStarted' ? {} : draft,
      history: sheet.history.map((h) => ({ type: h.type, label: HISTORY_LABELS[h.type] ?? h.type, at: h.at, by: h.by, ...(h.comment ? { comment: h.comment } : {}) })),
      returns: sheet.returns.map((r) => ({ comment: r.comment, by: r.by, at: r.at })),
      ...(previous ? { previousYear: { fiscalYear: fy - 1, fiscalYearLabel: fyLong(fy - 1), status: previous.status, content: sheetContentOf(previous) } } : {}),
      // The reviewer's "since last year" reads the same field-by-field comparison as "since the last submission".
      ...(previous ? { changesSincePreviousYear: contentChanges(sheetContentOf(previous), draft, names) } : {}),
      changesSinceSubmission: changesSinceSubmission(sheet, draft, names),
      ...(check.suggested !== undefined ? { suggestedAchievement: check.suggested } : {}),
      ratingMismatch: check.mismatch,
      rules: { required: requiredFields(draft, sheetRuleFacts(plan, itemId, fy)) },
      allowed: query.asOf ? [] : allowedSheetActions(actor, item.departments, sheet.status, cycle.status),
    };
  }
}

/**
 * What the reviewer needs to see changed: while a draft or a returned sheet is being worked on, the
 * draft against its last submission; once it is submitted again (or approved), that submission against
 * the one before it — what the department changed after a return.
 */
function changesSinceSubmission(sheet: SheetDoc, draft: SheetContent, names: Parameters<typeof contentChanges>[2]) {
  const resubmitted = sheet.status === 'submitted' || sheet.status === 'approved';
  const before = resubmitted ? sheet.previousSubmittedContent : sheet.submittedContent;
  return before ? contentChanges(before, draft, names) : [];
}

/** Since when the sheet waits for someone: the secretariat (submitted) or the department (returned). */
function waitingSince(sheet: SheetDoc): string | undefined {
  if (sheet.status === 'submitted') return sheet.submittedAt;
  if (sheet.status === 'returned') return [...sheet.history].reverse().find((h) => h.type === 'SheetReturned' || h.type === 'SheetReopened')?.at;
  return undefined;
}

/** An item's indicator on its sheet: the target in force that year, and the earlier years' approved or published actuals. */
function indicatorOf(snapshot: PlanSnapshot, indicator: PlanIndicator, fy: number) {
  const actuals: Record<string, number | string> = {};
  for (let year = snapshot.plan.period.from; year < fy; year++) {
    const sheet = snapshot.sheets.get(sheetKey(year, indicator.itemId!));
    const value = sheet?.status === 'approved' ? sheet.actuals[indicator.id] : undefined;
    if (value !== undefined && value !== '') actuals[String(year)] = value;
  }
  const target = targetInForce(indicator, fy);
  return {
    id: indicator.id,
    name: indicator.name,
    unit: indicator.unit,
    direction: indicator.direction,
    ...(indicator.baseline !== undefined ? { baseline: indicator.baseline } : {}),
    ...(target !== undefined ? { target } : {}),
    targets: { ...indicator.targets },
    actuals,
  };
}
