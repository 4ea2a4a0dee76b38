/**
 * Stream `installation`: who this store is. Written once, by the first start that needs it, so that
 * shared infrastructure (one Redis for several installations) can tell installations apart.
 */
import type { Event } from './event';

export interface InstallationData {
  /** A random id, fixed for the life of the store. */
  installationId: string;
  at: string;
}

export type InstallationIdentified = Event<'InstallationIdentified', InstallationData>;
export type InstallationEvent = InstallationIdentified;

export const INSTALLATION_EVENT_TYPES = ['InstallationIdentified'] as const satisfies readonly InstallationEvent['type'][];

export const INSTALLATION_STREAM_ID = 'installation';
