import type { Actor } from '../../events/event';
import type { SheetContent, SheetEvent } from '../../events/sheet.events';
import { DeciderSpecification } from '../../test/support/decider-spec';
import { ForbiddenActionError, IllegalTransitionError, IncompleteSheetError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';
import type { CycleStatus } from '../../events/vocabulary';
import { describeStatus, sheetDecider, type SheetCommand, type SheetContentInput } from './sheet.decider';

const spec = DeciderSpecification.for(sheetDecider);
const planId = 'tamana';
const fiscalYear = 2023;
const itemId = '15';
const departments = ['総務課', '情報政策課'];
const at = '2024-05-01T00:00:00.000Z';
const base = { planId, fiscalYear, itemId };

const soumu: Actor = { sub: 'd-1', role: 'department', department: '総務課' };
const johosei: Actor = { sub: 'd-2', role: 'department', department: '情報政策課' };
const zeimu: Actor = { sub: 'd-3', role: 'department', department: '税務課' };
const secretariat: Actor = { sub: 'sec-1', role: 'secretariat' };
const system: Actor = { sub: 'job', role: 'system' };

const ctx = (cycleStatus: CycleStatus = 'collecting') => ({
  item: { id: itemId, departments, indicatorIds: ['i15'] },
  cycle: { status: cycleStatus, dueDate: '2024-06-30' },
});
type Extra = { actor?: Actor; at?: string; cycleStatus?: CycleStatus };
function cmd(type: SheetCommand['type'], rest: Record<string, unknown> & Extra = {}): SheetCommand {
  const { actor, at: when, cycleStatus, ...more } = rest;
  return { type, ...base, ...ctx(cycleStatus), actor: actor ?? soumu, at: when ?? at, ...more } as SheetCommand;
}
const save = (content: SheetContentInput, extra: Extra = {}) => cmd('SaveSheet', { content, ...extra });
const submit = (extra: Extra = {}) => cmd('SubmitSheet', extra);
const approve = (extra: Extra = {}) => cmd('ApproveSheet', { actor: secretariat, ...extra });
const ret = (comment: string, extra: Extra = {}) => cmd('ReturnSheet', { comment, actor: secretariat, ...extra });
const flag = (extra: Extra = {}) => cmd('FlagOverdue', { actor: system, at: '2024-07-01T00:00:00.000Z', ...extra });

const fullContent: SheetContent = {
  progress: 'A',
  achievement: 'A',
  activities: 'オンライン申請可能な手続を32件追加した。',
  reasons: {},
  measures: {},
  actuals: { i15: 120 },
  nextYear: { issues: '利用率の向上', plan: '周知を強化する' },
  implementation: 'partial',
};
const saved = (content: SheetContent = fullContent, department = '総務課'): SheetEvent => ({
  type: 'SheetSaved',
  data: { ...base, content, department, at },
});
const submitted = (resubmission = false, department = '総務課'): SheetEvent => ({
  type: 'SheetSubmitted',
  data: { ...base, departments, department, resubmission, at },
});
const returned = (comment = '実績の数値を追記してください'): SheetEvent => ({
  type: 'SheetReturned',
  data: { ...base, comment, departments, by: 'sec-1', at },
});
const approved: SheetEvent = { type: 'SheetApproved', data: { ...base, departments, by: 'sec-1', at } };
const overdue: SheetEvent = {
  type: 'SheetOverdue',
  data: { ...base, dueDate: '2024-06-30', departments, at: '2024-07-01T00:00:00.000Z' },
};

describe('sheet decider', () => {
  describe('SaveSheet', () => {
    it('saves a draft, filling defaults', () => {
      spec
        .given([])
        .when(save({ activities: '検討中', progress: 'B' }))
        .then([saved({ activities: '検討中', progress: 'B', reasons: {}, measures: {}, actuals: {} })]);
    });
    it('allows any department of the item', () => {
      spec.given([]).when(save(fullContent, { actor: johosei })).then([saved(fullContent, '情報政策課')]);
    });
    it('refuses a department not on the item before it looks at the cycle (403, where the owner gets 404)', () => {
      spec.given([]).when(save(fullContent, { actor: zeimu, cycleStatus: 'none' })).thenThrows(ForbiddenActionError, { message: '税務課 is not a responsible department' });
      spec.given([]).when(save(fullContent, { actor: zeimu, cycleStatus: 'published' })).thenThrows(ForbiddenActionError);
      spec.given([]).when(save(fullContent, { cycleStatus: 'none' })).thenThrows(NotFoundError, { what: 'cycle' });
      spec.given([]).when(submit({ actor: zeimu, cycleStatus: 'none' })).thenThrows(ForbiddenActionError);
    });
    it('forbids other departments and the secretariat (403)', () => {
      spec.given([]).when(save(fullContent, { actor: zeimu })).thenThrows(ForbiddenActionError, { message: '税務課' });
      spec.given([]).when(save(fullContent, { actor: secretariat })).thenThrows(ForbiddenActionError);
    });
    it('saves while draft and returned', () => {
      spec.given([saved()]).when(save(fullContent)).then([saved()]);
      const state = spec.given([saved(), submitted(), returned()]).when(save(fullContent)).thenState();
      expect(state.status).toBe('returned');
    });
    it('refuses while submitted — wait for review (409)', () => {
      spec
        .given([saved(), submitted()])
        .when(save(fullContent))
        .thenThrows(IllegalTransitionError, { currentState: 'submitted', allowed: ['approve', 'return', 'withdraw (the department, before the review)'], message: '"submitted" (提出済（審査中）): wait' });
    });
    it('refuses once approved (409)', () => {
      spec.given([saved(), submitted(), approved]).when(save(fullContent)).thenThrows(IllegalTransitionError, { currentState: 'approved' });
    });
    it('needs a cycle open for sheets', () => {
      spec.given([]).when(save(fullContent, { cycleStatus: 'none' })).thenThrows(NotFoundError, { what: 'cycle' });
      spec.given([]).when(save(fullContent, { cycleStatus: 'atCouncil' })).thenThrows(IllegalTransitionError, { currentState: 'atCouncil' });
      spec.given([]).when(save(fullContent, { cycleStatus: 'published' })).thenThrows(IllegalTransitionError, { currentState: 'published' });
      spec.given([]).when(save(fullContent, { cycleStatus: 'sentBack' })).then([saved()]);
    });
    it('allows an incomplete draft (B without reason)', () => {
      const c: SheetContent = { progress: 'C', activities: '', reasons: {}, measures: {}, actuals: {} };
      spec.given([]).when(save(c)).then([saved(c)]);
    });
    it('rejects actuals of indicators that are not the item’s', () => {
      spec.given([]).when(save({ ...fullContent, actuals: { i99: 1 } })).thenThrows(InvalidCommandError, { field: 'actuals.i99' });
    });
    it('rejects unknown ratings and implementation values', () => {
      spec.given([]).when(save({ ...fullContent, progress: 'D' as never })).thenThrows(InvalidCommandError, { field: 'progress' });
      spec.given([]).when(save({ ...fullContent, achievement: 'X' as never })).thenThrows(InvalidCommandError, { field: 'achievement' });
      spec.given([]).when(save({ ...fullContent, implementation: 'maybe' as never })).thenThrows(InvalidCommandError, { field: 'implementation' });
    });
  });

  describe('SubmitSheet', () => {
    it('submits a saved sheet', () => {
      spec.given([saved()]).when(submit()).then([submitted()]);
    });
    it('records the submitting department', () => {
      spec.given([saved()]).when(submit({ actor: johosei })).then([submitted(false, '情報政策課')]);
    });
    it('needs a saved sheet with activities (取組実績)', () => {
      spec.given([]).when(submit()).thenThrows(InvalidCommandError, { field: 'activities' });
      spec.given([saved({ ...fullContent, activities: '  ' })]).when(submit()).thenThrows(InvalidCommandError, { field: 'activities' });
    });
    it('forbids other departments', () => {
      spec.given([saved()]).when(submit({ actor: zeimu })).thenThrows(ForbiddenActionError);
      spec.given([saved()]).when(submit({ actor: secretariat })).thenThrows(ForbiddenActionError);
    });
    it('refuses twice and after approval', () => {
      spec.given([saved(), submitted()]).when(submit()).thenThrows(IllegalTransitionError, { currentState: 'submitted' });
      spec.given([saved(), submitted(), approved]).when(submit()).thenThrows(IllegalTransitionError, { currentState: 'approved' });
    });
    it('needs a cycle open for sheets', () => {
      spec.given([saved()]).when(submit({ cycleStatus: 'readyForCouncil' })).thenThrows(IllegalTransitionError, { currentState: 'readyForCouncil' });
    });
    describe('rating rules', () => {
      const withRatings = (over: Partial<SheetContent>) => [saved({ ...fullContent, ...over })];
      it('progress B or C needs reasons.progress and measures.progress', () => {
        for (const r of ['B', 'C'] as const) {
          spec.given(withRatings({ progress: r })).when(submit()).thenThrows(InvalidCommandError, { field: 'reasons.progress' });
          spec.given(withRatings({ progress: r, reasons: { progress: '調整に時間を要した' } })).when(submit()).thenThrows(InvalidCommandError, { field: 'measures.progress' });
          spec
            .given(withRatings({ progress: r, reasons: { progress: '調整に時間を要した' }, measures: { progress: '早期に着手する' } }))
            .when(submit())
            .then([submitted()]);
        }
      });
      it('progress S needs reasons.progress only', () => {
        spec.given(withRatings({ progress: 'S' })).when(submit()).thenThrows(InvalidCommandError, { field: 'reasons.progress' });
        spec.given(withRatings({ progress: 'S', reasons: { progress: '前倒しで実施' } })).when(submit()).then([submitted()]);
      });
      it('achievement B or C needs reasons.achievement and measures.achievement', () => {
        for (const r of ['B', 'C'] as const) {
          spec.given(withRatings({ achievement: r })).when(submit()).thenThrows(InvalidCommandError, { field: 'reasons.achievement' });
          spec
            .given(withRatings({ achievement: r, reasons: { achievement: '利用者が伸びなかった' } }))
            .when(submit())
            .thenThrows(InvalidCommandError, { field: 'measures.achievement' });
          spec
            .given(withRatings({ achievement: r, reasons: { achievement: '利用者が伸びなかった' }, measures: { achievement: '周知' } }))
            .when(submit())
            .then([submitted()]);
        }
      });
      it('achievement S needs reasons.achievement', () => {
        spec.given(withRatings({ achievement: 'S' })).when(submit()).thenThrows(InvalidCommandError, { field: 'reasons.achievement' });
        spec.given(withRatings({ achievement: 'S', reasons: { achievement: '大幅に増加' } })).when(submit()).then([submitted()]);
      });
      it('A, "-" and omitted ratings need nothing', () => {
        spec.given(withRatings({ progress: 'A', achievement: '-' })).when(submit()).then([submitted()]);
        spec.given([saved({ activities: '実施した', implementation: 'done', reasons: {}, measures: {}, actuals: {} })]).when(submit()).then([submitted()]);
      });
      it('by default needs 取組実績 and a 進捗状況 or an 実施状況, and names every missing field in one refusal', () => {
        const error = spec.given([saved({ activities: ' ', reasons: {}, measures: {}, actuals: {} })]).when(submit()).thenThrows(IncompleteSheetError, { field: 'activities' });
        expect(error.missing.map((m) => m.field)).toEqual(['activities', 'progress|implementation']);
        spec.given([saved({ activities: '実施した', implementation: 'partial', reasons: {}, measures: {}, actuals: {} })]).when(submit()).then([submitted()]);
      });
      it('re-checks actuals against the item’s indicators', () => {
        spec
          .given(withRatings({}))
          .when(cmd('SubmitSheet', { item: { id: itemId, departments, indicatorIds: [] } }))
          .thenThrows(InvalidCommandError, { field: 'actuals.i15' });
      });
    });
  });

  describe('review', () => {
    it('approves a submitted sheet', () => {
      const t = spec.given([saved(), submitted()]).when(approve());
      t.then([approved]);
      expect(t.thenState().status).toBe('approved');
    });
    it('returns a submitted sheet with a comment', () => {
      spec.given([saved(), submitted()]).when(ret(' 実績の数値を追記してください ')).then([returned()]);
    });
    it('a return needs a comment', () => {
      spec.given([saved(), submitted()]).when(ret('  ')).thenThrows(InvalidCommandError, { field: 'comment' });
    });
    it('approves and returns only submitted sheets (409)', () => {
      spec.given([]).when(approve()).thenThrows(IllegalTransitionError, { currentState: 'notStarted' });
      spec.given([saved()]).when(approve()).thenThrows(IllegalTransitionError, { currentState: 'draft' });
      spec.given([saved(), submitted(), returned()]).when(approve()).thenThrows(IllegalTransitionError, { currentState: 'returned' });
      spec.given([saved(), submitted(), approved]).when(approve()).thenThrows(IllegalTransitionError, { currentState: 'approved' });
      spec.given([saved()]).when(ret('x')).thenThrows(IllegalTransitionError, { currentState: 'draft' });
    });
    it('is for the secretariat only (403)', () => {
      spec.given([saved(), submitted()]).when(approve({ actor: soumu })).thenThrows(ForbiddenActionError);
      spec.given([saved(), submitted()]).when(ret('x', { actor: soumu })).thenThrows(ForbiddenActionError);
    });
    it('an approved sheet may be returned only while the cycle is sentBack', () => {
      spec
        .given([saved(), submitted(), approved])
        .when(ret('x', { cycleStatus: 'concluded' }))
        .thenThrows(IllegalTransitionError, { currentState: 'approved', message: 'sends the report back' });
      spec.given([saved(), submitted(), approved]).when(ret('審議会の意見を反映してください', { cycleStatus: 'sentBack' })).then([returned('審議会の意見を反映してください')]);
    });
    it('resubmission keeps history', () => {
      const history = [saved(), submitted(), returned('一回目'), saved(), submitted(true), returned('二回目'), saved()];
      spec.given(history).when(submit()).then([submitted(true)]);
      const state = spec.given(history).when(submit()).thenState();
      if (state.status !== 'submitted') throw new Error('expected submitted');
      expect(state.submissions).toBe(3);
      expect(state.returns).toEqual([
        { comment: '一回目', at, by: 'sec-1' },
        { comment: '二回目', at, by: 'sec-1' },
      ]);
    });
  });

  describe('FlagOverdue', () => {
    it('flags a sheet past the due date when notStarted, draft or returned', () => {
      spec.given([]).when(flag()).then([overdue]);
      spec.given([saved()]).when(flag()).then([overdue]);
      spec.given([saved(), submitted(), returned()]).when(flag()).then([overdue]);
    });
    it('emits nothing when submitted, approved, already flagged, not yet due or the cycle is not collecting', () => {
      spec.given([saved(), submitted()]).when(flag()).thenNothing();
      spec.given([saved(), submitted(), approved]).when(flag()).thenNothing();
      spec.given([overdue]).when(flag()).thenNothing();
      spec.given([]).when(flag({ at: '2024-06-30T10:00:00.000Z' })).thenNothing();
      spec.given([]).when(flag({ cycleStatus: 'published' })).thenNothing();
    });
    it('is for the system (or the secretariat)', () => {
      spec.given([]).when(flag({ actor: secretariat })).then([overdue]);
      spec.given([]).when(flag({ actor: soumu })).thenThrows(ForbiddenActionError);
    });
    it('keeps the overdue mark through saving', () => {
      const state = spec.given([overdue]).when(save(fullContent)).thenState();
      expect(state.overdue).toBe(true);
      expect(describeStatus(state)).toBe('作成中');
    });
  });

  describe('SendReminder', () => {
    const remind = (reason: 'overdue' | 'returned') => cmd('SendReminder', { reason, actor: system });
    it('reminds an overdue or returned sheet', () => {
      spec.given([overdue]).when(remind('overdue')).then([{ type: 'SheetReminderSent', data: { ...base, reason: 'overdue', departments, at } }]);
      spec.given([saved(), submitted(), returned()]).when(remind('returned')).then([{ type: 'SheetReminderSent', data: { ...base, reason: 'returned', departments, at } }]);
    });
    it('emits nothing when no reminder is due', () => {
      spec.given([]).when(remind('overdue')).thenNothing();
      spec.given([saved(), submitted()]).when(remind('returned')).thenNothing();
      spec.given([overdue, saved(), submitted()]).when(remind('overdue')).thenNothing();
    });
  });

  it('labels statuses in Japanese', () => {
    expect(['notStarted', 'draft', 'submitted', 'returned', 'approved'].map((s) => describeStatus(s as never))).toEqual([
      '未着手',
      '作成中',
      '提出済（審査中）',
      '差戻し中',
      '承認済',
    ]);
  });
});

describe('sheet decider: withdraw and reopen', () => {
  const submittedOnce = [saved(), submitted()];
  const withdraw = (extra: Extra & { comment?: string } = {}) => cmd('WithdrawSheet', extra);
  const reopen = (comment: string, extra: Extra = {}) => cmd('ReopenSheet', { comment, actor: secretariat, ...extra });

  it('the department withdraws a submission before the review; the sheet is a draft again', () => {
    const events = spec.given(submittedOnce).when(withdraw({ comment: '数値の誤り' })).then([
      { type: 'SheetWithdrawn', data: { ...base, departments, department: '総務課', comment: '数値の誤り', at } },
    ]);
    expect(spec.given([...submittedOnce, ...events]).when(submit()).events()).toHaveLength(1);
    spec.given(submittedOnce).when(withdraw({ actor: johosei })).then([{ type: 'SheetWithdrawn', data: { ...base, departments, department: '情報政策課', at } }]);
  });

  it('refuses a withdrawal once reviewed, when not submitted, by another department or the secretariat', () => {
    spec.given([...submittedOnce, approved]).when(withdraw()).thenThrows(IllegalTransitionError, { currentState: 'approved' });
    spec.given([...submittedOnce, returned()]).when(withdraw()).thenThrows(IllegalTransitionError, { currentState: 'returned' });
    spec.given([saved()]).when(withdraw()).thenThrows(IllegalTransitionError, { currentState: 'draft' });
    spec.given(submittedOnce).when(withdraw({ actor: zeimu })).thenThrows(ForbiddenActionError);
    spec.given(submittedOnce).when(withdraw({ actor: secretariat })).thenThrows(ForbiddenActionError);
  });

  it('the secretariat reopens an approval before the council; the department revises and resubmits', () => {
    const events = spec.given([...submittedOnce, approved]).when(reopen('実績値を再確認してください', { cycleStatus: 'readyForCouncil' })).then([
      { type: 'SheetReopened', data: { ...base, departments, comment: '実績値を再確認してください', by: 'sec-1', at } },
    ]);
    const state = spec.given([...submittedOnce, approved, ...events]).when(save(fullContent)).thenState();
    expect(state.status).toBe('returned');
    expect(spec.given([...submittedOnce, approved, ...events]).when(submit()).events()[0]).toMatchObject({ type: 'SheetSubmitted', data: { resubmission: false } });
  });

  it('refuses a reopening at or after the council, of a sheet not approved, without a comment, by a department', () => {
    for (const cycleStatus of ['atCouncil', 'concluded', 'published', 'sentBack'] as const) {
      spec.given([...submittedOnce, approved]).when(reopen('再確認', { cycleStatus })).thenThrows(IllegalTransitionError, { currentState: cycleStatus });
    }
    spec.given(submittedOnce).when(reopen('再確認')).thenThrows(IllegalTransitionError, { currentState: 'submitted', allowed: ['approve', 'return', 'withdraw (the department, before the review)'] });
    spec.given([...submittedOnce, approved]).when(reopen('  ')).thenThrows(InvalidCommandError, { field: 'comment' });
    spec.given([...submittedOnce, approved]).when(reopen('再確認', { actor: soumu })).thenThrows(ForbiddenActionError);
  });
});

describe('sheet decider: the plan\'s sheet rules and the suggested 達成状況 on submit', () => {
  const tamana = { sheetRules: 'tamana' as const, ratingThresholds: { s: 1.1, a: 1, b: 0.8 } };
  const withFacts = (extra: Record<string, unknown>) =>
    cmd('SubmitSheet', { item: { id: itemId, departments, indicatorIds: ['i15'], indicators: [{ id: 'i15', name: 'オンライン手続数', direction: 'higher', target: 100 }] }, ...extra });

  it('the Tamana rules need 達成状況 (a target that year), the actuals and 次年度の取組計画: all named in one refusal', () => {
    const error = spec.given([saved({ activities: '実施した', reasons: {}, measures: {}, actuals: {} })]).when(withFacts({ rules: tamana })).thenThrows(IncompleteSheetError);
    expect(error.missing.map((m) => m.field)).toEqual(['progress', 'achievement', 'actuals.i15', 'nextYear.issues', 'nextYear.plan']);
    expect(error.missing[2].message).toContain('オンライン手続数');
    // 105 of a target of 100: A, as the sheet says — no mark.
    spec.given([saved({ ...fullContent, actuals: { i15: 105 } })]).when(withFacts({ rules: tamana })).then([
      { type: 'SheetSubmitted', data: { ...base, departments, department: '総務課', resubmission: false, at } },
    ]);
  });

  it('without settings the same sheet needs only 取組実績 and a 進捗状況 or 実施状況', () => {
    expect(spec.given([saved({ activities: '実施した', implementation: 'done', reasons: {}, measures: {}, actuals: {} })]).when(withFacts({})).events()).toHaveLength(1);
  });

  it('a rating that differs from the suggestion is accepted and marked; "-" with a target that year too', () => {
    // 120 of a target of 100 is 120 %: S; the sheet says A.
    spec.given([saved(fullContent)]).when(withFacts({})).then([
      { type: 'SheetSubmitted', data: { ...base, departments, department: '総務課', resubmission: false, ratingMismatch: true, suggestedAchievement: 'S', at } },
    ]);
    spec.given([saved({ ...fullContent, achievement: 'S', reasons: { achievement: '周知の効果' } })]).when(withFacts({})).then([
      { type: 'SheetSubmitted', data: { ...base, departments, department: '総務課', resubmission: false, at } },
    ]);
    spec.given([saved({ ...fullContent, achievement: '-' })]).when(withFacts({})).then([
      { type: 'SheetSubmitted', data: { ...base, departments, department: '総務課', resubmission: false, ratingMismatch: true, suggestedAchievement: 'S', at } },
    ]);
  });
});
