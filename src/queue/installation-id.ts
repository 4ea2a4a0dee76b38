import { randomUUID } from 'node:crypto';
import { INSTALLATION_STREAM_ID, type InstallationData } from '../../events/installation.events';
import { CURRENT_SCHEMA_VERSION } from '../../events/upcasters';
import { type EventStore, WrongExpectedRevisionError } from '../event-store/event-store.port';

/**
 * The id of the installation whose log this store holds: read from the `installation` stream, or
 * written there by the first caller (two instances starting at once agree: the second append fails on
 * `no_stream` and reads the first one's id). Instances of one installation share it, so they share a
 * queue; two installations on one Redis never do.
 */
export async function installationId(store: EventStore): Promise<string> {
  const existing = await store.readStream(INSTALLATION_STREAM_ID);
  if (existing.length > 0) return (existing[0].data as InstallationData).installationId;
  const data: InstallationData = { installationId: randomUUID(), at: new Date().toISOString() };
  try {
    await store.append(
      INSTALLATION_STREAM_ID,
      [{ id: randomUUID(), type: 'InstallationIdentified', data, metadata: { actor: { sub: 'system:installation', role: 'system' }, correlationId: data.installationId, schemaVersion: CURRENT_SCHEMA_VERSION.InstallationIdentified } }],
      'no_stream',
    );
    return data.installationId;
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    return ((await store.readStream(INSTALLATION_STREAM_ID))[0].data as InstallationData).installationId;
  }
}

/** The BullMQ queue name of an installation: QUEUE_NAMESPACE if set, else derived from the store's installation id. */
export async function queueNameFor(store: EventStore, namespace: string | undefined): Promise<string> {
  return `pdca-${namespace ?? (await installationId(store)).replace(/-/g, '')}`;
}
