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
   * `progressEvery`: events between two progress reports. If anything throws, the new generation is
   * dropped and the active one stays in place.
   */
  async rebuild(name: string, onProgress: (p: RebuildProgress) => void = () => undefined, progressEvery = 20_000): Promise<{ generation: number; events: number }> {
    const [result] = await this.rebuildMany([name], onProgress, progressEvery);
    return { generation: result.generation, events: result.events };
  }

  /**
   * Rebuilds several projections in ONE pass over the log, each into its own new generation:
   * - the log up to its head is scanned in pages (EventStore.scan when the adapter has one: only
   *   what the folds read, read ahead of the fold) and folded into documents the rebuild owns and
   *   changes in place (Projection.evolveOwned), in memory: the read models' own size;
   * - each projection's documents are then written once into its generation, in bulk
   *   (ReadModelStore.fillGeneration: plain inserts, relaxed durability, the generation is not live);
   * - under the projection's lock, the events that arrived meanwhile are folded as the live runner
   *   folds them (from the stored documents), and the generation is switched to.
   * The read side keeps serving the old generations until each switch. If anything throws, every new
   * generation not yet switched to is dropped and the active ones stay in place.
   */
  async rebuildMany(
    names: string[],
    onProgress: (p: RebuildProgress) => void = () => undefined,
    progressEvery = 20_000,
  ): Promise<{ projection: string; generation: number; events: number }[]> {
    const busy = names.filter((name) => this.rebuilding.has(name));
    if (busy.length) throw new RebuildInProgressError(busy);
    names.forEach((name) => this.rebuilding.add(name));
    try {
      return await this.rebuildOnce(names, onProgress, Math.max(1, progressEvery));
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
    progressEvery: number,
  ): Promise<{ projection: string; generation: number; events: number }[]> {
    const builds = [...new Set(names)].map((name) => ({
      name,
      p: this.projection(name),
      generation: this.live.get(name)!.generation + 1,
      docs: new Map<string, unknown>(),
      done: 0,
      created: false,
    }));
    try {
      for (const b of builds) {
        await this.store.createGeneration(b.name, b.generation, b.p.version);
        b.created = true;
      }
      const head = await this.events.headPosition();
      let position = 0;
      let done = 0;
      let sinceProgress = 0;
      for await (const batch of this.scanLog(head, builds.map((b) => b.p))) {
        for (const b of builds) foldInto(b.p, b.docs, batch);
        position = batch[batch.length - 1].position;
        done += batch.length;
        sinceProgress += batch.length;
        if (sinceProgress >= progressEvery) {
          sinceProgress = 0;
          for (const b of builds) onProgress({ projection: b.name, done, total: Math.max(head, done) });
          // Let the app answer (the old generation serves reads, the job reports its progress).
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      for (const b of builds) {
        await this.store.fillGeneration(b.name, b.generation, b.docs, position);
        b.docs.clear();
        b.done = done;
        // Switch under the projection's lock, after folding whatever arrived meanwhile as a live batch.
        await this.liveLock.run(async () => {
          const rest = await this.events.readAll({ afterPosition: position });
          let checkpoint = position;
          if (rest.length) {
            const writes = await this.fold(b.p, b.generation, rest);
            const last = rest[rest.length - 1].position;
            if (!(await this.store.commit(b.name, b.generation, writes, checkpoint, last))) throw new Error(`rebuild of ${b.name}: checkpoint moved under the rebuild`);
            checkpoint = last;
            b.done += rest.length;
          }
          await this.store.activateGeneration(b.name, b.generation, b.p.version);
          this.live.set(b.name, { generation: b.generation, checkpoint });
        });
        onProgress({ projection: b.name, done: b.done, total: Math.max(head, b.done) });
      }
      return builds.map((b) => ({ projection: b.name, generation: b.generation, events: b.done }));
    } catch (error) {
      for (const b of builds) {
        b.docs.clear();
        // A generation already switched to stays; only the unfinished ones are dropped.
        if (b.created && this.live.get(b.name)?.generation !== b.generation) await this.store.dropGeneration(b.name, b.generation).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * The log up to `head` in pages: through the adapter's scan when it has one (told which metadata
   * the folds read), else readAll pages, the next one requested before the current one is folded.
   */
  private async *scanLog(head: number, projections: Projection<any>[]): AsyncGenerator<StoredEvent[]> {
    if (this.events.scan) {
      yield* this.events.scan({ afterPosition: 0, toPosition: head, metadataOf: metadataTypes(projections) });
      return;
    }
    let next = this.events.readAll({ afterPosition: 0, toPosition: head, limit: READ_PAGE });
    for (;;) {
      const batch = await next;
      if (batch.length === 0) return;
      next = this.events.readAll({ afterPosition: batch[batch.length - 1].position, toPosition: head, limit: READ_PAGE });
      yield batch;
    }
  }
}

/** The event types whose metadata some fold reads ('*': all of them). */
function metadataTypes(projections: Projection<any>[]): ReadonlySet<string> | '*' {
  const types = new Set<string>();
  for (const p of projections) {
    const reads = p.metadataOf ?? p.handles;
    if (reads === '*') return '*';
    reads.forEach((t) => types.add(t));
  }
  return types;
}

export class RebuildInProgressError extends Error {
  constructor(readonly projections: string[]) {
    super(`a rebuild of ${projections.join(', ')} is already running`);
    this.name = 'RebuildInProgressError';
  }
}
