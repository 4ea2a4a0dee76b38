import type { EventStore, StoredEvent, Subscription } from '../src/event-store/event-store.port';
import type { DocumentWrite, ReadModelStore } from '../src/read-model/read-model-store.port';
import { handles, type Projection } from './projection';

export interface RebuildProgress {
  projection: string;
  done: number;
  total: number;
}

interface Live {
  generation: number;
  checkpoint: number;
}

/** Serialises the live fold and the final switch of a rebuild for one projection. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Feeds every projection from the stored log. Exactly-once effect: the documents an event changes and
 * the projection's checkpoint are written in one transaction, guarded by the previous checkpoint, so a
 * redelivered batch (after a crash, or by a second runner) changes nothing.
 */
export class ProjectionRunner {
  private readonly live = new Map<string, Live>();
  private readonly locks = new Map<string, Mutex>();
  private subscription: Subscription | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    readonly projections: Projection<any>[],
    private readonly log: { log(msg: string): void; error(msg: string, err?: unknown): void } = { log: () => undefined, error: () => undefined },
  ) {
    for (const p of projections) this.locks.set(p.name, new Mutex());
  }

  projection(name: string): Projection<any> {
    const found = this.projections.find((p) => p.name === name);
    if (!found) throw new Error(`unknown projection ${name}`);
    return found;
  }

  /** Prepares generations (a new one when a projection's version changed) and starts following the log. */
  async start(): Promise<void> {
    for (const p of this.projections) {
      const state = await this.store.projectionState(p.name);
      if (!state || state.version !== p.version) {
        const generation = (state?.activeGeneration ?? 0) + 1;
        await this.store.createGeneration(p.name, generation, p.version);
        await this.store.activateGeneration(p.name, generation, p.version);
        this.log.log(`projection ${p.name} v${p.version}: ${state ? `version changed from v${state.version}, ` : ''}building generation ${generation} from the log`);
      }
      const active = (await this.store.projectionState(p.name))!;
      this.live.set(p.name, { generation: active.activeGeneration, checkpoint: await this.store.checkpoint(p.name, active.activeGeneration) });
    }
    const from = Math.min(...[...this.live.values()].map((l) => l.checkpoint));
    this.subscription = this.events.subscribe(from, (batch) => this.applyLive(batch), {
      batchSize: 1000,
      onError: (error) => this.log.error('projection runner failed on a batch; retrying', error),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /** Resolves when every projection has folded the log up to `position` (or rejects after `timeoutMs`). */
  async waitFor(position: number, timeoutMs = 5000): Promise<void> {
    if (this.lowestCheckpoint() >= position) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`read models did not reach position ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (this.lowestCheckpoint() >= position) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve();
        }
      };
      this.listeners.add(check);
    });
  }

  lowestCheckpoint(): number {
    return Math.min(...[...this.live.values()].map((l) => l.checkpoint));
  }

  status(): { projection: string; version: number; generation: number; checkpoint: number }[] {
    return this.projections.map((p) => ({ projection: p.name, version: p.version, ...this.live.get(p.name)! }));
  }

  generation(name: string): number {
    const live = this.live.get(name);
    if (!live) throw new Error(`unknown projection ${name}`);
    return live.generation;
  }

  private async applyLive(batch: StoredEvent[]): Promise<void> {
    for (const p of this.projections) {
      await this.locks.get(p.name)!.run(async () => {
        const live = this.live.get(p.name)!;
        const fresh = batch.filter((e) => e.position > live.checkpoint);
        if (fresh.length === 0) return;
        const last = fresh[fresh.length - 1].position;
        const writes = await this.fold(p, live.generation, fresh);
        const committed = await this.store.commit(p.name, live.generation, writes, live.checkpoint, last);
        // Not committed: another runner moved the checkpoint; take its position and carry on.
        live.checkpoint = committed ? last : await this.store.checkpoint(p.name, live.generation);
      });
    }
    this.listeners.forEach((l) => l());
  }

  private async fold(p: Projection<any>, generation: number, events: StoredEvent[]): Promise<DocumentWrite[]> {
    const relevant = events.filter((e) => handles(p, e.type));
    if (relevant.length === 0) return [];
    const ids = relevant.flatMap((e) => p.documentIds(e));
    const docs = await this.store.getMany<unknown>(p.name, generation, ids);
    const touched = new Set<string>();
    for (const event of relevant) {
      for (const id of p.documentIds(event)) {
        const next = p.evolve(docs.get(id) ?? null, event, id);
        if (next === null) docs.delete(id);
        else docs.set(id, next);
        touched.add(id);
      }
    }
    return [...touched].map((id) => ({ id, doc: docs.get(id) ?? null }));
  }

  /**
   * Builds a projection afresh in a new generation while the active one keeps serving, then switches.
   * The fold runs over an in-memory document map and flushes every `chunk` events with its checkpoint.
   * If anything throws, the new generation is dropped and the active one stays in place.
   */
  async rebuild(name: string, onProgress: (p: RebuildProgress) => void = () => undefined, chunk = 20_000): Promise<{ generation: number; events: number }> {
    const p = this.projection(name);
    const live = this.live.get(name)!;
    const generation = live.generation + 1;
    await this.store.createGeneration(name, generation, p.version);
    try {
      const total = await this.events.headPosition();
      const docs = new Map<string, unknown>();
      let dirty = new Set<string>();
      let checkpoint = 0;
      let done = 0;
      const flush = async (to: number) => {
        const writes = [...dirty].map((id) => ({ id, doc: docs.get(id) ?? null }));
        if (!(await this.store.commit(name, generation, writes, checkpoint, to))) throw new Error(`rebuild of ${name}: checkpoint moved under the rebuild`);
        checkpoint = to;
        dirty = new Set();
      };
      const foldBatch = (batch: StoredEvent[]) => {
        for (const event of batch) {
          if (!handles(p, event.type)) continue;
          for (const id of p.documentIds(event)) {
            const next = p.evolve(docs.get(id) ?? null, event, id);
            if (next === null) docs.delete(id);
            else docs.set(id, next);
            dirty.add(id);
          }
        }
      };
      for (;;) {
        const batch = await this.events.readAll({ afterPosition: checkpoint, limit: chunk });
        if (batch.length === 0) break;
        foldBatch(batch);
        done += batch.length;
        await flush(batch[batch.length - 1].position);
        onProgress({ projection: name, done, total: Math.max(total, done) });
      }
      // Switch under the projection's lock, after folding whatever arrived meanwhile.
      await this.locks.get(name)!.run(async () => {
        const rest = await this.events.readAll({ afterPosition: checkpoint });
        if (rest.length) {
          foldBatch(rest);
          done += rest.length;
          await flush(rest[rest.length - 1].position);
        }
        await this.store.activateGeneration(name, generation, p.version);
        this.live.set(name, { generation, checkpoint });
      });
      onProgress({ projection: name, done, total: Math.max(total, done) });
      return { generation, events: done };
    } catch (error) {
      await this.store.dropGeneration(name, generation).catch(() => undefined);
      throw error;
    }
  }
}
