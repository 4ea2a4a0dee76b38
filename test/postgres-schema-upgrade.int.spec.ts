/**
 * A city's PostgreSQL event log made by an earlier version survives the upgrade: init() of the current
 * store on it keeps every event as it was and appends carry on from where the log stopped.
 */
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { meta, newEvent } from './event-store.contract';
import { pgSchemas } from './support/pg-schemas';
import { describeWithService, pgUrl } from './support/require-service';

const url = pgUrl();
const schemas = pgSchemas(url);

/** The schema exactly as init() created it before the append function (commit c0724e5 and earlier). */
const SCHEMA_BEFORE_APPEND_FUNCTION = (schema: string) => `
  CREATE SCHEMA IF NOT EXISTS "${schema}";
  CREATE TABLE IF NOT EXISTS "${schema}"."events" (
    position   bigint      PRIMARY KEY,
    event_id   text        NOT NULL,
    stream_id  text        NOT NULL,
    revision   integer     NOT NULL,
    type       text        NOT NULL,
    data       json        NOT NULL,
    metadata   json        NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
  );
  CREATE INDEX IF NOT EXISTS events_created_at ON "${schema}"."events" (created_at);
  CREATE INDEX IF NOT EXISTS events_stream_prefix ON "${schema}"."events" (stream_id text_pattern_ops, position);
`;

describeWithService('PostgreSQL', url, 'PostgreSQL store on a log made by the previous version', () => {
  afterAll(() => schemas.dropAll());

  it('keeps every stored event and appends after them: revisions, positions, time, conflicts and retries carry on', async () => {
    const schema = schemas.fresh('upgrade');
    const plan = `plan-${randomUUID()}`;
    const cycle = `cycle-${randomUUID()}`;
    const old = [
      { position: 1, id: randomUUID(), stream: plan, revision: 0, type: 'PlanDrafted', data: '{"title":"第２次行政改革大綱","b":1,"a":2}' },
      { position: 2, id: randomUUID(), stream: plan, revision: 1, type: 'ItemAdded', data: '{"itemId":"1-1"}' },
      { position: 3, id: randomUUID(), stream: cycle, revision: 0, type: 'CycleOpened', data: '{"fiscalYear":2024}' },
    ];
    // An instant in the near future: the new appends must still not be stamped before it.
    const lastTime = new Date(Date.now() + 1500);
    lastTime.setMilliseconds(0);
    await schemas.withClient(async (client) => {
      await client.query(SCHEMA_BEFORE_APPEND_FUNCTION(schema));
      for (const [i, e] of old.entries()) {
        await client.query(
          `INSERT INTO "${schema}".events (position, event_id, stream_id, revision, type, data, metadata, created_at) VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8)`,
          [e.position, e.id, e.stream, e.revision, e.type, e.data, JSON.stringify(meta()), new Date(lastTime.getTime() - (old.length - 1 - i) * 1000)],
        );
      }
    });

    const store = new PostgresEventStore(url, { schema });
    try {
      await store.init();
      await store.init(); // idempotent: a restart changes nothing

      const before = await store.readAll();
      expect(before.map((e) => [e.position, e.id, e.streamId, e.revision, e.type])).toEqual(old.map((e) => [e.position, e.id, e.stream, e.revision, e.type]));
      expect(before.map((e) => JSON.stringify(e.data))).toEqual(old.map((e) => e.data)); // same bytes, same key order
      expect(before.at(-1)!.timestamp).toBe(lastTime.toISOString());

      // Appends continue the streams and the log.
      expect(await store.append(plan, [newEvent('ItemAdded')], 1)).toEqual({ nextRevision: 2, position: 4, duplicate: false });
      await expect(store.append(cycle, [newEvent()], 'no_stream')).rejects.toEqual(expect.any(WrongExpectedRevisionError));
      await expect(store.append(cycle, [newEvent()], 5)).rejects.toMatchObject({ actual: 0 });
      expect(await store.append(`plan-${randomUUID()}`, [newEvent(), newEvent()], 'no_stream')).toEqual({ nextRevision: 1, position: 6, duplicate: false });
      // A retry of an event stored by the previous version is recognised as a retry.
      const retried = { id: old[2]!.id, type: old[2]!.type, data: JSON.parse(old[2]!.data) as object, metadata: meta() };
      expect(await store.append(cycle, [retried], 'no_stream')).toEqual({ nextRevision: 0, position: 3, duplicate: true });
      // ... and an old id reused on another stream is refused.
      await expect(store.append(`plan-${randomUUID()}`, [{ ...retried }], 'any')).rejects.toMatchObject({ name: 'IdempotencyConflictError' });

      const after = await store.readAll();
      expect(after.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(after.slice(0, 3)).toEqual(before);
      expect((await store.readStream(plan)).map((e) => e.revision)).toEqual([0, 1, 2]);
      // Time never goes backwards across the upgrade.
      expect(Date.parse(after[3]!.timestamp)).toBeGreaterThan(lastTime.getTime());
      expect(await store.headPosition()).toBe(6);
    } finally {
      await store.close();
    }
  });
});
