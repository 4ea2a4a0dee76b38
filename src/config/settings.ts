import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ensurePrivateDir } from './private-files';
import { join, resolve } from 'node:path';
import { type AuthSettings, loadAuthSettings } from './auth-settings';
import { loadHardeningSettings, type HardeningSettings } from './hardening-settings';
import { redactUrl } from './redact';
import { type WorkbookSettings, loadWorkbookSettings } from './workbook-settings';

export interface Settings {
  port: number;
  dataDir: string;
  eventStoreUrl: string;
  readModelUrl: string;
  redisUrl: string;
  jwtSecret: string;
  /** Delay before a returned sheet gets a reminder, in hours (RETURN_REMINDER_HOURS, default 72). */
  returnReminderHours: number;
  /** Where reminders are POSTed as JSON, if set (NOTIFY_WEBHOOK_URL). */
  webhookUrl?: string;
  logLevel: string;
  /** Sessions, sign-in limits, passwords, the first admin, bearer-token rules (auth-settings.ts). */
  auth: AuthSettings;
  /** Body limits, rate limits, queue namespace, report cache (hardening-settings.ts). */
  hardening: HardeningSettings;
  /** Chromium for the PDF format (CHROMIUM_PATH, default /usr/bin/chromium); optional: without it PDF answers 501. */
  chromiumPath: string;
  /** Limits on uploaded workbooks (workbook-settings.ts). */
  workbook: WorkbookSettings;
}

export class SettingsError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid setting ${variable}: ${message}`);
    this.name = 'SettingsError';
  }
}

const STORE_SCHEMES = ['sqlite:', 'postgres://', 'postgresql://', 'kurrentdb://', 'kurrentdb+discover://', 'esdb://', 'esdb+discover://'];

/** Reads and validates the environment once at start; a bad value stops the start, naming the variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const port = parseIntSetting(env, 'PORT', 3000, 0, 65535);
  const dataDir = resolve(env.DATA_DIR || './data');
  const eventStoreUrl = env.EVENT_STORE_URL || `sqlite:${join(dataDir, 'events.db')}`;
  if (!STORE_SCHEMES.some((s) => eventStoreUrl.startsWith(s))) {
    throw new SettingsError('EVENT_STORE_URL', `"${redactUrl(eventStoreUrl)}" must start with sqlite:, postgres://, kurrentdb:// or esdb://`);
  }
  if (eventStoreUrl.startsWith('sqlite:') && eventStoreUrl.length === 'sqlite:'.length) {
    throw new SettingsError('EVENT_STORE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/events.db');
  }
  const defaultReadModel = eventStoreUrl.startsWith('postgres') ? eventStoreUrl : `sqlite:${join(dataDir, 'read-models.db')}`;
  const readModelUrl = env.READ_MODEL_URL || defaultReadModel;
  if (!['sqlite:', 'postgres://', 'postgresql://'].some((s) => readModelUrl.startsWith(s))) {
    throw new SettingsError('READ_MODEL_URL', `"${redactUrl(readModelUrl)}" must start with sqlite: or postgres://`);
  }
  const redisUrl = env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) throw new SettingsError('REDIS_URL', `"${redactUrl(redisUrl)}" must start with redis:// or rediss://`);
  const webhookUrl = env.NOTIFY_WEBHOOK_URL || undefined;
  if (webhookUrl && !/^https?:\/\//.test(webhookUrl)) throw new SettingsError('NOTIFY_WEBHOOK_URL', 'must be an http(s) URL');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new SettingsError('LOG_LEVEL', `"${logLevel}" is not one of fatal, error, warn, info, debug, trace, silent`);
  }
  const chromiumPath = env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!chromiumPath.startsWith('/')) throw new SettingsError('CHROMIUM_PATH', `"${chromiumPath}" must be an absolute path (e.g. /usr/bin/chromium)`);
  return {
    port,
    dataDir,
    eventStoreUrl,
    readModelUrl,
    redisUrl,
    jwtSecret: env.JWT_SECRET || jwtSecretFromDataDir(dataDir),
    returnReminderHours: parseIntSetting(env, 'RETURN_REMINDER_HOURS', 72, 0, 24 * 365),
    webhookUrl,
    logLevel,
    auth: loadAuthSettings(env),
    hardening: loadHardeningSettings(env),
    chromiumPath,
    workbook: loadWorkbookSettings(env),
  };
}

export function parseIntSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new SettingsError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new SettingsError(name, `${value} is outside ${min}–${max}`);
  return value;
}

/** When JWT_SECRET is unset, one secret is generated once into DATA_DIR (mode 0600); the token script reads it there. */
export function jwtSecretFromDataDir(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  ensurePrivateDir(dataDir);
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}

export const SETTINGS = Symbol('SETTINGS');
