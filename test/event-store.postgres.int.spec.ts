import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { runEventStoreContract } from './event-store.contract';
import { describeWithService, pgUrl } from './support/require-service';

const url = pgUrl();
const schemas: string[] = [];

describeWithService('PostgreSQL', url, 'PostgreSQL event store', () => {
  runEventStoreContract(
    'PostgreSQL',
    async () => {
      // a fresh schema per test, dropped at the end
      const schema = `contract_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      const store = new PostgresEventStore(url, { schema });
      await store.init();
      return store;
    },
    async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
    { expectConflicts: true },
  );
});
