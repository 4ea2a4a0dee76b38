export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  data: unknown;
  progress: unknown;
  result?: unknown;
  error?: string;
}

export interface JobContext {
  id: string;
  updateProgress(progress: object): Promise<void>;
}

export type JobHandler = (data: any, ctx: JobContext) => Promise<unknown>;

/**
 * Jobs: deadline reminders, overdue flags, projection rebuilds. `add` is idempotent by `jobId`: a job
 * id that comes from an event is derived from that event, so a redelivered event schedules nothing twice.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  add(name: string, data: object, options: { jobId: string; delayMs?: number }): Promise<void>;
  handle(name: string, handler: JobHandler): void;
  /** Starts processing; call after every handler is registered. */
  start(): Promise<void>;
  get(jobId: string): Promise<JobInfo | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
