import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError } from '../../src/domain/errors';
import { illegalTransition, isNumberOrText, isText, requireRole, requireText, statusLabel, stripUndefined } from './guards';

describe('decider guards', () => {
  it('tells text from blanks', () => {
    expect(isText('取組')).toBe(true);
    expect([' ', '', undefined, 3].map(isText)).toEqual([false, false, false, false]);
    expect(() => requireText('  ', 'title', 'title (計画名)', '計画名')).toThrow(expect.objectContaining({ field: 'title', rule: 'required', message: '計画名が空です。入力してください。', messageEn: 'title (計画名) is required and may not be empty.' }));
    expect(() => requireText(5, 'comment', 'comment', '差戻し理由')).toThrow(expect.objectContaining({ message: '差戻し理由は文字で入力してください。' }));
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
    expect(() => requireRole({ type: 'ApproveSheet' }, ['secretariat'])).toThrow('シートの承認は事務局だけが行えます（あなたは未サインイン）。');
    expect(() => requireRole({ type: 'ApproveSheet' }, ['secretariat'])).toThrow(expect.objectContaining({ messageEn: 'Only the secretariat (事務局) may approve the sheet; you are "anonymous".' }));
    expect(() => requireRole({ type: 'FlagOverdue', actor: { sub: 'job', role: 'system' } }, ['system', 'secretariat'])).not.toThrow();
  });

  it('says the state by its label in Japanese and by both in English, and keeps the allowed step keys (409)', () => {
    const labels = { draft: '作成中', submitted: '提出済（審査中）' };
    expect(statusLabel('submitted', labels)).toBe('"submitted" (提出済（審査中）)');
    const error = illegalTransition('Sheet', 'submitted', labels, ['approve', 'return'], 'wait for the review');
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({ currentState: 'submitted', allowed: ['approve', 'return'], message: 'シートは「提出済（審査中）」です。この状態ではこの操作はできません。', messageEn: 'Sheet is "submitted" (提出済（審査中）): wait for the review.' });
    expect(illegalTransition('Sheet', 'draft', labels, [], 'no', '保存してください。').message).toBe('シートは「作成中」です。保存してください。');
    expect(error).not.toBeInstanceOf(InvalidCommandError);
  });
});
