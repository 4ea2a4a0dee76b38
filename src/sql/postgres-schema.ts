import type { Pool, PoolClient } from 'pg';

/** Table names inside a PostgreSQL schema (checked once: it goes into SQL text), `"schema".table`. */
export function schemaTables(schema = 'public'): { schema: string; table(name: string): string } {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return { schema, table: (name) => `"${schema}".${name}` };
}

/** Runs `fn` in one transaction on a client of the pool: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
