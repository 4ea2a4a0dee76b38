/** The annual 進行管理報告書 of one fiscal year, as JSON: the plan's items with this year's sheets and the ratings so far. */
import type { SheetDoc } from '../../projections/plan-workflow.projection';
import type { Rating } from '../../events/vocabulary';
import { fiscalYears } from '../format/wareki';
import type { AnnualReport, SheetView } from '../report.types';
import { hierarchyOf } from './hierarchy';
import { indicatorView } from './indicators';
import { sheetKey, type PlanSnapshot } from './plan-snapshot';
import { inForce } from '../../modules/plans/plan-settings.validation';

function ratingsOf(snapshot: PlanSnapshot, itemId: string, from: number, to: number) {
  const ratings: Record<string, { progress: Rating | null; achievement: Rating | null }> = {};
  for (const fy of fiscalYears(from, to)) {
    const sheet = snapshot.sheets.get(sheetKey(fy, itemId));
    ratings[String(fy)] = { progress: sheet?.progress ?? null, achievement: sheet?.achievement ?? null };
  }
  return ratings;
}

export function buildAnnualReport(snapshot: PlanSnapshot, fiscalYear: number): AnnualReport {
  const { plan } = snapshot;
  const cycle = snapshot.cycles.get(fiscalYear);
  const council = cycle?.council;
  const publication = cycle?.publications.length ? cycle.publications[cycle.publications.length - 1] : undefined;
  return {
    planId: plan.planId,
    municipality: plan.municipality,
    title: plan.title,
    period: plan.period,
    levels: plan.levels,
    fiscalYear,
    status: cycle?.status ?? 'none',
    ...(cycle ? { dueDate: cycle.dueDate } : {}),
    ...(council ? { council: { meetingName: council.meetingName, meetingDate: council.meetingDate, opinions: council.opinions, resolution: council.resolution } } : {}),
    ...(publication ? { publication: { revision: publication.revision, publishedAt: publication.at, ...(publication.reason ? { reason: publication.reason } : {}) } } : {}),
    ...(publication ? { issued: { at: publication.at, basis: 'publication' as const } } : cycle?.compiledAt ? { issued: { at: cycle.compiledAt, basis: 'compilation' as const } } : {}),
    indicators: plan.indicators.filter((i) => !i.itemId && inForce(i, fiscalYear)).map((i) => indicatorView(snapshot, i, fiscalYear)),
    items: plan.items.filter((item) => inForce(item, fiscalYear)).map((item) => {
      const sheet = snapshot.sheets.get(sheetKey(fiscalYear, item.id));
      return {
        id: item.id,
        label: item.label,
        title: item.title,
        path: item.path,
        hierarchy: hierarchyOf(plan, item.path),
        departments: item.departments,
        ...(item.situation ? { situation: item.situation } : {}),
        ...(item.content ? { content: item.content } : {}),
        ...(item.effect ? { effect: item.effect } : {}),
        activities: item.activities,
        ...(item.glossary?.length ? { glossary: item.glossary } : {}),
        indicators: plan.indicators.filter((i) => i.itemId === item.id && inForce(i, fiscalYear)).map((i) => indicatorView(snapshot, i, fiscalYear)),
        sheet: sheet ? sheetView(sheet) : null,
        ratings: ratingsOf(snapshot, item.id, plan.period.from, fiscalYear),
      };
    }),
    position: snapshot.position,
  };
}

function sheetView(sheet: SheetDoc) {
  const { kind: _k, planId: _p, fiscalYear: _f, itemId: _i, actuals: _a, submissions: _s, history: _h, lastSavedAt: _ls, lastSavedBy: _lb, revision: _r, submittedContent: _sc, ...view } = sheet;
  return view;
}
