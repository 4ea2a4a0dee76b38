import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { deterministicUuid } from '../shared/event-sourced-repository';
import { adminJobStreamId, type ProjectionJobData } from '../../events/admin.events';
import type { Actor } from '../../events/event';
import { CURRENT_SCHEMA_VERSION } from '../../events/upcasters';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../../src/queue/job-queue.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { IllegalTransitionError, InvalidCommandError, NotFoundError } from '../../src/domain/errors';

export interface RebuildProgressView {
  state: string;
  projection?: string;
  done: number;
  total: number;
  ratePerSecond: number;
  startedAt?: string;
}

/**
 * Rebuilds read models as a queued job. Each projection is folded into a fresh generation while the
 * current one keeps serving; the switch happens only at the end, so a failed rebuild changes nothing.
 * Who asked, when it started and how it ended are recorded as events on `admin-job-<jobId>`.
 */
@Injectable()
export class RebuildService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rebuild');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly runner: ProjectionRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.queue.handle('rebuild-projections', (data, ctx) => this.run(data, (p) => ctx.updateProgress(p)));
  }

  async request(projections: string[] | undefined, actor: Actor, requestId?: string, idempotencyKey?: string): Promise<{ jobId: string; projections: string[] }> {
    const known = this.runner.projections.map((p) => p.name);
    const names = projections?.length ? [...new Set(projections)] : known;
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length) throw new InvalidCommandError('projections', 'isKnownProjection', `unknown projection(s): ${unknown.join(', ')}; known: ${known.join(', ')}`);
    const jobId = idempotencyKey ? deterministicUuid(`rebuild\u0000${actor.sub}\u0000${idempotencyKey}`) : randomUUID();
    // A retried request with the same Idempotency-Key finds its job already recorded (even while it runs).
    const existing = await this.events.readStream(adminJobStreamId(jobId));
    if (existing.length) return { jobId, projections: (existing[0].data as ProjectionJobData).projections };
    const busy = names.filter((n) => this.runner.rebuildsInProgress().includes(n));
    if (busy.length) throw new IllegalTransitionError('rebuilding', ['GET /admin/jobs/:jobId'], `A rebuild of ${busy.join(', ')} is already running; wait for it to finish.`);
    const data: ProjectionJobData = { jobId, projections: names, requestedBy: actor.sub, at: new Date().toISOString() };
    await this.record(jobId, 'ProjectionRebuildRequested', data, actor, requestId, 'no_stream');
    await this.queue.add('rebuild-projections', { ...data, actor, requestId }, { jobId: `rebuild_${jobId}` });
    return { jobId, projections: names };
  }

  private async run(data: ProjectionJobData & { actor: Actor; requestId?: string }, progress: (p: object) => Promise<void>) {
    const started = Date.now();
    const system: Actor = { sub: 'system:rebuild', role: 'system' };
    await this.record(data.jobId, 'ProjectionRebuildStarted', { ...data, at: new Date().toISOString() }, system, data.requestId, 'any');
    let processed = 0;
    try {
      // One pass over the log for all the named projections; each switches when it is complete.
      let lastReport = 0;
      const results = await this.runner.rebuildMany(data.projections, (p) => {
        const now = Date.now();
        if (now - lastReport < 200 && p.done < p.total) return;
        lastReport = now;
        void progress({ state: 'running', projection: p.projection, done: p.done, total: p.total, ratePerSecond: Math.round(p.done / Math.max(0.001, (now - started) / 1000)) });
      });
      processed = Math.max(0, ...results.map((r) => r.events));
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      await progress({ state: 'completed', done: processed, total: processed, ratePerSecond: Math.round(processed / seconds) });
      await this.record(data.jobId, 'ProjectionRebuildCompleted', { ...data, at: new Date().toISOString(), eventsProcessed: processed }, system, data.requestId, 'any');
      this.logger.log(`rebuild ${data.jobId} (${data.projections.join(', ')}) by ${data.requestedBy}: ${processed} events in ${seconds.toFixed(1)} s`);
      return { eventsProcessed: processed, seconds };
    } catch (error) {
      await this.record(data.jobId, 'ProjectionRebuildFailed', { ...data, at: new Date().toISOString(), eventsProcessed: processed, error: (error as Error).message }, system, data.requestId, 'any');
      throw error;
    }
  }

  async status(jobId: string) {
    const history = await this.events.readStream(adminJobStreamId(jobId));
    if (history.length === 0) throw new NotFoundError('job', jobId, `Job ${jobId} not found`);
    const job = await this.queue.get(`rebuild_${jobId}`);
    const last = history[history.length - 1];
    const requested = history[0].data as ProjectionJobData;
    const outcome = ({ ProjectionRebuildRequested: 'waiting', ProjectionRebuildStarted: 'running', ProjectionRebuildCompleted: 'completed', ProjectionRebuildFailed: 'failed' } as Record<string, string>)[last.type];
    const progress = (job?.progress && typeof job.progress === 'object' ? job.progress : {}) as Partial<RebuildProgressView>;
    return {
      jobId,
      state: outcome,
      projections: requested.projections,
      requestedBy: requested.requestedBy,
      requestedAt: requested.at,
      progress: { done: progress.done ?? (last.data as ProjectionJobData).eventsProcessed ?? 0, total: progress.total ?? 0, ratePerSecond: progress.ratePerSecond ?? 0, projection: progress.projection },
      ...(last.type === 'ProjectionRebuildFailed' ? { error: (last.data as ProjectionJobData).error } : {}),
      history: history.map((e) => ({ type: e.type, at: e.timestamp, actor: e.metadata.actor })),
    };
  }

  private async record(jobId: string, type: string, data: ProjectionJobData, actor: Actor, requestId: string | undefined, expected: 'no_stream' | 'any') {
    await this.events.append(
      adminJobStreamId(jobId),
      [{ id: randomUUID(), type, data, metadata: { actor, correlationId: jobId, requestId, schemaVersion: (CURRENT_SCHEMA_VERSION as Record<string, number>)[type] ?? 1 } }],
      expected,
    );
  }
}
