/**
 * Stream `admin-job-<jobId>`: projection rebuild jobs (replay of the log into read models).
 */
import type { Event } from './event';

export interface ProjectionJobData {
  jobId: string;
  /** Projection names, e.g. ["annual-report", "review-queue"]. */
  projections: string[];
  /** `sub` of the admin who asked. */
  requestedBy: string;
  at: string;
  /** Events folded so far (Completed: in total). */
  eventsProcessed?: number;
  /** Failed: what went wrong. */
  error?: string;
}

export type ProjectionRebuildRequested = Event<'ProjectionRebuildRequested', ProjectionJobData>;
export type ProjectionRebuildStarted = Event<'ProjectionRebuildStarted', ProjectionJobData>;
export type ProjectionRebuildCompleted = Event<'ProjectionRebuildCompleted', ProjectionJobData & { eventsProcessed: number }>;
export type ProjectionRebuildFailed = Event<'ProjectionRebuildFailed', ProjectionJobData & { error: string }>;

export type AdminEvent =
  | ProjectionRebuildRequested
  | ProjectionRebuildStarted
  | ProjectionRebuildCompleted
  | ProjectionRebuildFailed;

export const ADMIN_EVENT_TYPES = [
  'ProjectionRebuildRequested',
  'ProjectionRebuildStarted',
  'ProjectionRebuildCompleted',
  'ProjectionRebuildFailed',
] as const satisfies readonly AdminEvent['type'][];

export const adminJobStreamId = (jobId: string): string => `admin-job-${jobId}`;
