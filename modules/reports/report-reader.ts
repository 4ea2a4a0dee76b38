import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../src/event-store/event-store.port';
import { READ_MODEL_STORE, type ReadModelStore } from '../../src/read-model/read-model-store.port';
import { ProjectionRunner } from '../../projections/projection-runner';
import { foldInMemory } from '../../projections/projection';
import { planWorkflowProjection, type CycleDoc, type PlanDoc, type SheetDoc, type WorkflowDoc } from '../../projections/plan-workflow.projection';
import { sheetKey, type PlanSnapshot } from '../../projections/reports/build-reports';
import { NotFoundError } from '../../src/domain/errors';

/**
 * Loads the documents a plan's reports are built from. Three ways, one fold:
 * - current: from the read model, after waiting (briefly) for it to reach the log's head, so a
 *   client reads its own writes;
 * - `asOf` (time) or `toPosition`: a cold fold of the plan's streams up to that point;
 * - published: a cold fold up to the publication event, cached (it can never change).
 */
@Injectable()
export class ReportReader {
  private readonly logger = new Logger(ReportReader.name);
  private readonly cache = new Map<string, PlanSnapshot>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}

  async current(planId: string): Promise<PlanSnapshot> {
    const head = await this.events.headPosition();
    await this.runner.waitFor(head, 3000).catch((error) => this.logger.warn(`serving a read model behind the log: ${(error as Error).message}`));
    const generation = this.runner.generation(planWorkflowProjection.name);
    const docs = await this.store.list<WorkflowDoc>(planWorkflowProjection.name, generation, `${planId}/`);
    return toSnapshot(planId, new Map(docs.map((d) => [d.id, d.doc])), Math.min(head, this.runner.lowestCheckpoint()));
  }

  async at(planId: string, bound: { asOf?: string; toPosition?: number }): Promise<PlanSnapshot> {
    const cacheKey = bound.toPosition !== undefined && bound.asOf === undefined ? `${planId}@${bound.toPosition}` : null;
    const cached = cacheKey ? this.cache.get(cacheKey) : undefined;
    if (cached) return cached;
    const events = await this.planEvents(planId, bound);
    const snapshot = toSnapshot(planId, foldInMemory(planWorkflowProjection, events), events.length ? events[events.length - 1].position : 0);
    if (cacheKey) {
      if (this.cache.size > 200) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(cacheKey, snapshot);
    }
    return snapshot;
  }

  /** The plan's own streams, in log order, up to the bound. */
  async planEvents(planId: string, bound: { asOf?: string; toPosition?: number } = {}): Promise<StoredEvent[]> {
    const events = await this.events.readAll({
      streamPrefixes: [`plan-${planId}`, `cycle-${planId}-`, `sheet-${planId}-`],
      ...(bound.asOf ? { toTimestamp: bound.asOf } : {}),
      ...(bound.toPosition !== undefined ? { toPosition: bound.toPosition } : {}),
    });
    // Prefixes can match a longer plan id; keep only this plan's events.
    return events.filter((e) => (e.data as { planId?: string }).planId === planId);
  }
}

export function toSnapshot(planId: string, docs: Map<string, WorkflowDoc>, position: number): PlanSnapshot {
  let plan: PlanDoc | undefined;
  const cycles = new Map<number, CycleDoc>();
  const sheets = new Map<string, SheetDoc>();
  for (const doc of docs.values()) {
    if (doc.kind === 'plan') plan = doc;
    else if (doc.kind === 'cycle') cycles.set(doc.fiscalYear, doc);
    else sheets.set(sheetKey(doc.fiscalYear, doc.itemId), doc);
  }
  if (!plan) throw new NotFoundError('plan', planId, `Plan ${planId} not found (or it did not exist yet at that time)`);
  return { plan, cycles, sheets, position };
}

/** Keeps only what the public may see: published cycles and their sheets. */
export function publishedOnly(snapshot: PlanSnapshot): PlanSnapshot {
  const cycles = new Map([...snapshot.cycles].filter(([, c]) => c.publications.length > 0));
  const sheets = new Map([...snapshot.sheets].filter(([, s]) => cycles.has(s.fiscalYear)));
  return { ...snapshot, cycles, sheets };
}
