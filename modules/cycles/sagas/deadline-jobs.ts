import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { cycleStreamId } from '../../../events/cycle.events';
import { SETTINGS, type Settings } from '../../../src/config/settings';
import type { JobQueue } from '../../../src/queue/job-queue.port';
import { EventSourcedRepository } from '../../shared/event-sourced-repository';
import { cycleDecider } from '../cycle.decider';
import { ExecuteSheetCommand, type CommandResult } from '../cycle.handlers';
import type { FlagOverdue, SendReminder } from '../sheet.decider';

const SYSTEM = { sub: 'system:deadlines', role: 'system' as const };

/**
 * The job handlers behind the deadline sagas. Each is idempotent: commands carry a key derived from
 * the job, and the sheet decider emits nothing when there is nothing (left) to flag or remind.
 */
@Injectable()
export class DeadlineJobs {
  private readonly logger = new Logger('DeadlineJobs');

  constructor(
    private readonly commands: CommandBus,
    private readonly repository: EventSourcedRepository,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  register(queue: JobQueue): void {
    queue.handle('cycle-due', (data) => this.cycleDue(data));
    queue.handle('return-reminder', (data) => this.returnReminder(data));
    queue.handle('deliver-reminder', (data) => this.deliver(data));
  }

  /** At the due date: every sheet not yet submitted is flagged overdue, and its departments reminded. */
  async cycleDue({ planId, fiscalYear }: { planId: string; fiscalYear: number }): Promise<{ flagged: string[] }> {
    const { state: cycle } = await this.repository.load(cycleStreamId(planId, fiscalYear), cycleDecider);
    if (cycle.status === 'none') return { flagged: [] };
    const flagged: string[] = [];
    for (const itemId of cycle.itemIds) {
      const emitted = await this.sheetCommand(planId, fiscalYear, itemId, { type: 'FlagOverdue' }, `overdue_${planId}_${fiscalYear}_${itemId}`);
      if (emitted.includes('SheetOverdue')) {
        flagged.push(itemId);
        await this.sheetCommand(planId, fiscalYear, itemId, { type: 'SendReminder', reason: 'overdue' }, `overdue-reminder_${planId}_${fiscalYear}_${itemId}`);
      }
    }
    if (flagged.length) this.logger.log(`cycle ${planId} ${fiscalYear}: ${flagged.length} sheet(s) overdue`);
    return { flagged };
  }

  async returnReminder({ planId, fiscalYear, itemId, returnEventId }: { planId: string; fiscalYear: number; itemId: string; returnEventId: string }) {
    const emitted = await this.sheetCommand(planId, fiscalYear, itemId, { type: 'SendReminder', reason: 'returned' }, `return-reminder_${returnEventId}`);
    return { reminded: emitted.includes('SheetReminderSent') };
  }

  /** POSTs a reminder to NOTIFY_WEBHOOK_URL; a failure throws so the queue retries with backoff. */
  async deliver({ eventId, payload }: { eventId: string; payload: Record<string, unknown> }) {
    if (!this.settings.webhookUrl) return { delivered: false };
    const response = await fetch(this.settings.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': eventId },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    return { delivered: true };
  }

  private async sheetCommand(planId: string, fiscalYear: number, itemId: string, action: FlagOverdue | SendReminder, key: string): Promise<string[]> {
    const context = { actor: SYSTEM, at: new Date().toISOString(), correlationId: key, idempotencyKey: key };
    const result = await this.commands.execute<ExecuteSheetCommand, CommandResult>(new ExecuteSheetCommand(planId, fiscalYear, itemId, action, context));
    // A replayed command (the job is being retried) answers with what it stored the first time, so
    // the steps after it still run: a flag stored before a crash still gets its reminder.
    return result.events;
  }
}
