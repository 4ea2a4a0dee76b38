import { parseIntSetting, SettingsError } from './settings';

/** What the service limits, and how (issue 10). Every value has a default; 0 turns a rate limit off. */
export interface HardeningSettings {
  /** BODY_MAX_DEPTH: deepest nesting of a JSON body (objects and arrays), checked before parsing. */
  bodyMaxDepth: number;
  /** BODY_MAX_KEYS: most keys of one object (or elements of one array) in a body. */
  bodyMaxKeys: number;
  /** BODY_MAX_MEMBERS: most keys and elements in a whole body. */
  bodyMaxMembers: number;
  /** RATE_LIMIT_WINDOW_SECONDS: the window the request limits below count in. */
  rateLimitWindowSeconds: number;
  /** RATE_LIMIT_WRITES: POST/PUT/PATCH/DELETE per caller (token, session, else address) per window. */
  rateLimitWrites: number;
  /** RATE_LIMIT_READS: GET/HEAD per caller per window (0: not limited; reports are cached instead). */
  rateLimitReads: number;
  /** RATE_LIMIT_BAD_TOKENS: requests answered 401 despite an Authorization header, per address per minute, before that address gets 429s. */
  rateLimitBadTokens: number;
  /** QUEUE_NAMESPACE: the BullMQ queue of this installation; by default derived from the event store's installation id. */
  queueNamespace?: string;
  /** REPORT_CACHE_MB: memory for rendered reports (0: no cache). */
  reportCacheMb: number;
}

export function loadHardeningSettings(env: NodeJS.ProcessEnv): HardeningSettings {
  const queueNamespace = env.QUEUE_NAMESPACE || undefined;
  if (queueNamespace && !/^[A-Za-z0-9_-]{1,64}$/.test(queueNamespace)) {
    throw new SettingsError('QUEUE_NAMESPACE', 'must be 1–64 letters, digits, "-" or "_"');
  }
  return {
    bodyMaxDepth: parseIntSetting(env, 'BODY_MAX_DEPTH', 32, 2, 256),
    bodyMaxKeys: parseIntSetting(env, 'BODY_MAX_KEYS', 500, 10, 100_000),
    bodyMaxMembers: parseIntSetting(env, 'BODY_MAX_MEMBERS', 10_000, 10, 10_000_000),
    rateLimitWindowSeconds: parseIntSetting(env, 'RATE_LIMIT_WINDOW_SECONDS', 10, 1, 3600),
    rateLimitWrites: parseIntSetting(env, 'RATE_LIMIT_WRITES', 2000, 0, 10_000_000),
    rateLimitReads: parseIntSetting(env, 'RATE_LIMIT_READS', 0, 0, 10_000_000),
    rateLimitBadTokens: parseIntSetting(env, 'RATE_LIMIT_BAD_TOKENS', 30, 0, 1_000_000),
    ...(queueNamespace ? { queueNamespace } : {}),
    reportCacheMb: parseIntSetting(env, 'REPORT_CACHE_MB', 64, 0, 65_536),
  };
}
