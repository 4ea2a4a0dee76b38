/**
 * Service rule for integration tests that need an external service (PostgreSQL, Redis, KurrentDB).
 *
 * Reachability is probed synchronously (a short-lived child `node` process), because Jest collects
 * `describe` blocks synchronously and the decision run/skip/fail must be made before that.
 * - reachable                      → the suite runs;
 * - unreachable and CI === 'true'  → a failing test "<Service> must be reachable under CI" is registered;
 * - unreachable otherwise          → a loud console.warn('SKIPPED: …') and the suite is registered with
 *                                    describe.skip, so its tests show as skipped in the summary.
 */
import { spawnSync } from 'node:child_process';
import { redactUrl as redact } from '../../src/config/redact';

export type ServiceName = 'PostgreSQL' | 'Redis' | 'KurrentDB';

export interface ServiceProbe {
  service: ServiceName;
  url: string;
  reachable: boolean;
  detail: string;
}

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function pgUrl(): string {
  return process.env.PG_URL || DEFAULT_PG_URL;
}

export function redisUrl(): string {
  return process.env.REDIS_URL || DEFAULT_REDIS_URL;
}

const cache = new Map<string, ServiceProbe>();

/** PostgreSQL: connects with `pg` and runs SELECT 1 (so auth and database name are checked too). */
const PG_PROBE = `
const { Client } = require('pg');
const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(
  () => process.exit(0),
  (e) => { console.error(e && e.message ? e.message : String(e)); process.exit(1); });
`;

/** Redis / KurrentDB: a TCP connection to the first host:port of the URL. */
const TCP_PROBE = `
const net = require('node:net');
const [host, port] = [process.argv[1], Number(process.argv[2])];
const s = net.connect({ host, port, timeout: 2000 });
s.on('connect', () => { s.destroy(); process.exit(0); });
s.on('timeout', () => { console.error('timeout'); process.exit(1); });
s.on('error', (e) => { console.error(e.message); process.exit(1); });
`;

function hostPort(url: string, defaultPort: number): [string, number] {
  // kurrentdb://user:pass@host1:2113,host2:2113?tls=false → host1:2113
  const rest = url.replace(/^[a-z+]+:\/\//i, '').replace(/^[^@/]*@/, '');
  const first = rest.split(/[,/?]/)[0] ?? '';
  const match = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(first);
  return [match?.[1] || '127.0.0.1', Number(match?.[2] ?? defaultPort)];
}

export function probeService(service: ServiceName, url: string): ServiceProbe {
  const key = `${service} ${url}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let args: string[];
  if (service === 'PostgreSQL') {
    args = ['-e', PG_PROBE, url];
  } else {
    const [host, port] = hostPort(url, service === 'Redis' ? 6379 : 2113);
    args = ['-e', TCP_PROBE, host, String(port)];
  }
  const result = spawnSync(process.execPath, args, { cwd: process.cwd(), timeout: 8000, encoding: 'utf8' });
  const probe: ServiceProbe = {
    service,
    url,
    reachable: result.status === 0,
    detail: (result.stderr || result.error?.message || (result.signal ? `probe killed by ${result.signal}` : '')).trim(),
  };
  cache.set(key, probe);
  return probe;
}


/**
 * `describe(title, body)` when the service is reachable; otherwise fail under CI, or skip loudly.
 */
export function describeWithService(service: ServiceName, url: string, title: string, body: () => void): void {
  const probe = probeService(service, url);
  if (probe.reachable) {
    describe(title, body);
    return;
  }
  const why = `${service} unreachable at ${redact(url)}${probe.detail ? ` (${probe.detail})` : ''}`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it(`${service} must be reachable under CI`, () => {
        throw new Error(`${why}. Under CI (CI=true) integration services are required.`);
      });
    });
    return;
  }
  console.warn(`SKIPPED: ${why} — suite "${title}" not run (set CI=true to make this a failure).`);
  describe.skip(title, body);
}
