/**
 * The load generator, in its own process so it does not share the app's event loop: receives a
 * job over IPC and sends back the summary. A fixed rate runs OPEN-LOOP (requests leave on a fixed
 * schedule whatever the answers do, each latency counted from its scheduled send time, so a stall
 * is never hidden); the unthrottled run uses autocannon.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
// autocannon ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: object) => Promise<any>;

export interface LoadJob {
  url: string;
  /** Requests are sent round-robin over these. */
  targets: { path: string; token: string; body: string }[];
  method: 'PUT' | 'POST' | 'GET';
  /** Requests per second over all connections; 0 = as fast as possible. */
  rate: number;
  seconds: number;
  connections: number;
  /** Sent with every request (e.g. accept-encoding, if-none-match). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

async function openLoop(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const total = Math.round(job.rate * job.seconds);
  const interval = 1000 / job.rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 20;
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const target = job.targets[i % job.targets.length];
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          { host: url.hostname, port: url.port, path: target.path, method: job.method, agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}`, 'content-length': Buffer.byteLength(target.body), ...job.headers } },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - scheduled);
              if ((res.statusCode ?? 0) >= 300 && res.statusCode !== 304) non2xx++;
              resolve();
            });
          },
        );
        req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(target.body);
      }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
    mean: Math.round((sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)) * 100) / 100,
    non2xx,
    errors,
    timeouts: 0,
  };
}

async function run(job: LoadJob): Promise<LoadResult> {
  if (job.rate > 0) return openLoop(job);
  let counter = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    ...(job.rate > 0 ? { overallRate: job.rate } : {}),
    timeout: 10,
    requests: [
      {
        method: job.method,
        setupRequest: (request: Record<string, unknown>) => {
          const target = job.targets[counter++ % job.targets.length];
          return {
            ...request,
            method: job.method,
            path: target.path,
            headers: { ...(target.body ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${target.token}`, ...job.headers },
            ...(target.body ? { body: target.body } : {}),
          };
        },
      },
    ],
  });
  const total = result.requests.total as number;
  return {
    requests: total,
    seconds: result.duration,
    throughput: total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.average,
    // A 304 (a revalidating reader) is an answer, not a failure.
    non2xx: result.non2xx - ((result.statusCodeStats?.['304']?.count as number | undefined) ?? 0),
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (error) => process.send!({ ok: false, error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});
