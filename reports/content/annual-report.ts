/** The annual 進行管理報告書 of one fiscal year, as JSON: the plan's items with this year's sheets and the ratings so far. */
import type { CycleDoc, SheetDoc } from '../../projections/plan-workflow.projection';
import { REPORT_FIELD_LABELS } from '../../events/vocabulary';
import { editionLabel } from '../format/labels';
import type { Rating } from '../../events/vocabulary';
import { fiscalYears } from '../format/wareki';
import type { AnnualReport, ReportCorrectionView, SheetView } from '../report.types';
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
    ...(cycle && cycle.publications.length > 1 ? { corrections: correctionsOf(snapshot, cycle.publications.slice(1)) } : {}),
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

/** 訂正箇所 of each edition after the first: the places its correction named, by item label and title. */
function correctionsOf(snapshot: PlanSnapshot, editions: CycleDoc['publications']): ReportCorrectionView[] {
  const items = new Map(snapshot.plan.items.map((i) => [i.id, i]));
  const indicators = new Map(snapshot.plan.indicators.map((i) => [i.id, i]));
  return editions.map((e) => ({
    revision: e.revision,
    edition: editionLabel(e.revision),
    at: e.at,
    reason: e.reason ?? '',
    places: [
      ...(e.corrections ?? []).flatMap((c) => {
        const item = items.get(c.itemId);
        const where = { itemId: c.itemId, label: item?.label ?? c.itemId, title: item?.title ?? '' };
        const fields = [...Object.keys(c.changes ?? {}), ...Object.keys(c.texts ?? {})];
        return fields.map((field) => ({ ...where, field, fieldLabel: REPORT_FIELD_LABELS[field] ?? field }));
      }),
      ...Object.keys(e.indicatorActuals ?? {}).map((id) => ({ indicatorId: id, title: indicators.get(id)?.name ?? id, field: 'actual', fieldLabel: '指標の実績' })),
    ],
  }));
}

function sheetView(sheet: SheetDoc) {
  const { kind: _k, planId: _p, fiscalYear: _f, itemId: _i, actuals: _a, submissions: _s, history: _h, lastSavedAt: _ls, lastSavedBy: _lb, revision: _r, submittedContent: _sc, previousSubmittedContent: _psc, ...view } = sheet;
  return view;
}
