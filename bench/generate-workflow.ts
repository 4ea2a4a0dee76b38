/**
 * Generates a realistic event log of the PDCA workflow with the real payload shapes (events/*.ts), so
 * the real projections fold it: plans of `items` items over `years` fiscal years, each year a full
 * cycle — drafts, submissions, returns (with reminders) and resubmissions, approvals recorded on the
 * cycle, plan-level indicator actuals, the council (opinions, conclusion) and publication.
 *
 * Events come out in a plausible commit order (interleaved across the sheets of a cycle), one at a
 * time, with the stream revision each one gets, so a loader can append them with an exact expected
 * revision. Deterministic for a given seed (except event/correlation UUIDs).
 */
import { mulberry32 } from './prng';
import { randomUUID } from 'node:crypto';
import type { EventMetadata, Actor } from '../events/event';
import { CURRENT_SCHEMA_VERSION } from '../events/upcasters';
import { planStreamId } from '../events/plan.events';
import { cycleStreamId } from '../events/cycle.events';
import { sheetStreamId } from '../events/sheet.events';

export interface GeneratedEvent {
  streamId: string;
  /** 0-based revision of the event in its stream. */
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface GenerateOptions {
  /** Stop after this many events (the last plan may be cut short). */
  maxEvents: number;
  items?: number;
  years?: number;
  firstYear?: number;
  seed?: number;
  /** Plan ids are `${planPrefix}${n}` (zero-padded). */
  planPrefix?: string;
  /** Start numbering plans here. */
  firstPlan?: number;
}

export const DEPARTMENTS = ['総務課', '財政課', '税務課', '企画経営課', '市民課', '福祉課', '地域振興課', '建設課', '教育総務課', '情報政策課'];
const GROUPS = [
  ['健全な行財政運営の推進', ['歳入の確保', '歳出の見直し', '公共施設の最適化']],
  ['人材育成と組織力の強化', ['働き方改革', '職員の能力開発']],
  ['DXの推進', ['行政手続の改革', '業務の効率化', '情報システムの標準化']],
  ['市民協働の推進', ['地域コミュニティ', '情報発信']],
] as const;
const ACTIVITY_TEXT =
  'コンビニ納付及びスマートフォン決済の利用を広報紙・市ホームページで周知し、口座振替の勧奨を行った。滞納者には早期の催告と納付相談を実施し、分割納付の計画的な履行を促した。';
const EFFECT_TEXT = '納付機会の拡大により現年分の収納率が前年度比で向上し、滞納繰越額が減少した。';
const ISSUES_TEXT = '高齢者世帯におけるキャッシュレス決済の利用が伸び悩んでいる。';
const PLAN_TEXT = '窓口での案内を強化し、出前講座で利用方法を説明する。';
const RETURN_TEXT = '取組実績に具体的な件数を記載してください。指標の実績値が未入力です。';
const OPINION_TEXT = '指標の達成状況について、未達成の取組は要因分析を行い、次年度の方策を具体的に示されたい。';


const iso = (fy: number, month: number, day: number, minute: number) =>
  new Date(Date.UTC(month <= 3 ? fy + 2 : fy + 1, (month + 11) % 12, day, 0, minute % 1440)).toISOString();

export interface PlanShape {
  planId: string;
  items: { id: string; departments: string[] }[];
  itemIndicators: string[];
  planIndicators: string[];
  period: { from: number; to: number };
}

/** Builds the events of whole plans, one event at a time. */
export function* generateWorkflow(options: GenerateOptions): Generator<GeneratedEvent> {
  const itemCount = options.items ?? 50;
  const yearCount = options.years ?? 5;
  const firstYear = options.firstYear ?? 2022;
  const rand = mulberry32(options.seed ?? 42);
  const prefix = options.planPrefix ?? 'bp';
  let emitted = 0;
  for (let n = options.firstPlan ?? 1; emitted < options.maxEvents; n++) {
    for (const event of generatePlan(`${prefix}${String(n).padStart(5, '0')}`, itemCount, yearCount, firstYear, rand)) {
      yield event;
      if (++emitted >= options.maxEvents) return;
    }
  }
}

export function planShape(planId: string, itemCount = 50, yearCount = 5, firstYear = 2022): PlanShape {
  return {
    planId,
    items: Array.from({ length: itemCount }, (_, i) => ({
      id: String(i + 1),
      departments: i % 7 === 3 ? [DEPARTMENTS[i % DEPARTMENTS.length], DEPARTMENTS[(i + 3) % DEPARTMENTS.length]] : [DEPARTMENTS[i % DEPARTMENTS.length]],
    })),
    itemIndicators: Array.from({ length: itemCount }, (_, i) => `${i + 1}-1`),
    planIndicators: ['P-1', 'P-2', 'P-3', 'P-4', 'P-5'],
    period: { from: firstYear, to: firstYear + yearCount - 1 },
  };
}

export function* generatePlan(planId: string, itemCount: number, yearCount: number, firstYear: number, rand: () => number): Generator<GeneratedEvent> {
  const shape = planShape(planId, itemCount, yearCount, firstYear);
  const revisions = new Map<string, number>();
  const secretariat: Actor = { sub: 'kikaku-1', role: 'secretariat' };
  const system: Actor = { sub: 'system', role: 'system' };
  const deptActor = (department: string): Actor => ({ sub: `${department}-1`, role: 'department', department });
  let correlationId = randomUUID();
  const ev = (streamId: string, type: string, data: Record<string, unknown>, actor: Actor, newRequest = true): GeneratedEvent => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    if (newRequest) correlationId = randomUUID();
    const requestId = newRequest ? correlationId : undefined;
    return {
      streamId,
      revision,
      id: randomUUID(),
      type,
      data,
      metadata: {
        actor,
        correlationId,
        ...(requestId ? { causationId: requestId, requestId } : { causationId: correlationId }),
        schemaVersion: (CURRENT_SCHEMA_VERSION as Record<string, number>)[type] ?? 1,
      },
    };
  };
  const { from, to } = shape.period;
  const planStream = planStreamId(planId);
  const drafted = iso(from - 1, 2, 10, 0);
  yield ev(planStream, 'PlanDrafted', {
    planId,
    municipality: '玉名市',
    title: `第４次行政改革大綱実行計画（${planId}）`,
    period: { from, to },
    levels: ['基本方針', '基本施策', '取組事項'],
    at: drafted,
  }, secretariat);
  for (const [i, item] of shape.items.entries()) {
    const [group, subgroups] = GROUPS[i % GROUPS.length];
    const schedule: Record<string, string> = {};
    for (let fy = from; fy <= to; fy++) schedule[String(fy)] = fy === from ? '検討・準備' : '実施';
    yield ev(planStream, 'ItemAdded', {
        planId,
        item: {
          id: item.id,
          label: `(${item.id})`,
          title: `取組事項 ${item.id}：${subgroups[i % subgroups.length]}の推進`,
          path: [group, subgroups[i % subgroups.length]],
          departments: item.departments,
          situation: '現状では手続の多くが紙と窓口対応に依存しており、市民の利便性と事務の効率に課題がある。',
          content: '手続のオンライン化と業務の見直しを進め、窓口の待ち時間と事務処理時間を削減する。',
          effect: '市民サービスの向上と職員の業務負担の軽減',
          activities: [{ name: 'オンライン申請の導入', schedule }],
        },
        at: drafted,
      }, secretariat);
  }
  for (const [i, item] of shape.items.entries()) {
    const targets: Record<string, number> = {};
    for (let fy = from; fy <= to; fy++) targets[String(fy)] = 90 + (fy - from);
    yield ev(planStream, 'IndicatorDefined', {
      planId,
      indicator: { id: shape.itemIndicators[i], name: `取組 ${item.id} の実施率`, unit: '%', direction: 'higher', itemId: item.id, baseline: 85, targets },
      at: drafted,
    }, secretariat);
  }
  for (const [k, id] of shape.planIndicators.entries()) {
    yield ev(planStream, 'IndicatorDefined', {
      planId,
      indicator: { id, name: `計画指標 ${k + 1}`, unit: k % 2 ? '件' : '%', direction: k === 2 ? 'lower' : 'higher', ...(k < 2 ? { group: GROUPS[k][0] } : {}), baseline: 50, target: 80, targets: {} },
      at: drafted,
    }, secretariat);
  }
  yield ev(planStream, 'PlanAdopted', { planId, at: iso(from - 1, 3, 25, 0) }, secretariat);

  const ratings = ['S', 'A', 'A', 'A', 'B', 'C'] as const;
  for (let fy = from; fy <= to; fy++) {
    const cycle = cycleStreamId(planId, fy);
    const dueDate = iso(fy, 6, 30, 0).slice(0, 10);
    yield ev(cycle, 'CycleOpened', { planId, fiscalYear: fy, dueDate, itemIds: shape.items.map((i) => i.id), at: iso(fy, 4, 10, 0) }, secretariat);
    let minute = 0;
    const content = (item: number, complete: boolean) => {
      const progress = ratings[Math.floor(rand() * ratings.length)];
      const achievement = ratings[Math.floor(rand() * ratings.length)];
      const low = (r: string) => r === 'B' || r === 'C';
      const reasonFor = (r: string) => (r === 'S' || low(r) ? '関係課との調整に時間を要したため' : undefined);
      return {
        progress,
        achievement,
        activities: complete ? ACTIVITY_TEXT : ACTIVITY_TEXT.slice(0, 40),
        ...(complete ? { effects: EFFECT_TEXT } : {}),
        reasons: { ...(reasonFor(progress) ? { progress: reasonFor(progress) } : {}), ...(reasonFor(achievement) ? { achievement: reasonFor(achievement) } : {}) },
        measures: { ...(low(progress) ? { progress: '早期に着手し進捗を管理する' } : {}), ...(low(achievement) ? { achievement: '周知を強化する' } : {}) },
        actuals: { [shape.itemIndicators[item]]: Math.round((85 + rand() * 12) * 10) / 10 },
        ...(complete ? { nextYear: { issues: ISSUES_TEXT, plan: PLAN_TEXT }, implementation: rand() < 0.7 ? 'done' : rand() < 0.8 ? 'partial' : 'notDone' } : {}),
      };
    };
    const sheet = (itemIdx: number) => sheetStreamId(planId, fy, shape.items[itemIdx].id);
    const base = (itemIdx: number) => ({ planId, fiscalYear: fy, itemId: shape.items[itemIdx].id });
    // Drafts.
    for (let i = 0; i < itemCount; i++) {
      const dept = shape.items[i].departments[0];
      yield ev(sheet(i), 'SheetSaved', { ...base(i), content: content(i, false), department: dept, at: iso(fy, 5, 10, (minute += 7)) }, deptActor(dept));
    }
    // Final save and submission; the saga records the status on the cycle.
    const submit = function* (i: number, resubmission: boolean, month: number) {
      const dept = shape.items[i].departments[0];
      yield ev(sheet(i), 'SheetSaved', { ...base(i), content: content(i, true), department: dept, at: iso(fy, month, 20, (minute += 7)) }, deptActor(dept));
      const at = iso(fy, month, 20, (minute += 3));
      yield ev(sheet(i), 'SheetSubmitted', { ...base(i), departments: shape.items[i].departments, department: dept, resubmission, at }, deptActor(dept));
      yield ev(cycle, 'SheetStatusRecorded', { ...base(i), status: 'submitted', at }, system, false);
    };
    for (let i = 0; i < itemCount; i++) yield* submit(i, false, 6);
    // Review: about one sheet in five is returned, with a reminder three days later.
    const returned: number[] = [];
    for (let i = 0; i < itemCount; i++) {
      const at = iso(fy, 7, 5, (minute += 5));
      if (rand() < 0.2) {
        returned.push(i);
        yield ev(sheet(i), 'SheetReturned', { ...base(i), comment: RETURN_TEXT, departments: shape.items[i].departments, by: secretariat.sub, at }, secretariat);
        yield ev(cycle, 'SheetStatusRecorded', { ...base(i), status: 'returned', at }, system, false);
      } else {
        yield ev(sheet(i), 'SheetApproved', { ...base(i), departments: shape.items[i].departments, by: secretariat.sub, at }, secretariat);
        yield ev(cycle, 'SheetStatusRecorded', { ...base(i), status: 'approved', at }, system, false);
      }
    }
    for (const i of returned) {
      yield ev(sheet(i), 'SheetReminderSent', { ...base(i), reason: 'returned', departments: shape.items[i].departments, at: iso(fy, 7, 8, (minute += 1)) }, system);
    }
    for (const i of returned) {
      yield* submit(i, true, 7);
      const at = iso(fy, 7, 25, (minute += 5));
      yield ev(sheet(i), 'SheetApproved', { ...base(i), departments: shape.items[i].departments, by: secretariat.sub, at }, secretariat);
      yield ev(cycle, 'SheetStatusRecorded', { ...base(i), status: 'approved', at }, system, false);
    }
    yield ev(cycle, 'CycleReadyForCouncil', { planId, fiscalYear: fy, at: iso(fy, 7, 25, (minute += 1)) }, system, false);
    for (const [k, id] of shape.planIndicators.entries()) {
      yield ev(cycle, 'PlanIndicatorActualRecorded', { planId, fiscalYear: fy, indicatorId: id, actual: 60 + k + (fy - from) * 3, at: iso(fy, 8, 1, (minute += 2)) }, secretariat);
    }
    const meetingDate = iso(fy, 11, 20, 0).slice(0, 10);
    yield ev(cycle, 'CouncilMeetingScheduled', { planId, fiscalYear: fy, meetingDate, meetingName: `${fy + 1}年度第２回行政改革推進審議会`, at: iso(fy, 10, 1, 0) }, secretariat);
    for (let k = 0; k < 3; k++) {
      yield ev(cycle, 'CouncilOpinionRecorded', { planId, fiscalYear: fy, member: `委員${k + 1}`, text: OPINION_TEXT, at: iso(fy, 11, 20, 60 + k) }, secretariat);
    }
    yield ev(cycle, 'CouncilConcluded', { planId, fiscalYear: fy, resolution: 'acceptedWithOpinions', at: iso(fy, 11, 20, 120) }, secretariat);
    yield ev(cycle, 'ReportPublished', { planId, fiscalYear: fy, revision: 1, at: iso(fy, 12, 10, 0) }, secretariat);
  }
}

/** Turns a generated event into the store's NewEvent. */
export const toNewEvent = (e: GeneratedEvent) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata });
