import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError } from '../../src/domain/errors';
import { illegalTransition, isNumberOrText, isText, requireRole, requireText, statusLabel, stripUndefined } from './guards';

describe('decider guards', () => {
  it('tells text from blanks', () => {
    expect(isText('取組')).toBe(true);
    expect([' ', '', undefined, 3].map(isText)).toEqual([false, false, false, false]);
    expect(() => requireText('  ', 'title', 'title (計画名)')).toThrow(expect.objectContaining({ field: 'title', rule: 'required' }));
    expect(() => requireText('計画', 'title', 'title')).not.toThrow();
  });

  it('takes finite numbers and texts as indicator values', () => {
    expect([98.3, '9部41課85係', 0].map(isNumberOrText)).toEqual([true, true, true]);
    expect([Number.NaN, Infinity, null, {}].map(isNumberOrText)).toEqual([false, false, false, false]);
  });

  it('drops undefined fields only', () => {
    expect(stripUndefined({ a: 1, b: undefined, c: null, d: '' })).toEqual({ a: 1, c: null, d: '' });
  });

  it('refuses a role not listed (403), naming who may', () => {
    expect(() => requireRole({ type: 'ApproveSheet', actor: { sub: 'd', role: 'department', department: '税務課' } }, ['secretariat'])).toThrow(ForbiddenActionError);
    expect(() => requireRole({ type: 'ApproveSheet' }, ['secretariat'])).toThrow(/Only the secretariat \(事務局\) may ApproveSheet; you are "anonymous"/);
    expect(() => requireRole({ type: 'FlagOverdue', actor: { sub: 'job', role: 'system' } }, ['system', 'secretariat'])).not.toThrow();
  });

  it('says the state, in both words, and what is allowed (409)', () => {
    const labels = { draft: '作成中', submitted: '提出済（審査中）' };
    expect(statusLabel('submitted', labels)).toBe('"submitted" (提出済（審査中）)');
    const error = illegalTransition('Sheet', 'submitted', labels, ['approve', 'return'], 'wait for the review');
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({ currentState: 'submitted', allowed: ['approve', 'return'], message: 'Sheet is "submitted" (提出済（審査中）): wait for the review. Allowed now: approve, return.' });
    expect(illegalTransition('Sheet', 'draft', labels, [], 'no').message).toBe('Sheet is "draft" (作成中): no.');
    expect(error).not.toBeInstanceOf(InvalidCommandError);
  });
});
