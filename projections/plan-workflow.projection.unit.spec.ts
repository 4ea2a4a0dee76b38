import type { CycleEvent } from '../events/cycle.events';
import type { PlanEvent } from '../events/plan.events';
import type { SheetEvent } from '../events/sheet.events';
import { mulberry32 } from '../bench/prng';
import { cycleDecider } from '../modules/cycles/cycle.decider';
import { by, ProjectionSpecification, storedEvents } from '../test/support/projection-spec';
import { foldInto } from './projection';
import { emptySheet, planWorkflowProjection, sheetContentOf, type CycleDoc, type PlanDoc, type SheetDoc, type WorkflowDoc } from './plan-workflow.projection';

const spec = ProjectionSpecification.for<WorkflowDoc>(planWorkflowProjection);
const planId = 'tamana';
const fiscalYear = 2023;
const at = '2024-04-01T00:00:00.000Z';
const base = { planId, fiscalYear, at };
const soumu = { sub: 'd-1', role: 'department' as const, department: '総務課' };

// plan
const drafted: PlanEvent = { type: 'PlanDrafted', data: { planId, municipality: '玉名市', title: '実行計画', period: { from: 2022, to: 2026 }, levels: ['基本方針', '取組事項'], at } };
const item = { id: '1', label: '①', title: '税収確保の強化', path: ['健全な行財政運営の推進'], departments: ['税務課'], activities: [] };
const itemAdded: PlanEvent = { type: 'ItemAdded', data: { planId, item, at } };
const indicator = { id: 'i1', name: '収納率', unit: '%', direction: 'higher' as const, itemId: '1', targets: { '2023': 98.3 } };
const indicatorDefined: PlanEvent = { type: 'IndicatorDefined', data: { planId, indicator, at } };
const planDoc: PlanDoc = {
  kind: 'plan', planId, municipality: '玉名市', title: '実行計画', period: { from: 2022, to: 2026 }, levels: ['基本方針', '取組事項'], groups: [],
  status: 'draft', items: [], indicators: [], revisions: [], draftedAt: at,
};

// cycle
const opened: CycleEvent = { type: 'CycleOpened', data: { ...base, dueDate: '2024-06-30', itemIds: ['1', '2'] } };
const recorded = (itemId: string, status: 'submitted' | 'returned' | 'approved'): CycleEvent => ({ type: 'SheetStatusRecorded', data: { ...base, itemId, status } });
const ready: CycleEvent = { type: 'CycleReadyForCouncil', data: base };
const scheduled = (meetingName = '第２回審議会'): CycleEvent => ({ type: 'CouncilMeetingScheduled', data: { ...base, meetingDate: '2024-11-20', meetingName } });
const opinion: CycleEvent = { type: 'CouncilOpinionRecorded', data: { ...base, member: '委員A', text: '数値を示すこと' } };
const concluded = (resolution: 'accepted' | 'acceptedWithOpinions' | 'sentBack'): CycleEvent => ({ type: 'CouncilConcluded', data: { ...base, resolution } });
const published: CycleEvent = { type: 'ReportPublished', data: { ...base, revision: 1 } };
const revised: CycleEvent = { type: 'ReportRevised', data: { ...base, revision: 2, reason: '実績値の誤り', corrections: [{ itemId: '1', changes: { actuals: { i1: 98.4 } } }], indicatorActuals: {} } };
const cycleDoc: CycleDoc = {
  kind: 'cycle', planId, fiscalYear, status: 'collecting', dueDate: '2024-06-30', openedAt: at, itemIds: ['1', '2'], indicatorActuals: {}, pastCouncils: [], publications: [],
};

// sheet
const sheetBase = { planId, fiscalYear, itemId: '1' };
const content = { progress: 'B' as const, activities: '一部実施した', reasons: { progress: '調整に時間' }, measures: { progress: '早期着手' }, actuals: { i1: 98.1 } };
const saved: SheetEvent = { type: 'SheetSaved', data: { ...sheetBase, content, department: '税務課', at } };
const submitted: SheetEvent = { type: 'SheetSubmitted', data: { ...sheetBase, departments: ['税務課'], department: '税務課', resubmission: false, at: '2024-05-01T00:00:00.000Z' } };
const returned: SheetEvent = { type: 'SheetReturned', data: { ...sheetBase, comment: '数値を追記', departments: ['税務課'], by: 'sec-1', at: '2024-05-02T00:00:00.000Z' } };
const approved: SheetEvent = { type: 'SheetApproved', data: { ...sheetBase, departments: ['税務課'], by: 'sec-1', at: '2024-05-03T00:00:00.000Z' } };
const zeimu = { sub: 'z-1', role: 'department' as const, department: '税務課' };

const PLAN = 'tamana/plan';
const CYCLE = 'tamana/cycle/2023';
const SHEET = 'tamana/sheet/2023/1';

describe('plan-workflow projection', () => {
  describe('the plan document', () => {
    it('given nothing, when a plan is drafted, then a draft plan document without items', () => {
      spec.given([]).when(drafted).then({ [PLAN]: planDoc });
    });

    it('given a draft, when items and indicators are added, then they are listed in order', () => {
      spec.given([drafted]).when(itemAdded).then({ [PLAN]: { ...planDoc, items: [item] } });
      spec.given([drafted, itemAdded]).when(indicatorDefined).then({ [PLAN]: { ...planDoc, items: [item], indicators: [indicator] } });
    });

    it('given an item, when it is revised, then it changes (never its id) and the revision is logged with its reason', () => {
      const revision: PlanEvent = { type: 'ItemRevised', data: { planId, itemId: '1', changes: { departments: ['税務課', '収納課'] }, reason: '組織改編', at: '2024-05-01T00:00:00.000Z' } };
      spec.given([drafted, itemAdded]).when(revision).then({
        [PLAN]: { ...planDoc, items: [{ ...item, departments: ['税務課', '収納課'] }], revisions: [{ what: 'item', id: '1', reason: '組織改編', at: '2024-05-01T00:00:00.000Z' }] },
      });
    });

    it('given an indicator, when it is revised, then its targets change and the revision is logged', () => {
      const revision: PlanEvent = { type: 'IndicatorRevised', data: { planId, indicatorId: 'i1', changes: { targets: { '2023': 98.5 } }, reason: '上方修正', at } };
      spec.given([drafted, itemAdded, indicatorDefined]).when(revision).then({
        [PLAN]: { ...planDoc, items: [item], indicators: [{ ...indicator, targets: { '2023': 98.5 } }], revisions: [{ what: 'indicator', id: 'i1', reason: '上方修正', at }] },
      });
    });

    it('given a draft, when it is adopted, then it is adopted with the time', () => {
      spec.given([drafted, itemAdded]).when({ type: 'PlanAdopted', data: { planId, at: '2024-04-02T00:00:00.000Z' } }).then({
        [PLAN]: { ...planDoc, items: [item], status: 'adopted', adoptedAt: '2024-04-02T00:00:00.000Z' },
      });
    });

    it('given a plan drafted with its level codes, then the registry is kept; a plan drafted before codes existed reads with none', () => {
      const groups = [{ code: '【1】', title: '健全な行財政運営の推進', groups: [{ code: 'ア', title: '自主財源の確保及び創出による歳入の確保' }] }];
      const withCodes: PlanEvent = { type: 'PlanDrafted', data: { ...(drafted.data as object), groups } as never };
      spec.given([]).when(withCodes).then({ [PLAN]: { ...planDoc, groups } });
      spec.given([]).when(drafted).then({ [PLAN]: { ...planDoc, groups: [] } });
    });

    it('given a plan, when its groups are defined, then the registry is replaced and a reason is logged as a revision', () => {
      const groups = [{ code: '【1】', title: '健全な行財政運営の推進' }];
      const defined: PlanEvent = { type: 'PlanGroupsDefined', data: { planId, groups, reason: '番号の追加', at } };
      spec.given([drafted]).when(defined).then({ [PLAN]: { ...planDoc, groups, revisions: [{ what: 'groups', id: '', reason: '番号の追加', at }] } });
      spec.given([drafted]).when({ type: 'PlanGroupsDefined', data: { planId, groups, at } }).then({ [PLAN]: { ...planDoc, groups } });
    });

    it('given no plan, when an item is added, then there is still no plan document', () => {
      spec.given([]).when(itemAdded).then({ [PLAN]: null });
    });
  });

  describe('the cycle document', () => {
    it('given nothing, when a cycle is opened, then it is collecting sheets', () => {
      spec.given([]).when(opened).then({ [CYCLE]: cycleDoc });
    });

    it('records plan-level actuals', () => {
      spec.given([opened]).when({ type: 'PlanIndicatorActualRecorded', data: { ...base, indicatorId: 'p1', actual: 71.8 } }).then({ [CYCLE]: { ...cycleDoc, indicatorActuals: { p1: 71.8 } } });
    });

    it('given every sheet approved, when the cycle is ready, then it waits for the council; a sheet no longer approved takes it back to collecting', () => {
      const approvedAll = [opened, recorded('1', 'approved'), recorded('2', 'approved')];
      spec.given(approvedAll).when(ready).then({ [CYCLE]: { ...cycleDoc, status: 'readyForCouncil' } });
      spec.given([...approvedAll, ready]).when(recorded('2', 'returned')).then({ [CYCLE]: { ...cycleDoc, status: 'collecting' } });
      spec.given([...approvedAll, ready]).when(recorded('2', 'approved')).then({ [CYCLE]: { ...cycleDoc, status: 'readyForCouncil' } });
    });

    it('given a ready report, when it goes to the council and opinions come, then the round holds them', () => {
      const council = { meetingName: '第２回審議会', meetingDate: '2024-11-20', opinions: [] };
      spec.given([opened, ready]).when(scheduled()).then({ [CYCLE]: { ...cycleDoc, status: 'atCouncil', compiledAt: at, council } });
      spec.given([opened, ready, scheduled()]).when(opinion).then({
        [CYCLE]: { ...cycleDoc, status: 'atCouncil', compiledAt: at, council: { ...council, opinions: [{ member: '委員A', text: '数値を示すこと', at }] } },
      });
    });

    it('given the council sent the report back, when it is put to the council again, then the earlier round is kept', () => {
      const docs = spec.given([opened, ready, scheduled(), opinion, concluded('sentBack')]).when(scheduled('第３回審議会')).documents();
      const doc = docs.get(CYCLE) as CycleDoc;
      expect(doc.status).toBe('atCouncil');
      expect(doc.pastCouncils).toEqual([{ meetingName: '第２回審議会', meetingDate: '2024-11-20', opinions: [{ member: '委員A', text: '数値を示すこと', at }], resolution: 'sentBack', concludedAt: at }]);
      expect(doc.council).toEqual({ meetingName: '第３回審議会', meetingDate: '2024-11-20', opinions: [] });
    });

    it('given an accepted report, when it is published and revised, then each publication is kept with its log position', () => {
      const accepted = [opened, ready, scheduled(), concluded('acceptedWithOpinions')];
      expect((spec.given(accepted).documents().get(CYCLE) as CycleDoc).status).toBe('concluded');
      const afterPublication = spec.given(accepted).when(published).documents().get(CYCLE) as CycleDoc;
      expect(afterPublication).toMatchObject({ status: 'published', publications: [{ revision: 1, at, position: 5 }] });
      const afterRevision = spec.given([...accepted, published]).when(revised).documents().get(CYCLE) as CycleDoc;
      expect(afterRevision.publications).toEqual([{ revision: 1, at, position: 5 }, { revision: 2, at, position: 6, reason: '実績値の誤り', corrections: [{ itemId: '1', changes: { actuals: { i1: 98.4 } } }], indicatorActuals: {} }]);
    });
  });

  describe('the sheet document', () => {
    const savedDoc: SheetDoc = {
      ...emptySheet(planId, fiscalYear, '1'),
      ...content,
      status: 'draft',
      lastSavedAt: at,
      lastSavedBy: '税務課',
      history: [{ type: 'SheetSaved', at, by: 'system:test' }],
      revision: 0,
    };
    const submittedContent = sheetContentOf(savedDoc);

    it('given nothing, when a sheet is saved, then a draft with the content and who saved it', () => {
      spec.given([]).when(saved).then({ [SHEET]: savedDoc });
    });

    it('given a draft, when it is submitted, returned and approved, then each step is in its history with who did it', () => {
      spec.given([saved]).when(by(zeimu, submitted)).then({
        [SHEET]: { ...savedDoc, status: 'submitted', submittedAt: '2024-05-01T00:00:00.000Z', submissions: 1, submittedContent, history: [...savedDoc.history, { type: 'SheetSubmitted', at: '2024-05-01T00:00:00.000Z', by: '税務課' }] },
      });
      const returnedDoc = spec.given([saved, by(zeimu, submitted)]).when(returned).documents().get(SHEET) as SheetDoc;
      expect(returnedDoc).toMatchObject({ status: 'returned', returns: [{ comment: '数値を追記', at: '2024-05-02T00:00:00.000Z', by: 'sec-1' }] });
      expect(returnedDoc.history.at(-1)).toEqual({ type: 'SheetReturned', at: '2024-05-02T00:00:00.000Z', by: 'system:test', comment: '数値を追記' });
      const approvedDoc = spec.given([saved, submitted]).when(approved).documents().get(SHEET) as SheetDoc;
      expect(approvedDoc).toMatchObject({ status: 'approved', approvedAt: '2024-05-03T00:00:00.000Z' });
    });

    it('given an approved sheet sent back, when it is returned, then it is no longer approved', () => {
      const doc = spec.given([saved, submitted, approved]).when(returned).documents().get(SHEET) as SheetDoc;
      expect(doc.status).toBe('returned');
      expect(doc.approvedAt).toBeUndefined();
    });

    it('given a sheet, when it is overdue, then it is marked and the mark stays through saving', () => {
      const overdue: SheetEvent = { type: 'SheetOverdue', data: { ...sheetBase, dueDate: '2024-06-30', departments: ['税務課'], at: '2024-07-01T00:00:00.000Z' } };
      expect((spec.given([]).when(overdue).documents().get(SHEET) as SheetDoc).overdue).toBe(true);
      expect((spec.given([overdue]).when(by(soumu, saved)).documents().get(SHEET) as SheetDoc)).toMatchObject({ overdue: true, status: 'draft' });
    });

    it('given a published report, when it is revised, then the corrected sheet changes and logs the revision, and the cycle records it', () => {
      const docs = spec.given([opened, saved, submitted, approved, published]).when(revised).then({
        [CYCLE]: {
          ...cycleDoc,
          status: 'published',
          publications: [
            { revision: 1, at, position: 5 },
            { revision: 2, at, position: 6, reason: '実績値の誤り', corrections: [{ itemId: '1', changes: { actuals: { i1: 98.4 } } }], indicatorActuals: {} },
          ],
        },
        [SHEET]: {
          ...savedDoc,
          status: 'approved',
          submittedAt: '2024-05-01T00:00:00.000Z',
          approvedAt: '2024-05-03T00:00:00.000Z',
          submissions: 1,
          actuals: { i1: 98.4 },
          submittedContent,
          history: [
            ...savedDoc.history,
            { type: 'SheetSubmitted', at: '2024-05-01T00:00:00.000Z', by: 'system:test' },
            { type: 'SheetApproved', at: '2024-05-03T00:00:00.000Z', by: 'system:test' },
            { type: 'ReportRevised', at, by: 'system:test', comment: '第2版: 実績値の誤り' },
          ],
        },
      });
      expect(docs.size).toBe(2);
    });
  });

  describe('the cycle status agrees with the cycle aggregate', () => {
    /** Any order of cycle events: both folds are total, and the status people read is the one the decider enforces. */
    const events: CycleEvent[] = [
      recorded('1', 'submitted'), recorded('1', 'returned'), recorded('1', 'approved'), recorded('2', 'approved'), recorded('2', 'returned'),
      ready, scheduled(), opinion, concluded('accepted'), concluded('acceptedWithOpinions'), concluded('sentBack'), published, revised,
      { type: 'PlanIndicatorActualRecorded', data: { ...base, indicatorId: 'p1', actual: 1 } },
    ];

    it('at every step of 300 random histories', () => {
      const random = mulberry32(8);
      for (let run = 0; run < 300; run++) {
        const history = [opened, ...Array.from({ length: 12 }, () => events[Math.floor(random() * events.length)])];
        let state = cycleDecider.initialState();
        const docs = new Map<string, WorkflowDoc>();
        for (const [i, stored] of storedEvents(history).entries()) {
          state = cycleDecider.evolve(state, history[i] as CycleEvent);
          foldInto(planWorkflowProjection, docs, [stored]);
          expect([run, i, (docs.get(CYCLE) as CycleDoc).status]).toEqual([run, i, state.status]);
        }
      }
    });
  });
});

describe('plan-workflow projection: withdrawals, reopenings, settings, plan growth', () => {
  it('given a submitted sheet, when withdrawn, then a draft again with the step in its history; the content submitted stays for the diff', () => {
    const withdrawn: SheetEvent = { type: 'SheetWithdrawn', data: { ...sheetBase, departments: ['税務課'], department: '税務課', comment: '訂正します', at: '2024-05-04T00:00:00.000Z' } };
    const doc = spec.given([saved, by(zeimu, submitted)]).when(by(zeimu, withdrawn)).documents().get(SHEET) as SheetDoc;
    expect(doc).toMatchObject({ status: 'draft', submissions: 1 });
    expect(doc.submittedAt).toBeUndefined();
    expect(doc.submittedContent).toMatchObject({ activities: '一部実施した', progress: 'B' });
    expect(doc.history.at(-1)).toEqual({ type: 'SheetWithdrawn', at: '2024-05-04T00:00:00.000Z', by: '税務課', comment: '訂正します' });
  });

  it('given an approved sheet, when reopened, then returned (not approved) with the comment in its history', () => {
    const reopened: SheetEvent = { type: 'SheetReopened', data: { ...sheetBase, departments: ['税務課'], comment: '再確認', by: 'sec-1', at: '2024-05-05T00:00:00.000Z' } };
    const doc = spec.given([saved, submitted, approved]).when(reopened).documents().get(SHEET) as SheetDoc;
    expect(doc.status).toBe('returned');
    expect(doc.approvedAt).toBeUndefined();
    expect(doc.history.at(-1)).toMatchObject({ type: 'SheetReopened', comment: '再確認' });
  });

  it('keeps the plan settings, and an item added after adoption with its reason and year as a revision', () => {
    const settings: PlanEvent = { type: 'PlanSettingsDefined', data: { planId, settings: { sheetRules: 'tamana', ratingThresholds: { s: 1.1, a: 1, b: 0.8 } }, reason: '様式', at } };
    const grown: PlanEvent = { type: 'ItemAdded', data: { planId, item: { id: '3-2', label: '③-2', title: '追加', path: [], departments: ['総務課'], activities: [], effectiveFrom: 2024 }, reason: '見直し', at } };
    const doc = spec.given([drafted]).when(settings).documents().get(PLAN) as PlanDoc;
    expect(doc.settings?.sheetRules).toBe('tamana');
    const plan = spec.given([drafted, settings]).when(grown).documents().get(PLAN) as PlanDoc;
    expect(plan.items.at(-1)?.effectiveFrom).toBe(2024);
    expect(plan.revisions).toEqual([
      { what: 'settings', id: '', reason: '様式', at },
      { what: 'item', id: '3-2', reason: '見直し', at, effectiveFrom: 2024 },
    ]);
  });
});
