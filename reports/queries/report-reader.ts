import type { EventStore, StoredEvent } from '../../src/event-store/event-store.port';
import type { ReadModelStore } from '../../src/read-model/read-model-store.port';
import type { ProjectionRunner } from '../../projections/projection-runner';
import { foldInMemory, type Projection } from '../../projections/projection';
import { planDocId, planWorkflowProjection, type PlanDoc, type WorkflowDoc } from '../../projections/plan-workflow.projection';
import { toSnapshot, type PlanSnapshot } from '../content/plan-snapshot';

/** Up to when a cold read folds the log: an ISO time (`asOf`) or a log position (a publication). */
export interface LogBound {
  asOf?: string;
  toPosition?: number;
}

/**
 * Loads the documents the reports are built from. A plan's documents, three ways, one fold:
 * - current: from the read model, after waiting (briefly) for it to reach the log's head, so a
 *   client reads its own writes;
 * - `asOf` (time) or `toPosition`: a cold fold of the plan's streams up to that point;
 * - published: a cold fold up to the publication event, cached (it can never change).
 */
export class ReportReader {
  private readonly cache = new Map<string, PlanSnapshot>();
  /** Per plan, the log position of its last event the read models hold (since this process started). */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    private readonly log: { warn(message: string): void } = { warn: () => undefined },
  ) {
    runner.onApplied((batch) => {
      for (const event of batch) {
        const planId = (event.data as { planId?: unknown }).planId;
        if (typeof planId === 'string') this.versions.set(planId, event.position);
      }
    });
  }

  /**
   * Changes whenever what the reports of the plan are built from may have changed: an event of the
   * plan reached the read models, or the read model was rebuilt into a new generation. Read it after
   * catchUp(). A cache keyed by it never serves a report older than the caller's own writes.
   */
  planVersion(planId: string): string {
    return `${this.runner.generation(planWorkflowProjection.name)}.${this.versions.get(planId) ?? 0}`;
  }

  /** Waits (at most 3 s) for the read models to reach the head of the log; returns the head. */
  async catchUp(): Promise<number> {
    const head = await this.events.headPosition();
    await this.runner.waitFor(head, 3000).catch((error) => this.log.warn(`serving a read model behind the log: ${(error as Error).message}`));
    return head;
  }

  async current(planId: string): Promise<PlanSnapshot> {
    const head = await this.catchUp();
    const docs = await this.store.list<WorkflowDoc>(planWorkflowProjection.name, this.runner.generation(planWorkflowProjection.name), `${planId}/`);
    return toSnapshot(planId, new Map(docs.map((d) => [d.id, d.doc])), Math.min(head, this.runner.lowestCheckpoint()));
  }

  /** The plan's own document (titles, items) as the read model holds it now, without waiting; undefined when unknown. */
  async planDoc(planId: string): Promise<PlanDoc | undefined> {
    const rows = await this.store.list<WorkflowDoc>(planWorkflowProjection.name, this.runner.generation(planWorkflowProjection.name), planDocId(planId));
    return rows.map((r) => r.doc).find((d): d is PlanDoc => d.kind === 'plan' && d.planId === planId);
  }

  /** Every document of a read model, as its active generation holds it now. */
  async documents<TDoc>(projection: Projection<TDoc>): Promise<TDoc[]> {
    return (await this.store.list<TDoc>(projection.name, this.runner.generation(projection.name))).map((row) => row.doc);
  }

  async at(planId: string, bound: LogBound): Promise<PlanSnapshot> {
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
  async planEvents(planId: string, bound: LogBound = {}): Promise<StoredEvent[]> {
    const events = await this.events.readAll({
      streamPrefixes: [`plan-${planId}`, `cycle-${planId}-`, `sheet-${planId}-`],
      ...(bound.asOf ? { toTimestamp: bound.asOf } : {}),
      ...(bound.toPosition !== undefined ? { toPosition: bound.toPosition } : {}),
    });
    // Prefixes can match a longer plan id; keep only this plan's events.
    return events.filter((e) => (e.data as { planId?: string }).planId === planId);
  }
}

