import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SETTINGS, type Settings } from '../../../src/config/settings';
import { EVENT_STORE, type EventStore, type StoredEvent, type Subscription } from '../../../src/event-store/event-store.port';
import { READ_MODEL_STORE, type ReadModelStore } from '../../../src/read-model/read-model-store.port';
import { JOB_QUEUE, type JobQueue } from '../../../src/queue/job-queue.port';
import { ProjectionRunner } from '../../../projections/projection-runner';
import { planWorkflowProjection, type WorkflowDoc } from '../../../projections/plan-workflow.projection';
import { reviewQueueProjection, type ReviewQueueEntry } from '../../../projections/review-queue.projection';
import { DomainError } from '../../../src/domain/errors';
import { ExecuteCycleCommand } from '../cycle.handlers';
import { cycleDueJobId, deliverReminders, overdueAt, recordReviewOnCycle, returnReminderJobId, scheduleDeadlines, type SagaEffect, isDueDatePast } from './workflow.sagas';
import { DeadlineJobs } from './deadline-jobs';

const CHECKPOINT = 'saga:workflow';
const SYSTEM = { sub: 'system:workflow-saga', role: 'system' as const };

/**
 * Runs the workflow sagas from the STORED log, not from in-process events: it follows the log from
 * its checkpoint (kept in the read-model store) and moves the checkpoint only after a batch's effects
 * are done. Delivery is therefore at-least-once; every effect is idempotent (commands carry an
 * idempotency key from the triggering event, jobs a job id from it), so a redelivery changes nothing.
 * Pending timers are derived from the log: at start and every minute, open cycles and returned sheets
 * re-schedule their jobs (same ids, so nothing runs twice) — a lost or emptied Redis loses no step.
 */
@Injectable()
export class SagaRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sagas');
  private subscription: Subscription | null = null;
  /** Stored checkpoint, and how far the sagas have handled the log (saved lazily when nothing happened). */
  private checkpoint = 0;
  private position = 0;
  private savedAt = 0;
  private reconcileTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly commands: CommandBus,
    private readonly runner: ProjectionRunner,
    private readonly jobs: DeadlineJobs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.register(this.queue);
    await this.queue.start();
    if (!(await this.store.projectionState(CHECKPOINT))) {
      await this.store.createGeneration(CHECKPOINT, 1, 1);
      await this.store.activateGeneration(CHECKPOINT, 1, 1);
    }
    this.checkpoint = this.position = await this.store.checkpoint(CHECKPOINT, 1);
    this.subscription = this.events.subscribe(this.checkpoint, (batch) => this.handle(batch), {
      batchSize: 200,
      onError: (error) => this.logger.error(`saga batch failed; it will be retried: ${(error as Error).message}`),
    });
    await this.reconcile().catch((error) => this.logger.warn(`could not re-derive pending deadlines yet: ${(error as Error).message}`));
    this.reconcileTimer = setInterval(() => void this.reconcile().catch(() => undefined), 60_000);
    this.reconcileTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.subscription?.stop();
    await this.saveCheckpoint().catch(() => undefined);
  }

  private async saveCheckpoint(): Promise<void> {
    if (this.position <= this.checkpoint) return;
    if (await this.store.commit(CHECKPOINT, 1, [], this.checkpoint, this.position)) this.checkpoint = this.position;
    else this.checkpoint = this.position = await this.store.checkpoint(CHECKPOINT, 1);
    this.savedAt = Date.now();
  }

  /** For tests and admin: resolves once the sagas have handled the log up to its current head. */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUp();
  }

  private async handle(batch: StoredEvent[]): Promise<void> {
    let effects = 0;
    for (const event of batch) {
      const due = [
        ...recordReviewOnCycle(event),
        ...scheduleDeadlines(event, this.settings.returnReminderHours),
        ...deliverReminders(event, Boolean(this.settings.webhookUrl)),
      ];
      for (const effect of due) await this.apply(effect, event);
      effects += due.length;
    }
    this.position = batch[batch.length - 1].position;
    // Batches without effects move the stored checkpoint at most once a second: redelivering them
    // after a crash costs nothing (they do nothing), and it spares a write per command.
    if (effects > 0 || Date.now() - this.savedAt > 1000) await this.saveCheckpoint();
  }

  private async apply(effect: SagaEffect, cause: StoredEvent): Promise<void> {
    if (effect.kind === 'job') {
      await this.queue.add(effect.name, effect.data, { jobId: effect.jobId, delayMs: Date.parse(effect.runAt) - Date.now() });
      return;
    }
    const context = { actor: SYSTEM, at: cause.timestamp, correlationId: cause.metadata.correlationId, causationId: cause.id, idempotencyKey: effect.idempotencyKey };
    try {
      await this.commands.execute(new ExecuteCycleCommand(effect.planId, effect.fiscalYear, effect.command, context));
    } catch (error) {
      // A refusal by the decider is final (e.g. a status change after the council took the report);
      // retrying the batch would not change it. Infrastructure errors propagate and the batch is retried.
      if (error instanceof DomainError) this.logger.warn(`saga command refused for ${cause.type} ${cause.id}: ${error.message}`);
      else throw error;
    }
  }

  /** Re-schedules every pending deadline from the read models (idempotent by job id). */
  async reconcile(): Promise<void> {
    const workflow = await this.store.list<WorkflowDoc>(planWorkflowProjection.name, this.runner.generation(planWorkflowProjection.name));
    for (const { doc } of workflow) {
      if (doc.kind !== 'cycle' || doc.status !== 'collecting') continue;
      // Opened after its due date: no reminders for a date already past (scheduleDeadlines schedules none either).
      if (isDueDatePast(doc.dueDate, doc.openedAt)) continue;
      await this.queue.add('cycle-due', { planId: doc.planId, fiscalYear: doc.fiscalYear }, { jobId: cycleDueJobId(doc.planId, doc.fiscalYear), delayMs: Date.parse(overdueAt(doc.dueDate)) - Date.now() });
    }
    const queue = await this.store.list<ReviewQueueEntry>(reviewQueueProjection.name, this.runner.generation(reviewQueueProjection.name));
    for (const { doc } of queue) {
      if (doc.state !== 'returned' || !doc.lastReturnEventId) continue;
      await this.queue.add(
        'return-reminder',
        { planId: doc.planId, fiscalYear: doc.fiscalYear, itemId: doc.itemId, returnEventId: doc.lastReturnEventId },
        { jobId: returnReminderJobId(doc.lastReturnEventId), delayMs: Date.parse(doc.since) + this.settings.returnReminderHours * 3_600_000 - Date.now() },
      );
    }
  }
}
