/**
 * Credentials never reach a log line or an error message. Two layers:
 * - redactUrl: what the service itself prints about a URL setting shows no password, no lone token in
 *   the user part of a Redis URL, and no secret-looking query parameter;
 * - scrubSecrets: every log line (whoever wrote it: the service, pino-http, a driver's error) has the
 *   secret values of the settings replaced, so a library that echoes a connection string leaks nothing.
 */

/** The settings that hold URLs (and so may hold credentials). */
export const URL_SETTINGS = ['EVENT_STORE_URL', 'READ_MODEL_URL', 'REDIS_URL', 'NOTIFY_WEBHOOK_URL', 'PG_URL', 'KURRENTDB_URL'] as const;
/** Settings that are secrets as a whole. */
export const SECRET_SETTINGS = ['JWT_SECRET'] as const;

const MASK = '***';
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|credential|signature|^sig$/i;

/** In Redis URLs a user part without a password is the password (redis://secret@host). */
const loneUserIsSecret = (scheme: string) => /^rediss?:/i.test(scheme);

/** The URL with its credentials masked: `redis://:***@host`, `postgres://user:***@host/db`, `…?password=***`. */
export function redactUrl(url: string): string {
  let out = url.replace(USERINFO, (_whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
    return loneUserIsSecret(scheme) ? `${scheme}${MASK}@` : `${scheme}${userinfo}@`;
  });
  out = out.replace(/([?&;])([^=&;#]+)=([^&;#]*)/g, (whole, sep: string, name: string) => (SECRET_PARAM.test(name) ? `${sep}${name}=${MASK}` : whole));
  return out;
}

/** The secret parts of one URL (as written and percent-decoded). */
export function secretsOfUrl(url: string): string[] {
  const found: string[] = [];
  const userinfo = USERINFO.exec(url);
  if (userinfo) {
    const [, scheme, info] = userinfo;
    const colon = info.indexOf(':');
    if (colon >= 0) found.push(info.slice(colon + 1));
    else if (loneUserIsSecret(scheme)) found.push(info);
  }
  for (const match of url.matchAll(/[?&;]([^=&;#]+)=([^&;#]*)/g)) if (SECRET_PARAM.test(match[1])) found.push(match[2]);
  return found.flatMap((s) => {
    let decoded = s;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      /* not percent-encoded */
    }
    return decoded === s ? [s] : [s, decoded];
  });
}

/** Every secret value in the environment's settings (too short to be told from text are left out: they are masked by redactUrl only). */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = [...URL_SETTINGS.flatMap((name) => (env[name] ? secretsOfUrl(env[name]!) : [])), ...SECRET_SETTINGS.map((name) => env[name] ?? '')];
  // A secret also appears JSON-escaped inside a JSON log line.
  const forms = values.filter((s) => s.length >= 4).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** `text` with every one of `secrets` replaced by ***. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

/** A pino destination that scrubs every line before it reaches stdout. */
export function scrubbingStream(secrets: readonly string[], out: NodeJS.WritableStream = process.stdout): { write(line: string): void } {
  return { write: (line: string) => void out.write(secrets.length ? scrubSecrets(line, secrets) : line) };
}
