/**
 * For test/crash.e2e-spec.ts: the real server as a child process (`node --require
 * ts-node/register/transpile-only src/main.ts`) on a given DATA_DIR, that the test kills with SIGKILL
 * and starts again on the same data; plus a minimal HTTP client (one connection per request, so no
 * pooled socket outlives a killed server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface HttpResult {
  status: number;
  body: any;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * One HTTP request. Resolves with the status and the (JSON-parsed when possible) body; rejects when no
 * answer came back (connection refused or reset, server killed mid-request, timeout).
 */
export function httpCall(
  port: number,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 15_000, () => req.destroy(new Error(`timeout on ${method} ${path}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export class CrashServer {
  private child: ChildProcess | null = null;
  private output = '';
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  starts = 0;

  constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly jwtSecret: string,
  ) {}

  /** Starts the server on the data dir and resolves once GET /health answers 200. */
  async start(timeoutMs = 30_000): Promise<number> {
    if (this.child) throw new Error('server already running');
    const began = Date.now();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      DATA_DIR: this.dataDir,
      JWT_SECRET: this.jwtSecret,
      REDIS_URL: 'redis://127.0.0.1:1',
      LOG_LEVEL: 'warn',
      TS_NODE_TRANSPILE_ONLY: 'true',
    };
    delete env.EVENT_STORE_URL;
    delete env.READ_MODEL_URL;
    delete env.NOTIFY_WEBHOOK_URL;
    delete env.NODE_OPTIONS;
    this.output = '';
    const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', join('src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-8000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let exitedEarly: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    void this.exited.then((e) => (exitedEarly = e));
    for (;;) {
      if (exitedEarly) {
        this.child = null;
        throw new Error(`server exited during start (${JSON.stringify(exitedEarly)}):\n${this.output}`);
      }
      if (Date.now() - began > timeoutMs) {
        await this.kill();
        throw new Error(`server not healthy within ${timeoutMs} ms:\n${this.output}`);
      }
      const res = await httpCall(this.port, 'GET', '/health', { timeoutMs: 2000 }).catch(() => null);
      if (res?.status === 200) return Date.now() - began;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL, and wait for the process to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    const { signal, code } = await this.exited!;
    this.child = null;
    if (signal !== 'SIGKILL') throw new Error(`server exited on its own before the kill (code ${code}):\n${this.output}`);
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The last lines the server printed (for failure messages). */
  get log(): string {
    return this.output;
  }
}
