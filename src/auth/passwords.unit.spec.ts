import { generateOneTimePassword, passwordProblem, scryptHasher } from './passwords';

describe('passwords', () => {
  const hasher = scryptHasher(12);

  it('hashes with a salt of its own each time, verifies, and refuses another password', async () => {
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    expect(a).toMatch(/^\$scrypt\$ln=12,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('correct horse battery', a)).toBe(true);
    expect(await hasher.verify('correct horse batterY', a)).toBe(false);
    expect(await hasher.verify('correct horse battery', 'not a hash')).toBe(false);
  });

  it('verifies hashes of another cost and asks for a re-hash below its own', async () => {
    const old = await scryptHasher(11).hash('パスワード日本語でもよい');
    expect(await hasher.verify('パスワード日本語でもよい', old)).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('x'))).toBe(false);
  });

  it('treats the same text in NFC and NFD as one password', async () => {
    const stored = await hasher.hash('がっこう-password'.normalize('NFC'));
    expect(await hasher.verify('がっこう-password'.normalize('NFD'), stored)).toBe(true);
  });

  it('generates one-time passwords without look-alike characters', () => {
    const seen = new Set(Array.from({ length: 200 }, generateOneTimePassword));
    expect(seen.size).toBe(200);
    for (const p of seen) expect(p).toMatch(/^([a-km-zA-HJ-NP-Y2-9]{4}-){3}[a-km-zA-HJ-NP-Y2-9]{4}$/);
  });

  it.each([
    ['short', 'passwordTooShort'],
    ['x'.repeat(201), 'passwordTooLong'],
    ['sec1-login', null],
    ['aaaaaaaaaaaa', 'passwordTooSimple'],
    ['ＳＥＣ１あいうえおかきく', null],
  ])('policy: %s → %s', (password, rule) => {
    expect(passwordProblem(password, 'sec1')?.rule ?? null).toBe(rule);
  });

  it('refuses the login as the password', () => {
    expect(passwordProblem('Tanaka.Taro', 'tanaka.taro')?.rule).toBe('passwordIsLogin');
  });
});
