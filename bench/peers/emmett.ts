/**
 * Emmett's published stores (@event-driven-io/emmett-postgresql 0.42.0, emmett-sqlite 0.42.4, the
 * newest of each on the registry) as `npm run bench:peers` drives them. They are installed into
 * bench/peers/node_modules (bench/peers/package.json), not into the project: they are loaded from there
 * at run time, and the few calls used are typed here so that the project type-checks without them.
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { GeneratedEvent } from '../generate-workflow';
import { PG_URL } from '../stores';
import type { PeerKind, PeerStore, PeerSystem } from './workload';

// ---- the subset of Emmett's API used here --------------------------------------------------------

interface EmmettEvent {
  type: string;
  data: object;
  metadata: object;
}
interface RecordedMessage {
  type: string;
  metadata: { globalPosition: bigint };
}
interface AppendOptions {
  expectedStreamVersion: bigint | string;
}
interface EmmettStore {
  appendToStream(streamName: string, events: EmmettEvent[], options: AppendOptions): Promise<unknown>;
}
interface Batch {
  messages: RecordedMessage[];
  currentGlobalPosition: bigint;
  areMessagesLeft: boolean;
}
interface Consumer<Context> {
  start(): Promise<void>;
  close(): Promise<void>;
  reactor?(options: ReactorOptions<Context>): unknown;
  processor?(options: ReactorOptions<Context>): unknown;
}
interface ReactorOptions<Context> {
  processorId: string;
  eachMessage(message: RecordedMessage, context: Context): Promise<void>;
  stopAfter(message: RecordedMessage): boolean;
}
interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}
interface EmmettPostgres {
  getPostgreSQLEventStore(connectionString: string): EmmettStore & { schema: { migrate(): Promise<unknown> }; close(): Promise<void> };
  readMessagesBatch(execute: unknown, options: { after: bigint; batchSize: number }): Promise<Batch>;
  postgreSQLEventStoreConsumer(options: { connectionString: string; pulling: { batchSize: number } }): Consumer<{ connection: { client: PgQueryable } }>;
}
interface SqliteConnection {
  command(sql: string, values?: unknown[]): Promise<unknown>;
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
  close(): void;
}
interface EmmettSqlite {
  sqliteConnection(options: { fileName: string }): SqliteConnection;
  SQLiteConnectionPool(options: { fileName: string; connectionOptions: { singleton: true; connection: SqliteConnection } }): unknown;
  getSQLiteEventStore(options: { fileName: string; pool: unknown }): EmmettStore & {
    schema: { migrate(): Promise<void> };
    consumer(options: { pulling: { batchSize: number } }): Consumer<{ connection: SqliteConnection }>;
  };
  readMessagesBatch(connection: SqliteConnection, options: { after: bigint; batchSize: number }): Promise<Batch>;
}

// ---- loading from bench/peers --------------------------------------------------------------------

/** bench/peers in the source tree (this file runs compiled from dist/bench/peers). */
export const PEERS_DIR = join(__dirname, '..', '..', '..', 'bench', 'peers');
const peerRequire = createRequire(join(PEERS_DIR, 'package.json'));

function load() {
  return {
    core: peerRequire('@event-driven-io/emmett') as { STREAM_DOES_NOT_EXIST: string },
    pg: peerRequire('@event-driven-io/emmett-postgresql') as EmmettPostgres,
    sqlite: peerRequire('@event-driven-io/emmett-sqlite') as EmmettSqlite,
    dumbo: peerRequire('@event-driven-io/dumbo') as { dumbo(options: { connectionString: string }): { execute: unknown; close(): Promise<void> } },
    version: (name: string) => (JSON.parse(readFileSync(join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version,
  };
}
type Loaded = ReturnType<typeof load>;
let loaded: Loaded | null = null;
const emmett = () => (loaded ??= load());

/** Emmett keeps our id as its message id and the rest of our metadata beside it. */
const toEmmett = (e: GeneratedEvent): EmmettEvent => ({ type: e.type, data: e.data, metadata: { ...e.metadata, messageId: e.id } });
/** Emmett's expected version is the stream's length (1-based), or STREAM_DOES_NOT_EXIST. */
const expectedVersion = (before: number) => (before < 0 ? emmett().core.STREAM_DOES_NOT_EXIST : BigInt(before + 1));

const COUNTS_TABLE = 'peer_event_counts';

export function emmettSystem(kind: PeerKind): PeerSystem {
  const pkg = kind === 'sqlite' ? '@event-driven-io/emmett-sqlite' : '@event-driven-io/emmett-postgresql';
  const name = `Emmett ${emmett().version(pkg)}`;
  return kind === 'sqlite' ? emmettSqlite(name) : emmettPostgres(name);
}

function emmettPostgres(name: string): PeerSystem {
  return {
    name,
    kind: 'postgres',
    async durability() {
      const admin = new Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        const { rows } = await admin.query(`SELECT current_setting('synchronous_commit') AS s, current_setting('fsync') AS f`);
        return `appends: the server's synchronous_commit=${rows[0].s}, fsync=${rows[0].f}; processor: synchronous_commit=off for its session (set here, as ours)`;
      } finally {
        await admin.end();
      }
    },
    async open(): Promise<PeerStore> {
      // Emmett's tables live in the connected database's public schema: a fresh database per store.
      const database = `bench_peers_emmett_${randomBytes(4).toString('hex')}`;
      const admin = new Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(PG_URL);
      url.pathname = `/${database}`;
      const connectionString = url.toString();
      const { pg, dumbo } = emmett();
      const store = pg.getPostgreSQLEventStore(connectionString);
      await store.schema.migrate();
      const reader = dumbo.dumbo({ connectionString });
      const read = (after: bigint, batchSize: number) => pg.readMessagesBatch(reader.execute, { after, batchSize });
      return {
        async append(streamId, events, before) {
          await store.appendToStream(streamId, events.map(toEmmett), { expectedStreamVersion: expectedVersion(before) });
        },
        async readAll(page) {
          return (await drain(read, page)).count;
        },
        async runCounts() {
          const { last } = await drain(read, 10_000);
          await withPg(connectionString, (c) =>
            c.query(`CREATE TABLE ${COUNTS_TABLE} (type text PRIMARY KEY, count bigint NOT NULL, last_position bigint NOT NULL)`),
          );
          // The processor's transactions, like our read-model commits, do not wait for the WAL flush.
          const processorUrl = new URL(connectionString);
          processorUrl.searchParams.set('options', '-c synchronous_commit=off');
          const consumer = pg.postgreSQLEventStoreConsumer({ connectionString: processorUrl.toString(), pulling: { batchSize: 1000 } });
          consumer.reactor!({
            processorId: 'event-counts',
            // Emmett's way: a handler per message, inside the processor's transaction for the batch,
            // which also stores the checkpoint.
            eachMessage: async (message, context) => {
              await context.connection.client.query(
                `INSERT INTO ${COUNTS_TABLE} (type, count, last_position) VALUES ($1, 1, $2)
                 ON CONFLICT (type) DO UPDATE SET count = ${COUNTS_TABLE}.count + 1, last_position = EXCLUDED.last_position`,
                [message.type, String(message.metadata.globalPosition)],
              );
            },
            stopAfter: (message) => message.metadata.globalPosition >= last,
          });
          await consumer.start();
          await consumer.close();
        },
        async countedEvents() {
          return withPg(connectionString, async (c) => Number((await c.query(`SELECT coalesce(sum(count), 0) AS n FROM ${COUNTS_TABLE}`)).rows[0].n));
        },
        async dispose() {
          await reader.close();
          await store.close();
          // Emmett's close() resolves before its pools' sockets have gone: dropping the database under
          // them would raise an unhandled error in those pools. Wait until they have.
          for (let i = 0; i < 100; i++) {
            const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
            if (rows[0].n === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          await admin.query(`DROP DATABASE IF EXISTS ${database}`);
          await admin.end();
        },
      };
    },
  };
}

/** Reads Emmett's log from the start in pages of `page` (its consumers' query): how many messages, and the last global position. */
async function drain(read: (after: bigint, batchSize: number) => Promise<Batch>, page: number): Promise<{ count: number; last: bigint }> {
  let count = 0;
  for (let last = 0n; ; ) {
    const batch = await read(last, page);
    if (batch.messages.length === 0) return { count, last };
    count += batch.messages.length;
    last = batch.currentGlobalPosition;
  }
}

async function withPg<T>(connectionString: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function emmettSqlite(name: string): PeerSystem {
  return {
    name,
    kind: 'sqlite',
    async durability() {
      const dir = mkdtempSync(join(tmpdir(), 'pdca-peers-probe-'));
      const { connection, close } = await sqliteConnection(join(dir, 'probe.db'), 'FULL');
      try {
        const [mode] = await connection.query<{ journal_mode: string }>('PRAGMA journal_mode');
        const [sync] = await connection.query<{ synchronous: number }>('PRAGMA synchronous');
        return `appends: journal_mode=${mode?.journal_mode} (Emmett's), synchronous=${sync?.synchronous === 2 ? 'FULL' : sync?.synchronous} (set here, as ours); processor: its own connection with synchronous=NORMAL (as our read model)`;
      } finally {
        close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async open(): Promise<PeerStore> {
      const { sqlite } = emmett();
      const dir = mkdtempSync(join(tmpdir(), 'pdca-peers-emmett-'));
      const fileName = join(dir, 'events.db');
      // One shared connection (Emmett's default opens a connection per call, with no busy timeout).
      const main = await sqliteConnection(fileName, 'FULL');
      const store = sqlite.getSQLiteEventStore({ fileName, pool: sqlite.SQLiteConnectionPool({ fileName, connectionOptions: { singleton: true, connection: main.connection } }) });
      await store.schema.migrate();
      const read = (after: bigint, batchSize: number) => sqlite.readMessagesBatch(main.connection, { after, batchSize });
      // Emmett's SQLite connection counts nested transactions: concurrent appends on one connection
      // would join one another's transaction (and be answered before it commits). Its appends are
      // therefore issued one at a time; 8 in flight queue here.
      let tail: Promise<unknown> = Promise.resolve();
      const serial = <T>(fn: () => Promise<T>): Promise<T> => {
        const next = tail.then(fn, fn);
        tail = next.catch(() => undefined);
        return next;
      };
      return {
        append(streamId, events, before) {
          return serial(async () => {
            await store.appendToStream(streamId, events.map(toEmmett), { expectedStreamVersion: expectedVersion(before) });
          });
        },
        async readAll(page) {
          return (await drain(read, page)).count;
        },
        async runCounts() {
          const { last } = await drain(read, 10_000);
          await main.connection.command(`CREATE TABLE ${COUNTS_TABLE} (type TEXT PRIMARY KEY, count INTEGER NOT NULL, last_position INTEGER NOT NULL)`);
          // The processor on a connection of its own with the read model's durability.
          const processing = await sqliteConnection(fileName, 'NORMAL');
          const consumerStore = sqlite.getSQLiteEventStore({ fileName, pool: sqlite.SQLiteConnectionPool({ fileName, connectionOptions: { singleton: true, connection: processing.connection } }) });
          const consumer = consumerStore.consumer({ pulling: { batchSize: 1000 } });
          consumer.processor!({
            processorId: 'event-counts',
            eachMessage: async (message, context) => {
              await context.connection.command(
                `INSERT INTO ${COUNTS_TABLE} (type, count, last_position) VALUES (?, 1, ?)
                 ON CONFLICT (type) DO UPDATE SET count = count + 1, last_position = excluded.last_position`,
                [message.type, Number(message.metadata.globalPosition)],
              );
            },
            stopAfter: (message) => message.metadata.globalPosition >= last,
          });
          await consumer.start();
          processing.close();
        },
        async countedEvents() {
          const [row] = await main.connection.query<{ n: number }>(`SELECT coalesce(sum(count), 0) AS n FROM ${COUNTS_TABLE}`);
          return Number(row?.n ?? 0);
        },
        async dispose() {
          await tail;
          main.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** Emmett's own connection (it sets journal_mode=WAL) with the given synchronous setting. */
async function sqliteConnection(fileName: string, synchronous: 'FULL' | 'NORMAL') {
  const connection = emmett().sqlite.sqliteConnection({ fileName });
  await connection.command(`PRAGMA synchronous = ${synchronous}`);
  return { connection, close: () => connection.close() };
}
