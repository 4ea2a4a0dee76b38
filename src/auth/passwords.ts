/**
 * Password hashing with Node's own scrypt (OpenSSL): no dependency, memory-hard, a random 16-byte
 * salt per credential, compared in constant time. Hashes are PHC strings that carry their cost,
 * `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`, so the cost can be raised later (PASSWORD_HASH_COST) and
 * older hashes still verify — and are re-hashed at the next sign-in (`needsRehash`).
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  needsRehash(stored: string): boolean;
}

function scryptAsync(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  const N = 2 ** cost;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * N * BLOCK_SIZE }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** `cost` is log2 of scrypt's N: 17 (128 MiB, OWASP's recommendation) by default. */
export function scryptHasher(cost = 17): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await scryptAsync(password, salt, cost);
      return `$scrypt$ln=${cost},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`;
    },
    async verify(password, stored) {
      const m = PHC.exec(stored);
      if (!m || Number(m[2]) !== BLOCK_SIZE || Number(m[3]) !== PARALLELISM) return false;
      const expected = Buffer.from(m[5], 'base64');
      const key = await scryptAsync(password, Buffer.from(m[4], 'base64'), Number(m[1]));
      return expected.length === key.length && timingSafeEqual(expected, key);
    },
    needsRehash(stored) {
      const m = PHC.exec(stored);
      return !m || Number(m[1]) < cost;
    },
  };
}

/** Letters and digits that cannot be mistaken for one another when read aloud or from paper (no 0/O, 1/l/I). */
const ONE_TIME_ALPHABET = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789';

/** A one-time password to hand over: 16 characters in groups of four (≈ 91 bits), e.g. "Hq4t-Xm2c-9vRa-Kp7e". */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export interface PasswordProblem {
  /** passwordTooShort | passwordTooLong | passwordIsLogin | passwordTooSimple (the screens translate the rule). */
  rule: string;
  message: string;
}

/** What a chosen password must be (NIST SP 800-63B: length over composition rules). */
export function passwordProblem(password: string, login: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return { rule: 'passwordTooShort', message: `the password must have at least ${PASSWORD_MIN_LENGTH} characters` };
  if (length > PASSWORD_MAX_LENGTH) return { rule: 'passwordTooLong', message: `the password may have at most ${PASSWORD_MAX_LENGTH} characters` };
  if (password.trim().toLowerCase() === login.toLowerCase()) return { rule: 'passwordIsLogin', message: 'the password may not be the login' };
  if (new Set(password).size < 4) return { rule: 'passwordTooSimple', message: 'the password repeats too few different characters' };
  return null;
}
