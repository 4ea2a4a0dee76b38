import type { SheetEvent } from '../events/sheet.events';
import { ProjectionSpecification } from '../test/support/projection-spec';
import { reviewQueueProjection, type ReviewQueueEntry } from './review-queue.projection';

const spec = ProjectionSpecification.for(reviewQueueProjection);
const planId = 'tamana';
const fiscalYear = 2023;
const itemId = '15';
const departments = ['総務課', '情報政策課'];
const key = 'tamana/2023/15';
const base = { planId, fiscalYear, itemId };

const saved = (at = '2024-05-01T00:00:00.000Z'): SheetEvent => ({
  type: 'SheetSaved',
  data: { ...base, content: { activities: '実施した', reasons: {}, measures: {}, actuals: {} }, department: '総務課', at },
});
const submitted = (at = '2024-05-10T00:00:00.000Z', resubmission = false): SheetEvent => ({
  type: 'SheetSubmitted',
  data: { ...base, departments, department: '総務課', resubmission, at },
});
const returned = (comment = '数値を追記してください', at = '2024-05-20T00:00:00.000Z'): SheetEvent => ({
  type: 'SheetReturned',
  data: { ...base, comment, departments, by: 'sec-1', at },
});
const approved: SheetEvent = { type: 'SheetApproved', data: { ...base, departments, by: 'sec-1', at: '2024-06-01T00:00:00.000Z' } };
const overdue: SheetEvent = { type: 'SheetOverdue', data: { ...base, dueDate: '2024-06-30', departments, at: '2024-07-01T00:00:00.000Z' } };
const reminded: SheetEvent = { type: 'SheetReminderSent', data: { ...base, reason: 'overdue', departments, at: '2024-07-01T00:00:00.000Z' } };

const entry = (over: Partial<ReviewQueueEntry>): ReviewQueueEntry => ({
  planId,
  fiscalYear,
  itemId,
  departments: ['総務課'],
  state: 'notStarted',
  overdue: false,
  since: '2024-05-01T00:00:00.000Z',
  resubmission: false,
  returns: 0,
  ...over,
});

describe('review-queue projection', () => {
  it('given nothing, when a sheet is first saved, then it is a draft of the saving department, since then', () => {
    spec.given([]).when(saved()).then({ [key]: entry({ state: 'draft' }) });
  });

  it('given a draft, when it is submitted, then it waits for review since the submission, with the item’s departments', () => {
    spec.given([saved()]).when(submitted()).then({ [key]: entry({ state: 'submitted', departments, since: '2024-05-10T00:00:00.000Z' }) });
  });

  it('given a submitted sheet, when it is returned, then it waits for the department with the comment and the return’s event id', () => {
    spec
      .given([saved(), submitted()])
      .when(returned())
      .then({ [key]: entry({ state: 'returned', departments, since: '2024-05-20T00:00:00.000Z', lastComment: '数値を追記してください', lastReturnEventId: 'e3', returns: 1 }) });
  });

  it('given a returned sheet, when it is saved again, then it stays returned (still waiting for resubmission)', () => {
    const [doc] = spec.given([saved(), submitted(), returned()]).when(saved('2024-05-21T00:00:00.000Z')).documents().values();
    expect(doc).toMatchObject({ state: 'returned', since: '2024-05-20T00:00:00.000Z' });
  });

  it('given a returned sheet, when it is resubmitted, then it waits for review again, marked as a resubmission', () => {
    spec
      .given([saved(), submitted(), returned()])
      .when(submitted('2024-05-25T00:00:00.000Z', true))
      .then({ [key]: entry({ state: 'submitted', departments, since: '2024-05-25T00:00:00.000Z', resubmission: true, lastComment: '数値を追記してください', lastReturnEventId: 'e3', returns: 1 }) });
  });

  it('given a submitted sheet, when it is approved, then it leaves the queue', () => {
    spec.given([saved(), submitted()]).when(approved).then({ [key]: null });
  });

  it('given a draft, when it is overdue, then it is flagged with the due date; a submitted sheet is not', () => {
    spec.given([saved()]).when(overdue).then({ [key]: entry({ state: 'draft', departments, overdue: true, dueDate: '2024-06-30' }) });
    spec.given([saved(), submitted()]).when(overdue).then({ [key]: entry({ state: 'submitted', departments, since: '2024-05-10T00:00:00.000Z' }) });
  });

  it('given nothing saved, when the sheet is overdue, then it enters the queue as not started and overdue', () => {
    spec.given([]).when(overdue).then({ [key]: entry({ departments, overdue: true, dueDate: '2024-06-30', since: '2024-07-01T00:00:00.000Z' }) });
  });

  it('given an overdue sheet, when it is first saved, then it keeps waiting since it became overdue', () => {
    const [doc] = spec.given([overdue]).when(saved('2024-07-02T00:00:00.000Z')).documents().values();
    expect(doc).toMatchObject({ state: 'draft', overdue: true, since: '2024-07-01T00:00:00.000Z' });
  });

  it('given an overdue sheet, when it is submitted, then it is no longer overdue', () => {
    const [doc] = spec.given([saved(), overdue]).when(submitted('2024-07-02T00:00:00.000Z')).documents().values();
    expect(doc).toMatchObject({ state: 'submitted', overdue: false });
  });

  it('ignores reminders', () => {
    spec.given([saved(), overdue]).when(reminded).thenUnchanged();
  });
});

describe('review-queue projection: rating marks, withdrawals, reopenings', () => {
  const marked: SheetEvent = {
    type: 'SheetSubmitted',
    data: { ...base, departments, department: '総務課', resubmission: false, ratingMismatch: true, suggestedAchievement: 'S', at: '2024-05-10T00:00:00.000Z' },
  };

  it('given a draft, when submitted with a rating that differs from the suggestion, then the entry is marked for the reviewer', () => {
    spec.given([saved()]).when(marked).then({
      [key]: entry({ departments, state: 'submitted', since: '2024-05-10T00:00:00.000Z', ratingMismatch: true, suggestedAchievement: 'S' }),
    });
  });

  it('given a marked submission, when withdrawn, then it is a draft again without the mark; when resubmitted right, unmarked', () => {
    const withdrawn: SheetEvent = { type: 'SheetWithdrawn', data: { ...base, departments, department: '総務課', at: '2024-05-11T00:00:00.000Z' } };
    spec.given([saved(), marked]).when(withdrawn).then({ [key]: entry({ departments, state: 'draft', since: '2024-05-11T00:00:00.000Z' }) });
    spec.given([saved(), marked, withdrawn]).when(submitted('2024-05-12T00:00:00.000Z')).then({ [key]: entry({ departments, state: 'submitted', since: '2024-05-12T00:00:00.000Z' }) });
  });

  it('given an approved sheet (out of the queue), when reopened, then it is back as returned with the comment', () => {
    const reopened: SheetEvent = { type: 'SheetReopened', data: { ...base, departments, comment: '再確認してください', by: 'sec-1', at: '2024-06-02T00:00:00.000Z' } };
    spec.given([saved(), submitted(), approved]).when(reopened).then({
      [key]: entry({ departments, state: 'returned', since: '2024-06-02T00:00:00.000Z', lastComment: '再確認してください' }),
    });
  });
});
