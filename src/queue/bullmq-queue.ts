import { Job, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Logger } from '@nestjs/common';
import type { JobHandler, JobInfo, JobQueue, JobState } from './job-queue.port';

/**
 * BullMQ on Redis. BullMQ ignores `add` for a job id it already holds, which makes scheduling from
 * redelivered events idempotent; finished jobs are kept for a week so their ids keep deduplicating.
 */
export class BullMqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private workerConnection: IORedis | null = null;
  private readonly logger = new Logger('JobQueue');
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly connection: IORedis,
    private readonly queueName: string,
  ) {
    this.queue = new Queue(queueName, {
      connection,
      defaultJobOptions: {
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      },
    });
    this.queue.on('error', this.onError);
  }

  /** Connection errors are reported by /health and retried by ioredis; an unhandled 'error' event would crash the process. */
  private readonly onError = (error: Error) => this.logger.warn(`Redis: ${error.message}`);

  async add(name: string, data: object, options: { jobId: string; delayMs?: number }): Promise<void> {
    // BullMQ forbids ':' in custom ids only when they look like integers; keep ids as given otherwise.
    await this.queue.add(name, data, { jobId: options.jobId, delay: Math.max(0, options.delayMs ?? 0) });
  }

  handle(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  async start(): Promise<void> {
    this.worker = new Worker(
      this.queueName,
      async (job: Job) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        return handler(job.data, { id: job.id!, updateProgress: (p) => job.updateProgress(p) });
      },
      { connection: (this.workerConnection = this.connection.duplicate()), concurrency: 2 },
    );
    this.worker.on('error', this.onError);
    this.workerConnection?.on('error', this.onError);
    // Closing a worker whose blocking connection is still initialising makes BullMQ emit an
    // 'error' nobody listens to any more; wait until it is ready before anyone can close it.
    await this.worker.waitUntilReady();
  }

  async get(jobId: string): Promise<JobInfo | null> {
    const job = await this.queue.getJob(jobId);
    if (!job) return null;
    const state = (await job.getState()) as string;
    return {
      id: job.id!,
      name: job.name,
      state: (['waiting', 'delayed', 'active', 'completed', 'failed'].includes(state) ? state : state === 'prioritized' || state === 'waiting-children' ? 'waiting' : 'unknown') as JobState,
      data: job.data,
      progress: job.progress,
      result: job.returnvalue ?? undefined,
      error: job.failedReason || undefined,
    };
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    // BullMQ does not close connections it was given; close ours so nothing keeps the process alive.
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}

/** Connects to Redis, or returns null when it does not answer within `timeoutMs`. */
export async function connectRedis(url: string, timeoutMs = 1500): Promise<IORedis | null> {
  const connection = new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: timeoutMs, enableOfflineQueue: true });
  connection.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      connection.connect().then(() => connection.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return connection;
  } catch {
    connection.disconnect();
    return null;
  } finally {
    clearTimeout(timer);
  }
}
