/** Fresh PostgreSQL schemas for one test file, all dropped at the end (a schema per store keeps tests apart). */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export function pgSchemas(url: string) {
  const created: string[] = [];
  return {
    /** A new schema name (the store creates it in init()). */
    fresh(prefix: string): string {
      const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
      created.push(schema);
      return schema;
    },
    /** Runs `fn` with a connected admin client. */
    async withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    async dropAll(): Promise<void> {
      const schemas = created.splice(0);
      if (schemas.length === 0) return;
      await this.withClient(async (client) => {
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      });
    },
  };
}
