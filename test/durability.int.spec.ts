/**
 * Durability: an append that resolved survives kill -9 of the process.
 * A child process appends in a loop and prints each acknowledged event id; the parent kills it with
 * SIGKILL at a random moment, reopens the store and checks every acknowledged id is there exactly once,
 * with contiguous revisions and a strictly increasing global log. Three rounds per adapter, same store.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { EventStore, StoredEvent } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { describeWithService, pgUrl } from './support/require-service';

const ROOT = join(__dirname, '..');
const CHILD = join(__dirname, 'support', 'durability-child.ts');
const ROUNDS = 3;

interface RoundResult {
  acked: { streamId: string; id: string }[];
  signal: NodeJS.Signals | null;
}

/** Runs the child until it has acknowledged `killAfter` events, then SIGKILLs it after a random delay. */
function runChildAndKill(args: string[], killAfter: number): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', CHILD, ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: { streamId: string; id: string }[] = [];
    let buffer = '';
    let stderr = '';
    let killScheduled = false;
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not reach ${killAfter} acks in time (got ${acked.length}); stderr: ${stderr}`));
    }, 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [word, streamId, id] = line.split(' ');
        if (word === 'ack' && streamId && id) acked.push({ streamId, id });
      }
      if (!killScheduled && acked.length >= killAfter) {
        killScheduled = true;
        // a random moment: usually while appends are in flight
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (signal !== 'SIGKILL') reject(new Error(`child exited on its own (code ${code}); stderr: ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

function verify(all: StoredEvent[], acked: { streamId: string; id: string }[]): void {
  for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
  const count = new Map<string, number>();
  for (const e of all) count.set(e.id, (count.get(e.id) ?? 0) + 1);
  expect([...count.values()].every((n) => n === 1)).toBe(true);
  const byId = new Map(all.map((e) => [e.id, e]));
  const missing = acked.filter((a) => byId.get(a.id)?.streamId !== a.streamId);
  expect(missing).toEqual([]);
  for (const streamId of new Set(all.map((e) => e.streamId))) {
    const revisions = all.filter((e) => e.streamId === streamId).map((e) => e.revision);
    expect(revisions).toEqual(revisions.map((_, i) => i));
  }
}

function durabilitySuite(label: string, childArgs: () => string[], open: () => EventStore, cleanup: () => Promise<void>) {
  afterAll(cleanup);

  it(`${label}: every acknowledged append survives SIGKILL (${ROUNDS} rounds)`, async () => {
    const acked: { streamId: string; id: string }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const killAfter = 20 + Math.floor(Math.random() * 80);
      const result = await runChildAndKill(childArgs(), killAfter);
      expect(result.signal).toBe('SIGKILL');
      acked.push(...result.acked);

      const store = open();
      await store.init();
      try {
        const all = await store.readAll();
        verify(all, acked);
        expect(all.length).toBeGreaterThanOrEqual(acked.length);
        // the store is usable after the crash: the next append per stream goes on at head + 1
        for (const streamId of new Set(all.map((e) => e.streamId))) {
          const head = all.filter((e) => e.streamId === streamId).at(-1)!.revision;
          const r = await store.append(streamId, [
            { id: randomUUID(), type: 'AfterCrash', data: { round }, metadata: { actor: { sub: 'parent', role: 'system' }, correlationId: randomUUID(), schemaVersion: 1 } },
          ], head);
          expect(r.nextRevision).toBe(head + 1);
        }
        console.log(`[${label}] round ${round}: killed after ${result.acked.length} acks (target ${killAfter}); ${all.length} events stored in total`);
      } finally {
        await store.close();
      }
    }
  }, 60_000);
}

describe('durability (kill -9)', () => {
  describe('SQLite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-durability-'));
    const file = join(dir, 'events.db');
    durabilitySuite('SQLite', () => ['sqlite', file], () => new SqliteEventStore(file), async () => rmSync(dir, { recursive: true, force: true }));
  });

  const url = pgUrl();
  describeWithService('PostgreSQL', url, 'PostgreSQL', () => {
    const schema = `durability_${randomBytes(6).toString('hex')}`;
    durabilitySuite(
      'PostgreSQL',
      () => ['postgres', url, schema],
      () => new PostgresEventStore(url, { schema }),
      async () => {
        const client = new Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
      },
    );
  });
});
