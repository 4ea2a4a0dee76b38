import type { EventStore, StoredEvent, Subscription } from '../src/event-store/event-store.port';
import type { DocumentWrite, ProjectionCommit, ReadModelStore } from '../src/read-model/read-model-store.port';
import { foldInto, handles, type Projection } from './projection';

export interface RebuildProgress {
  projection: string;
  done: number;
  total: number;
}

/** Events per readAll during a rebuild (independent of how often it flushes). */
const READ_PAGE = 2_000;

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
  /** Serialises the live fold and the switch at the end of a rebuild. */
  private readonly liveLock = new Mutex();
  private subscription: Subscription | null = null;
  /** Projections being rebuilt: two rebuilds of one projection would build the same new generation. */
  private readonly rebuilding = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly appliedListeners = new Set<(batch: StoredEvent[]) => void>();

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    readonly projections: Projection<any>[],
    private readonly log: { log(msg: string): void; error(msg: string, err?: unknown): void } = { log: () => undefined, error: () => undefined },
  ) {}

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

  /**
   * `listener` sees every batch of the log once the read models hold it, before waitFor() callers
   * wake up (a reader that caught up has seen the batch). Returns the unsubscribe function.
   */
  onApplied(listener: (batch: StoredEvent[]) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
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

  /** Folds a batch into every projection and commits all of them in one transaction. */
  private async applyLive(batch: StoredEvent[]): Promise<void> {
    await this.liveLock.run(async () => {
      const commits: (ProjectionCommit & { live: Live })[] = [];
      for (const p of this.projections) {
        const live = this.live.get(p.name)!;
        const fresh = batch.filter((e) => e.position > live.checkpoint);
        if (fresh.length === 0) continue;
        const writes = await this.fold(p, live.generation, fresh);
        commits.push({ projection: p.name, generation: live.generation, writes, expectedCheckpoint: live.checkpoint, checkpoint: fresh[fresh.length - 1].position, live });
      }
      if (commits.length === 0) return;
      const committed = await this.store.commitMany(commits.map(({ live: _live, ...commit }) => commit));
      for (const [i, commit] of commits.entries()) {
        if (committed[i]) {
          commit.live.checkpoint = commit.checkpoint;
          continue;
        }
        // Not committed: another runner (another process) moved the checkpoint, or switched the
        // projection to a rebuilt generation. Follow whatever is active now and carry on from there.
        const state = await this.store.projectionState(commit.projection);
        const generation = state?.activeGeneration ?? commit.generation;
        commit.live.generation = generation;
        commit.live.checkpoint = await this.store.checkpoint(commit.projection, generation);
      }
    });
    this.appliedListeners.forEach((l) => l(batch));
    this.listeners.forEach((l) => l());
  }

  private async fold(p: Projection<any>, generation: number, events: StoredEvent[]): Promise<DocumentWrite[]> {
    const relevant = events.filter((e) => handles(p, e.type));
    if (relevant.length === 0) return [];
    const ids = relevant.flatMap((e) => p.documentIds(e));
    const docs = await this.store.getMany<unknown>(p.name, generation, ids);
    const touched = new Set<string>();
    foldInto(p, docs, relevant, touched);
    return [...touched].map((id) => ({ id, doc: docs.get(id) ?? null }));
  }

  /**
   * Builds a projection afresh in a new generation while the active one keeps serving, then switches.
   * The fold runs over an in-memory document map and flushes every `chunk` events with its checkpoint.
   * If anything throws, the new generation is dropped and the active one stays in place.
   */
  async rebuild(name: string, onProgress: (p: RebuildProgress) => void = () => undefined, chunk = 20_000): Promise<{ generation: number; events: number }> {
    const [result] = await this.rebuildMany([name], onProgress, chunk);
    return { generation: result.generation, events: result.events };
  }

  /**
   * Rebuilds several projections in ONE pass over the log (each into its own new generation, each
   * switched under its own lock at the end). The log is read in pages of `READ_PAGE` events (small
   * pages keep the parsed events young for the GC) and every projection flushes every `chunk` events.
   * If anything throws, every new generation is dropped and the active ones stay in place.
   */
  async rebuildMany(
    names: string[],
    onProgress: (p: RebuildProgress) => void = () => undefined,
    chunk = 20_000,
  ): Promise<{ projection: string; generation: number; events: number }[]> {
    const busy = names.filter((name) => this.rebuilding.has(name));
    if (busy.length) throw new RebuildInProgressError(busy);
    names.forEach((name) => this.rebuilding.add(name));
    try {
      return await this.rebuildOnce(names, onProgress, chunk);
    } finally {
      names.forEach((name) => this.rebuilding.delete(name));
    }
  }

  /** Projections with a rebuild under way. */
  rebuildsInProgress(): string[] {
    return [...this.rebuilding];
  }

  private async rebuildOnce(
    names: string[],
    onProgress: (p: RebuildProgress) => void,
    chunk: number,
  ): Promise<{ projection: string; generation: number; events: number }[]> {
    const builds = names.map((name) => ({
      name,
      p: this.projection(name),
      generation: this.live.get(name)!.generation + 1,
      docs: new Map<string, unknown>(),
      dirty: new Set<string>(),
      checkpoint: 0,
      done: 0,
      created: false,
    }));
    type Build = (typeof builds)[number];
    const flush = async (b: Build, to: number) => {
      const writes: DocumentWrite[] = [];
      for (const id of b.dirty) writes.push({ id, doc: b.docs.get(id) ?? null });
      if (!(await this.store.commit(b.name, b.generation, writes, b.checkpoint, to))) throw new Error(`rebuild of ${b.name}: checkpoint moved under the rebuild`);
      b.checkpoint = to;
      b.dirty = new Set();
    };
    const foldBatch = (b: Build, batch: StoredEvent[]) => {
      foldInto(b.p, b.docs, batch, b.dirty);
    };
    try {
      for (const b of builds) {
        await this.store.createGeneration(b.name, b.generation, b.p.version);
        b.created = true;
      }
      const total = await this.events.headPosition();
      const page = Math.max(1, Math.min(READ_PAGE, chunk));
      let position = 0;
      let sinceFlush = 0;
      let done = 0;
      for (;;) {
        const batch = await this.events.readAll({ afterPosition: position, limit: page });
        if (batch.length === 0) break;
        for (const b of builds) foldBatch(b, batch);
        position = batch[batch.length - 1].position;
        done += batch.length;
        sinceFlush += batch.length;
        if (sinceFlush >= chunk) {
          sinceFlush = 0;
          for (const b of builds) {
            await flush(b, position);
            b.done = done;
            onProgress({ projection: b.name, done, total: Math.max(total, done) });
          }
        }
      }
      for (const b of builds) {
        if (b.checkpoint !== position) await flush(b, position);
        b.done = done;
        // Switch under the projection's lock, after folding whatever arrived meanwhile.
        await this.liveLock.run(async () => {
          const rest = await this.events.readAll({ afterPosition: b.checkpoint });
          if (rest.length) {
            foldBatch(b, rest);
            b.done += rest.length;
            await flush(b, rest[rest.length - 1].position);
          }
          await this.store.activateGeneration(b.name, b.generation, b.p.version);
          this.live.set(b.name, { generation: b.generation, checkpoint: b.checkpoint });
        });
        onProgress({ projection: b.name, done: b.done, total: Math.max(total, b.done) });
        // The documents are in the store now; let the map go before the next switch.
        b.docs.clear();
      }
      return builds.map((b) => ({ projection: b.name, generation: b.generation, events: b.done }));
    } catch (error) {
      for (const b of builds) {
        // A generation already switched to stays; only the unfinished ones are dropped.
        if (b.created && this.live.get(b.name)?.generation !== b.generation) await this.store.dropGeneration(b.name, b.generation).catch(() => undefined);
      }
      throw error;
    }
  }
}

export class RebuildInProgressError extends Error {
  constructor(readonly projections: string[]) {
    super(`a rebuild of ${projections.join(', ')} is already running`);
    this.name = 'RebuildInProgressError';
  }
}
