import type { CycleEvent } from '../../events/cycle.events';
import type { Actor } from '../../events/event';
import { DeciderSpecification } from '../../test/support/decider-spec';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import { cycleDecider, describeStatus, pendingSheetCount, type CycleAction, type CycleCommand, type CycleCommandContext, type CyclePlanFacts } from './cycle.decider';

const spec = DeciderSpecification.for(cycleDecider);
const secretariat: Actor = { sub: 'sec-1', role: 'secretariat' };
const system: Actor = { sub: 'saga', role: 'system' };
const dept: Actor = { sub: 'd-1', role: 'department', department: '税務課' };
const at = '2024-05-01T00:00:00.000Z';
const planId = 'tamana';
const fiscalYear = 2023;
const base = { planId, fiscalYear, at };

/** The plan the handler would find: adopted, items 1 and 2, one plan-level indicator p1. */
const plan: CyclePlanFacts = { status: 'adopted', period: { from: 2022, to: 2026 }, itemIds: ['1', '2'], indicatorIds: ['p1'] };
type Cmd<T extends CycleAction['type']> = Omit<Extract<CycleAction, { type: T }>, 'type'> & Partial<CycleCommandContext>;
const cmd = <T extends CycleAction['type']>(type: T, rest: Cmd<T>): CycleCommand =>
  ({ type, planId, fiscalYear, actor: secretariat, at, plan, ...rest }) as CycleCommand;

const open = (over: Partial<Cmd<'OpenCycle'>> = {}) => cmd('OpenCycle', { dueDate: '2024-06-30', ...over });
const status = (itemId: string, s: 'submitted' | 'returned' | 'approved', actor = system) => cmd('RecordSheetStatus', { itemId, status: s, actor });

const opened: CycleEvent = { type: 'CycleOpened', data: { ...base, dueDate: '2024-06-30', itemIds: ['1', '2'] } };
const recorded = (itemId: string, s: 'submitted' | 'returned' | 'approved'): CycleEvent => ({
  type: 'SheetStatusRecorded',
  data: { ...base, itemId, status: s },
});
const ready: CycleEvent = { type: 'CycleReadyForCouncil', data: base };
const scheduled: CycleEvent = { type: 'CouncilMeetingScheduled', data: { ...base, meetingDate: '2024-11-20', meetingName: '第２回行政改革推進審議会' } };
const opinion: CycleEvent = { type: 'CouncilOpinionRecorded', data: { ...base, member: '委員A', text: 'DXの効果を数値で示すこと' } };
const concluded = (resolution: 'accepted' | 'acceptedWithOpinions' | 'sentBack'): CycleEvent => ({ type: 'CouncilConcluded', data: { ...base, resolution } });
const published: CycleEvent = { type: 'ReportPublished', data: { ...base, revision: 1 } };

const allApproved = [opened, recorded('1', 'submitted'), recorded('1', 'approved'), recorded('2', 'submitted'), recorded('2', 'approved'), ready];
const atCouncil = [...allApproved, scheduled];
const accepted = [...atCouncil, opinion, concluded('acceptedWithOpinions')];
const sentBack = [...atCouncil, concluded('sentBack')];
const schedule = () => cmd('ScheduleCouncil', { meetingDate: '2024-11-20', meetingName: '第２回行政改革推進審議会' });
const publish = () => cmd('PublishReport', {});

describe('cycle decider', () => {
  describe('OpenCycle', () => {
    it('opens the cycle of an adopted plan', () => {
      spec.given([]).when(open()).then([opened]);
    });
    it('needs an adopted plan (409 saying the plan is draft)', () => {
      spec
        .given([])
        .when(open({ plan: { ...plan, status: 'draft' } }))
        .thenThrows(IllegalTransitionError, { currentState: 'draft', allowed: ['adopt'], message: '計画は「策定中」です' });
    });
    it('needs a fiscal year inside the period', () => {
      spec.given([]).when(open({ fiscalYear: 2027 })).thenThrows(InvalidCommandError, { field: 'fiscalYear' });
      spec.given([]).when(open({ fiscalYear: 2021 })).thenThrows(InvalidCommandError, { field: 'fiscalYear' });
    });
    it('needs a real due date', () => {
      spec.given([]).when(open({ dueDate: '2024-02-30' })).thenThrows(InvalidCommandError, { field: 'dueDate' });
      spec.given([]).when(open({ dueDate: 'soon' })).thenThrows(InvalidCommandError, { field: 'dueDate' });
    });
    it('opens once per year (409 already open)', () => {
      spec.given([opened]).when(open()).thenThrows(IllegalTransitionError, { currentState: 'collecting', message: 'すでに始まっています' });
    });
    it('is for the secretariat only', () => {
      spec.given([]).when(open({ actor: dept })).thenThrows(ForbiddenActionError);
    });
  });

  describe('RecordSheetStatus', () => {
    it('records a status', () => {
      spec.given([opened]).when(status('1', 'submitted')).then([recorded('1', 'submitted')]);
    });
    it('is idempotent', () => {
      spec.given([opened, recorded('1', 'submitted')]).when(status('1', 'submitted')).thenNothing();
      spec.given(atCouncil).when(status('1', 'approved')).thenNothing();
    });
    it('emits CycleReadyForCouncil with the last approval', () => {
      spec
        .given([opened, recorded('1', 'approved'), recorded('2', 'submitted')])
        .when(status('2', 'approved'))
        .then([recorded('2', 'approved'), ready]);
    });
    it('does not get ready while a sheet is pending', () => {
      spec.given([opened, recorded('2', 'submitted')]).when(status('1', 'approved')).then([recorded('1', 'approved')]);
    });
    it('needs an item of the cycle (404) and a cycle (404)', () => {
      spec.given([opened]).when(status('9', 'submitted')).thenThrows(NotFoundError, { what: 'item', id: '9' });
      spec.given([]).when(status('1', 'submitted')).thenThrows(NotFoundError, { what: 'cycle' });
    });
    it('is for the system or the secretariat', () => {
      spec.given([opened]).when(status('1', 'submitted', secretariat)).then([recorded('1', 'submitted')]);
      spec.given([opened]).when(status('1', 'submitted', dept)).thenThrows(ForbiddenActionError);
    });
    it('refuses changes while at the council', () => {
      spec.given(atCouncil).when(status('1', 'returned')).thenThrows(IllegalTransitionError, { currentState: 'atCouncil' });
    });
    it('after sentBack, a return takes the cycle back to collecting, and approvals make it ready again', () => {
      const back = spec.given(sentBack).when(status('1', 'returned'));
      back.then([recorded('1', 'returned')]);
      expect(back.thenState().status).toBe('collecting');
      const again = [...sentBack, recorded('1', 'returned'), recorded('1', 'submitted')];
      spec.given(again).when(status('1', 'approved')).then([recorded('1', 'approved'), ready]);
      spec.given([...again, recorded('1', 'approved'), ready]).when(schedule()).then([scheduled]);
    });
  });

  describe('ScheduleCouncil', () => {
    it('puts a ready report to the council', () => {
      const then = spec.given(allApproved).when(schedule());
      then.then([scheduled]);
      expect(then.thenState().status).toBe('atCouncil');
    });
    it('says how many sheets are not yet approved (409)', () => {
      spec
        .given([opened, recorded('1', 'approved')])
        .when(schedule())
        .thenThrows(IllegalTransitionError, { currentState: 'collecting', message: '2件中1件のシートが未承認です' });
    });
    it('can re-put a sent-back report whose sheets are all still approved', () => {
      spec.given(sentBack).when(schedule()).then([scheduled]);
    });
    it('refuses when already at the council or later', () => {
      spec.given(atCouncil).when(schedule()).thenThrows(IllegalTransitionError, { currentState: 'atCouncil' });
      spec.given(accepted).when(schedule()).thenThrows(IllegalTransitionError, { currentState: 'concluded' });
    });
    it('needs a meeting date and name', () => {
      spec.given(allApproved).when(cmd('ScheduleCouncil', { meetingDate: '11/20', meetingName: 'x' })).thenThrows(InvalidCommandError, { field: 'meetingDate' });
      spec.given(allApproved).when(cmd('ScheduleCouncil', { meetingDate: '2024-11-20', meetingName: '' })).thenThrows(InvalidCommandError, { field: 'meetingName' });
    });
  });

  describe('RecordOpinion / ConcludeCouncil', () => {
    it('records opinions while at the council', () => {
      spec.given(atCouncil).when(cmd('RecordOpinion', { member: '委員A', text: 'DXの効果を数値で示すこと' })).then([opinion]);
      spec
        .given(atCouncil)
        .when(cmd('RecordOpinion', { text: '特になし' }))
        .then([{ type: 'CouncilOpinionRecorded', data: { ...base, text: '特になし' } }]);
    });
    it('refuses opinions and conclusions outside the council', () => {
      spec.given(allApproved).when(cmd('RecordOpinion', { text: 'x' })).thenThrows(IllegalTransitionError, { currentState: 'readyForCouncil' });
      spec.given(allApproved).when(cmd('ConcludeCouncil', { resolution: 'accepted' })).thenThrows(IllegalTransitionError, { currentState: 'readyForCouncil' });
      spec.given(accepted).when(cmd('ConcludeCouncil', { resolution: 'accepted' })).thenThrows(IllegalTransitionError, { currentState: 'concluded' });
    });
    it('needs opinion text and a valid resolution', () => {
      spec.given(atCouncil).when(cmd('RecordOpinion', { text: ' ' })).thenThrows(InvalidCommandError, { field: 'text' });
      spec.given(atCouncil).when(cmd('ConcludeCouncil', { resolution: 'maybe' as never })).thenThrows(InvalidCommandError, { field: 'resolution' });
    });
    it('concludes: accepted → concluded, sentBack → sentBack', () => {
      const a = spec.given(atCouncil).when(cmd('ConcludeCouncil', { resolution: 'accepted' }));
      a.then([concluded('accepted')]);
      expect(a.thenState().status).toBe('concluded');
      const s = spec.given(atCouncil).when(cmd('ConcludeCouncil', { resolution: 'sentBack' }));
      s.then([concluded('sentBack')]);
      expect(s.thenState().status).toBe('sentBack');
    });
    it('keeps earlier council rounds when put to the council again', () => {
      const state = spec.given(sentBack).when(schedule()).thenState();
      if (state.status !== 'atCouncil') throw new Error('expected atCouncil');
      expect(state.previousRounds).toHaveLength(1);
      expect(state.previousRounds[0].resolution).toBe('sentBack');
      expect(state.council.opinions).toEqual([]);
    });
  });

  describe('PublishReport', () => {
    it('publishes after acceptance (with or without opinions)', () => {
      spec.given(accepted).when(publish()).then([published]);
      spec.given([...atCouncil, concluded('accepted')]).when(publish()).then([published]);
    });
    it('refuses before conclusion, after sentBack, and twice', () => {
      spec.given(allApproved).when(publish()).thenThrows(IllegalTransitionError, { currentState: 'readyForCouncil' });
      spec.given(atCouncil).when(publish()).thenThrows(IllegalTransitionError, { currentState: 'atCouncil' });
      spec.given(sentBack).when(publish()).thenThrows(IllegalTransitionError, { currentState: 'sentBack', message: '審議会が報告書を差し戻しました' });
      spec.given([...accepted, published]).when(publish()).thenThrows(IllegalTransitionError, { currentState: 'published', allowed: ['correct'] });
    });
    it('is for the secretariat only', () => {
      spec.given(accepted).when(cmd('PublishReport', { actor: { sub: 'c', role: 'council' } })).thenThrows(ForbiddenActionError);
    });
  });

  describe('after publication', () => {
    const pub = [...accepted, published];
    const revise = (over: Partial<Cmd<'ReviseReport'>> = {}) =>
      cmd('ReviseReport', { reason: '実績値の誤り', corrections: [{ itemId: '1', changes: { actuals: { i1: 98.4 } } }], ...over });
    it('revises with revision + 1', () => {
      const revised: CycleEvent = {
        type: 'ReportRevised',
        data: { ...base, revision: 2, reason: '実績値の誤り', corrections: [{ itemId: '1', changes: { actuals: { i1: 98.4 } } }], indicatorActuals: {} },
      };
      spec.given(pub).when(revise()).then([revised]);
      spec
        .given([...pub, revised])
        .when(revise({ reason: '誤字' }))
        .then([{ type: 'ReportRevised', data: { ...revised.data, revision: 3, reason: '誤字' } }]);
    });
    it('needs a reason and corrections of the cycle items', () => {
      spec.given(pub).when(revise({ reason: '' })).thenThrows(InvalidCommandError, { field: 'reason' });
      spec.given(pub).when(revise({ corrections: [] })).thenThrows(InvalidCommandError, { field: 'corrections' });
      spec.given(pub).when(revise({ corrections: [{ itemId: '9', changes: { activities: 'x' } }] })).thenThrows(NotFoundError, { what: 'item' });
      spec.given(pub).when(revise({ corrections: [{ itemId: '1', changes: {} }] })).thenThrows(InvalidCommandError, { field: 'corrections[0].changes' });
    });
    it('revises only a published report', () => {
      spec.given(accepted).when(revise()).thenThrows(IllegalTransitionError, { currentState: 'concluded' });
    });
    it('changes nothing else', () => {
      spec.given(pub).when(status('1', 'returned')).thenThrows(IllegalTransitionError, { currentState: 'published' });
      spec.given(pub).when(schedule()).thenThrows(IllegalTransitionError, { currentState: 'published' });
      spec
        .given(pub)
        .when(cmd('RecordIndicatorActual', { indicatorId: 'p1', actual: 1 }))
        .thenThrows(IllegalTransitionError, { currentState: 'published' });
    });
  });

  describe('RecordIndicatorActual', () => {
    const record = (actual: number | string, indicatorId = 'p1') => cmd('RecordIndicatorActual', { indicatorId, actual });
    const recordedActual: CycleEvent = { type: 'PlanIndicatorActualRecorded', data: { ...base, indicatorId: 'p1', actual: 71.8 } };
    it('records an actual at any stage before publication', () => {
      for (const given of [[opened], allApproved, atCouncil, accepted, sentBack]) {
        spec.given(given).when(record(71.8)).then([recordedActual]);
      }
    });
    it('keeps text actuals and is idempotent', () => {
      spec.given([opened]).when(record('9部41課85係')).then([{ type: 'PlanIndicatorActualRecorded', data: { ...base, indicatorId: 'p1', actual: '9部41課85係' } }]);
      spec.given([opened, recordedActual]).when(record(71.8)).thenNothing();
    });
    it('needs a plan- or group-level indicator (404) and a value', () => {
      spec.given([opened]).when(record(1, 'i1')).thenThrows(NotFoundError, { what: 'indicator', id: 'i1' });
      spec.given([opened]).when(record(Number.NaN)).thenThrows(InvalidCommandError, { field: 'actual' });
      spec.given([]).when(record(1)).thenThrows(NotFoundError, { what: 'cycle' });
    });
  });

  it('labels and counts', () => {
    const state = spec.given([opened, recorded('1', 'approved')]).when(status('2', 'submitted')).thenState();
    expect(pendingSheetCount(state)).toBe(1);
    expect(describeStatus(state)).toBe('照会中');
    expect(describeStatus('published')).toBe('公表済');
  });

  describe('a correction states what it corrects', () => {
    const pub = [opened, recorded('1', 'approved'), recorded('2', 'approved'), ready, { type: 'CouncilMeetingScheduled', data: { ...base, meetingDate: '2024-11-20', meetingName: '審議会' } }, { type: 'CouncilConcluded', data: { ...base, resolution: 'accepted' } }, { type: 'ReportPublished', data: { ...base, revision: 1 } }] as CycleEvent[];
    const revise = (over: Partial<Cmd<'ReviseReport'>>) => cmd('ReviseReport', { reason: '誤字の訂正', corrections: [], ...over });
    it('sheet fields, printed texts and plan-level actuals, each kept in ReportRevised v2', () => {
      spec
        .given(pub)
        .when(revise({ corrections: [{ itemId: '1', changes: { activities: '訂正後の実績' }, texts: { content: '訂正後の取組内容' } }], indicatorActuals: { p1: 76.1 } }))
        .then([
          {
            type: 'ReportRevised',
            data: { ...base, revision: 2, reason: '誤字の訂正', corrections: [{ itemId: '1', changes: { activities: '訂正後の実績' }, texts: { content: '訂正後の取組内容' } }], indicatorActuals: { p1: 76.1 } },
          },
        ]);
    });
    it('a correction of plan-level actuals alone is a correction', () => {
      expect(spec.given(pub).when(revise({ indicatorActuals: { p1: 76.1 } })).events()).toHaveLength(1);
    });
    it('refuses plain-text reasons (which rating?), nulls, unknown texts and indicators', () => {
      spec.given(pub).when(revise({ corrections: [{ itemId: '1', changes: { reasons: '理由' as never } }] })).thenThrows(InvalidCommandError, { field: 'corrections[0].changes.reasons' });
      spec.given(pub).when(revise({ corrections: [{ itemId: '1', changes: { effects: null as never } }] })).thenThrows(InvalidCommandError, { field: 'corrections[0].changes.effects' });
      spec.given(pub).when(revise({ corrections: [{ itemId: '1', changes: {}, texts: { departments: 'x' } as never }] })).thenThrows(InvalidCommandError, { field: 'corrections[0].texts.departments' });
      spec.given(pub).when(revise({ indicatorActuals: { i1: 5 } })).thenThrows(NotFoundError, { what: 'indicator' });
      spec.given(pub).when(revise({ indicatorActuals: { p1: '' } })).thenThrows(InvalidCommandError, { field: 'indicatorActuals.p1' });
    });
  });

  describe('refusals people can act on', () => {
    it('name the sheets not yet approved by label and title', () => {
      const named = { ...plan, itemNames: { '1': '① 税収確保の強化', '2': '② 使用料及び手数料等の見直し' } };
      const error = spec
        .given([opened, recorded('1', 'approved')])
        .when(cmd('ScheduleCouncil', { meetingDate: '2024-11-20', meetingName: '審議会', plan: named }))
        .thenThrows(IllegalTransitionError, { message: '（② 使用料及び手数料等の見直し）' });
      expect(error.message).not.toContain('①');
      expect(error.allowed).toEqual(['recordActual']);
    });
    it('never name a command', () => {
      const error = spec.given([opened]).when(cmd('PublishReport', {})).thenThrows(IllegalTransitionError);
      expect(error.message).not.toMatch(/[A-Z][a-z]+[A-Z]/);
      expect(error.messageEn).toContain('published only after the council accepts it');
    });
    it('say an empty opinion is empty', () => {
      const atCouncil = [opened, recorded('1', 'approved'), recorded('2', 'approved'), ready, { type: 'CouncilMeetingScheduled', data: { ...base, meetingDate: '2024-11-20', meetingName: '審議会' } }] as CycleEvent[];
      spec.given(atCouncil).when(cmd('RecordOpinion', { text: ' ' })).thenThrows(InvalidCommandError, { field: 'text', message: '意見が空です' });
    });
  });
});
