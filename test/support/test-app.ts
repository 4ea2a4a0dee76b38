import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { signToken, type Role } from '../../src/auth/auth';
import { createApp } from '../../src/create-app';

export const TEST_SECRET = 'test-secret-for-e2e-only-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  token(role: Role, department?: string, sub?: string): string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real application on a fresh embedded store in a temp dir. Redis defaults to an unreachable
 * address so the in-process queue is used (the BullMQ path has its own integration test).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'pdca-e2e-'));
  const saved: Record<string, string | undefined> = {};
  // Request limits off: suites send thousands of requests (and of bad tokens) from one address on
  // purpose; test/rate-limits.e2e-spec.ts tests the limits and their defaults.
  const limits = { RATE_LIMIT_WRITES: '0', RATE_LIMIT_BAD_TOKENS: '0' };
  const settings = { DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent', EVENT_STORE_URL: '', READ_MODEL_URL: '', PASSWORD_HASH_COST: '12', ...limits, ...env };
  for (const [k, v] of Object.entries(settings)) {
    saved[k] = process.env[k];
    if (v === '') delete process.env[k];
    else process.env[k] = v;
  }
  const app = await createApp({ logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return {
    app,
    dataDir,
    http: () => request(app.getHttpServer()),
    token: (role, department, sub) => signToken({ sub: sub ?? `${role}-${department ?? 'user'}`, role, ...(department ? { department } : {}) }, TEST_SECRET),
    async close() {
      await app.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
