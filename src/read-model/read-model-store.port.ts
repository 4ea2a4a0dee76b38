/**
 * Document store for read models. Every projection owns documents keyed by id, inside a numbered
 * generation: rebuilding writes a fresh generation while the active one keeps serving, then switches.
 */
export interface DocumentWrite {
  id: string;
  /** null deletes the document. */
  doc: unknown | null;
}

export interface ProjectionCommit {
  projection: string;
  generation: number;
  writes: DocumentWrite[];
  expectedCheckpoint: number;
  checkpoint: number;
}

export interface ProjectionState {
  projection: string;
  activeGeneration: number;
  version: number;
}

export interface ReadModelStore {
  readonly kind: 'sqlite' | 'postgres';
  init(): Promise<void>;
  /** Active generation and version of a projection, or null if it was never built. */
  projectionState(projection: string): Promise<ProjectionState | null>;
  /** Registers generation `generation` (empty) for a projection at `version`, without activating it. */
  createGeneration(projection: string, generation: number, version: number): Promise<void>;
  /** Makes `generation` the one that serves reads, and deletes older generations' rows. */
  activateGeneration(projection: string, generation: number, version: number): Promise<void>;
  /** Drops a generation that will not be used (a failed rebuild). */
  dropGeneration(projection: string, generation: number): Promise<void>;
  checkpoint(projection: string, generation: number): Promise<number>;
  /**
   * Fills a new, empty, not yet active generation (a rebuild's) with its documents and moves its
   * checkpoint from 0 to `checkpoint`: plain bulk inserts with relaxed durability (nothing reads the
   * generation before activateGeneration, and a rebuild that does not finish drops it).
   */
  fillGeneration(projection: string, generation: number, docs: Iterable<[string, unknown]>, checkpoint: number): Promise<void>;
  /**
   * Writes the documents and moves the checkpoint from `expectedCheckpoint` to `checkpoint` in ONE
   * transaction. If the stored checkpoint is not `expectedCheckpoint` (another runner got there first)
   * nothing is written and false is returned: an event is never applied twice.
   */
  commit(projection: string, generation: number, writes: DocumentWrite[], expectedCheckpoint: number, checkpoint: number): Promise<boolean>;
  /** Several projections' commits in ONE transaction; each is guarded by its own checkpoint (false = skipped). */
  commitMany(commits: ProjectionCommit[]): Promise<boolean[]>;
  get<T>(projection: string, generation: number, id: string): Promise<T | null>;
  getMany<T>(projection: string, generation: number, ids: string[]): Promise<Map<string, T>>;
  /** Documents whose id starts with `prefix`, ordered by id. */
  list<T>(projection: string, generation: number, prefix?: string): Promise<{ id: string; doc: T }[]>;
  /**
   * Idempotency keys (not a read model: nothing rebuilds them). Records `requestHash` for `scope` unless
   * one is recorded already, atomically; answers the recorded hash and whether this call recorded it.
   */
  claimIdempotencyKey(scope: string, requestHash: string, at: string): Promise<{ requestHash: string; claimed: boolean }>;
  /** Forgets the key of `scope` if it is still recorded with `requestHash` (a request refused before any effect). */
  releaseIdempotencyKey(scope: string, requestHash: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
