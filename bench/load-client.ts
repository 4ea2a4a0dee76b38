/**
 * The load generator, in its own process so it does not share the app's event loop: receives a
 * job over IPC, runs autocannon against 127.0.0.1 and sends back the summary.
 */
// autocannon ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: object) => Promise<any>;

export interface LoadJob {
  url: string;
  /** Requests are sent round-robin over these. */
  targets: { path: string; token: string; body: string }[];
  method: 'PUT' | 'POST';
  /** Requests per second over all connections; 0 = as fast as possible. */
  rate: number;
  seconds: number;
  connections: number;
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

async function run(job: LoadJob): Promise<LoadResult> {
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
            headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
            body: target.body,
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
    non2xx: result.non2xx,
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
