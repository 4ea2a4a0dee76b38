/**
 * For test/crash.e2e-spec.ts: what must hold in the stored log and the stored read models after a
 * SIGKILL, read straight from the SQLite files (a copy taken while the server is down, or the live
 * file read-only).
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import { UpcastingEventStore } from '../../src/event-store/upcasting-event-store';
import { SqliteReadModelStore } from '../../src/read-model/sqlite-read-model-store';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { foldInMemory } from '../../projections/projection';
import { cycleStreamId } from '../../events/cycle.events';
import { expectedEventId, sagaEventId, type Command } from './crash-load';

interface Row {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

export interface LogEvent {
  position: number;
  id: string;
  streamId: string;
  revision: number;
  type: string;
  data: any;
  metadata: any;
}

/** Every stored event, in log order, read-only. */
export function readLog(dataDir: string): LogEvent[] {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT position, event_id, stream_id, revision, type, data, metadata FROM events ORDER BY position').all() as Row[];
    return rows.map((r) => ({ position: r.position, id: r.event_id, streamId: r.stream_id, revision: r.revision, type: r.type, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) }));
  } finally {
    db.close();
  }
}

/** JSON with sorted keys, without the fields named in `drop` (anywhere in the tree). */
export function canonical(value: unknown, drop: ReadonlySet<string> = new Set()): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .filter((k) => !drop.has(k) && (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const markerOf = (e: LogEvent): string | undefined =>
  e.type === 'SheetSaved' ? e.data.content?.activities : e.type === 'SheetReturned' ? e.data.comment : e.type === 'PlanIndicatorActualRecorded' ? e.data.actual : undefined;

/**
 * The log's own invariants, and every command's fate:
 * - per stream, revisions 0..n-1 in log order; positions strictly increasing; event ids unique;
 * - an acknowledged command's events are stored exactly once, where and as it was answered;
 * - a refused command left nothing; an unanswered one left all of its (one) event or nothing;
 * - each marker appears as often as its command's fate says (a retry never makes a second copy).
 * Returns a list of violations (empty when all holds).
 */
export function checkLog(log: LogEvent[], commands: Command[]): string[] {
  const problems: string[] = [];
  for (let i = 1; i < log.length; i++) if (log[i].position <= log[i - 1].position) problems.push(`positions not increasing at ${log[i].position}`);
  const byId = new Map<string, LogEvent>();
  for (const e of log) {
    if (byId.has(e.id)) problems.push(`event id ${e.id} stored twice`);
    byId.set(e.id, e);
  }
  const streams = new Map<string, LogEvent[]>();
  for (const e of log) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
  for (const [streamId, events] of streams) {
    events.forEach((e, i) => {
      if (e.revision !== i) problems.push(`${streamId}: event at position ${e.position} has revision ${e.revision}, expected ${i}`);
    });
  }

  const markers = new Map<string, number>();
  for (const e of log) {
    const m = markerOf(e);
    if (typeof m === 'string' && m.startsWith('run-')) markers.set(m, (markers.get(m) ?? 0) + 1);
  }
  const known = new Set<string>();
  for (const c of commands) {
    const stored = [0, 1, 2, 3].map((i) => byId.get(expectedEventId(c, i)));
    const count = stored.findIndex((e) => !e) === -1 ? 4 : stored.findIndex((e) => !e);
    if (stored.slice(count).some(Boolean)) problems.push(`${c.key}: events stored with a gap (${stored.map((e) => (e ? 1 : 0)).join('')})`);
    const mine = stored.slice(0, count) as LogEvent[];
    for (const e of mine) if (e.streamId !== c.streamId) problems.push(`${c.key}: event ${e.id} on ${e.streamId}, expected ${c.streamId}`);
    for (let i = 1; i < mine.length; i++) if (mine[i].revision !== mine[i - 1].revision + 1) problems.push(`${c.key}: events not contiguous`);
    if (c.outcome === 'acked') {
      const types: string[] = c.response?.events ?? [];
      if (types.length === 0) problems.push(`${c.key}: acknowledged without events (${JSON.stringify(c.response)})`);
      if (count !== types.length) problems.push(`${c.key}: acknowledged ${types.length} event(s) ${types.join(',')}, stored ${count}`);
      else {
        if (mine.map((e) => e.type).join() !== types.join()) problems.push(`${c.key}: stored types ${mine.map((e) => e.type)} ≠ answered ${types}`);
        if (mine.length && mine[mine.length - 1].revision !== c.response.revision) problems.push(`${c.key}: answered revision ${c.response.revision}, stored ${mine[mine.length - 1].revision}`);
      }
    } else if (c.outcome === 'refused') {
      if (count !== 0) problems.push(`${c.key}: refused (${c.status}) but ${count} event(s) stored`);
    } else if (count > 1) problems.push(`${c.key}: unanswered, ${count} events stored (every command here appends one)`);
    if (c.marker) {
      known.add(c.marker);
      const n = markers.get(c.marker) ?? 0;
      const ok = c.outcome === 'acked' ? n === 1 : c.outcome === 'refused' ? n === 0 : n <= 1;
      if (!ok) problems.push(`${c.key}: marker ${c.marker} stored ${n} time(s), command ${c.outcome}`);
      if (n !== (count > 0 ? 1 : 0)) problems.push(`${c.key}: marker stored ${n} time(s) but ${count} event(s) under its ids`);
    }
  }
  for (const m of markers.keys()) if (!known.has(m)) problems.push(`marker ${m} stored but never sent`);
  return problems;
}

/**
 * The sagas ran exactly once per review step: every SheetSubmitted/Returned/Approved has its
 * SheetStatusRecorded on the cycle (id derived from the step's event id), and there is no other.
 * With `complete: false` (the sagas may lag after a crash) only "never twice, never invented" is checked.
 */
export function checkSagas(log: LogEvent[], planId: string, fy: number, complete: boolean): string[] {
  const problems: string[] = [];
  const byId = new Map(log.map((e) => [e.id, e]));
  const steps = log.filter((e) => e.streamId.startsWith(`sheet-${planId}-`) && ['SheetSubmitted', 'SheetReturned', 'SheetApproved'].includes(e.type));
  const expected = new Set(steps.map((s) => sagaEventId(planId, fy, s.id)));
  const recorded = log.filter((e) => e.streamId === cycleStreamId(planId, fy) && e.type === 'SheetStatusRecorded');
  for (const r of recorded) if (!expected.has(r.id)) problems.push(`SheetStatusRecorded ${r.id} (${r.data.itemId} ${r.data.status}) has no review step behind it`);
  for (const s of steps) {
    const r = byId.get(sagaEventId(planId, fy, s.id));
    if (!r) {
      if (complete) problems.push(`${s.type} ${s.id} (item ${s.data.itemId}) never recorded on the cycle`);
      continue;
    }
    const status = { SheetSubmitted: 'submitted', SheetReturned: 'returned', SheetApproved: 'approved' }[s.type as 'SheetSubmitted'];
    if (r.data.itemId !== s.data.itemId || r.data.status !== status) problems.push(`saga event for ${s.id} records ${r.data.itemId} ${r.data.status}`);
  }
  return problems;
}

/**
 * With the server down: copies the two database files (WAL included) and checks, for every projection,
 * that its stored active generation equals a fold of the log up to the checkpoint stored with it —
 * i.e. no event was applied twice or lost by the crash. Also: no checkpoint is ahead of the log.
 */
export async function checkStoredReadModels(dataDir: string): Promise<{ problems: string[]; checkpoints: Record<string, number>; head: number }> {
  const copy = mkdtempSync(join(tmpdir(), 'crash-copy-'));
  for (const name of ['events.db', 'events.db-wal', 'read-models.db', 'read-models.db-wal']) {
    if (existsSync(join(dataDir, name))) copyFileSync(join(dataDir, name), join(copy, name));
  }
  const events = new UpcastingEventStore(new SqliteEventStore(join(copy, 'events.db')));
  const store = new SqliteReadModelStore(join(copy, 'read-models.db'));
  const problems: string[] = [];
  const checkpoints: Record<string, number> = {};
  try {
    await events.init();
    await store.init();
    const head = await events.headPosition();
    for (const p of ALL_PROJECTIONS) {
      const state = await store.projectionState(p.name);
      if (!state) {
        problems.push(`projection ${p.name} has no state`);
        continue;
      }
      const checkpoint = await store.checkpoint(p.name, state.activeGeneration);
      checkpoints[p.name] = checkpoint;
      if (checkpoint > head) problems.push(`${p.name}: checkpoint ${checkpoint} ahead of the log head ${head}`);
      const log: StoredEvent[] = await events.readAll({ toPosition: checkpoint });
      const expected = foldInMemory(p, log);
      const stored = new Map((await store.list(p.name, state.activeGeneration)).map((d) => [d.id, d.doc]));
      const ids = new Set([...expected.keys(), ...stored.keys()]);
      for (const id of ids) {
        const a = stored.has(id) ? canonical(stored.get(id)) : 'absent';
        const b = expected.has(id) ? canonical(JSON.parse(JSON.stringify(expected.get(id)))) : 'absent';
        if (a !== b) problems.push(`${p.name} document ${id} at checkpoint ${checkpoint}:\n  stored ${a.slice(0, 400)}\n  folded ${b.slice(0, 400)}`);
      }
    }
    const saga = await store.checkpoint('saga:workflow', 1);
    checkpoints['saga:workflow'] = saga;
    if (saga > head) problems.push(`saga checkpoint ${saga} ahead of the log head ${head}`);
    return { problems, checkpoints, head };
  } finally {
    await events.close();
    await store.close();
    rmSync(copy, { recursive: true, force: true });
  }
}
