import type { JobContext, JobHandler, JobInfo, JobQueue } from './job-queue.port';

/**
 * The fallback when Redis is unreachable at start. Same interface; jobs live in memory only. That is
 * safe because every pending timer is derived from the log again at the next start.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly jobs = new Map<string, JobInfo>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly handlers = new Map<string, JobHandler>();
  private started = false;
  private closed = false;
  private readonly pending: string[] = [];
  private readonly attempts = new Map<string, number>();

  /** Like the BullMQ queue: a failing job is retried with exponential backoff, up to `maxAttempts`. */
  constructor(private readonly maxAttempts = 5, private readonly backoffMs = 1000) {}

  async add(name: string, data: object, options: { jobId: string; delayMs?: number }): Promise<void> {
    if (this.jobs.has(options.jobId) || this.closed) return;
    const delay = Math.max(0, options.delayMs ?? 0);
    this.jobs.set(options.jobId, { id: options.jobId, name, data, state: delay > 0 ? 'delayed' : 'waiting', progress: 0 });
    // Timers longer than ~24.8 days overflow setTimeout; re-arm in steps.
    const arm = (remaining: number) => {
      const step = Math.min(remaining, 2 ** 31 - 1);
      const timer = setTimeout(() => (remaining > step ? arm(remaining - step) : this.enqueue(options.jobId)), step);
      timer.unref?.();
      this.timers.set(options.jobId, timer);
    };
    if (delay > 0) arm(delay);
    else this.enqueue(options.jobId);
  }

  handle(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  async start(): Promise<void> {
    this.started = true;
    this.pending.splice(0).forEach((id) => void this.run(id));
  }

  private enqueue(id: string): void {
    this.timers.delete(id);
    const job = this.jobs.get(id);
    if (!job) return;
    job.state = 'waiting';
    if (this.started) void this.run(id);
    else this.pending.push(id);
  }

  private async run(id: string): Promise<void> {
    const job = this.jobs.get(id)!;
    const handler = this.handlers.get(job.name);
    if (!handler) {
      job.state = 'failed';
      job.error = `no handler for job ${job.name}`;
      return;
    }
    job.state = 'active';
    const ctx: JobContext = {
      id,
      updateProgress: async (progress) => {
        job.progress = progress;
      },
    };
    try {
      job.result = await handler(job.data, ctx);
      job.state = 'completed';
    } catch (error) {
      job.error = error instanceof Error ? error.message : String(error);
      const attempt = (this.attempts.get(id) ?? 0) + 1;
      this.attempts.set(id, attempt);
      if (attempt < this.maxAttempts && !this.closed) {
        job.state = 'delayed';
        const timer = setTimeout(() => this.enqueue(id), this.backoffMs * 2 ** (attempt - 1));
        timer.unref?.();
        this.timers.set(id, timer);
      } else {
        job.state = 'failed';
      }
    }
  }

  async get(jobId: string): Promise<JobInfo | null> {
    const job = this.jobs.get(jobId);
    return job ? { ...job } : null;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }
}
