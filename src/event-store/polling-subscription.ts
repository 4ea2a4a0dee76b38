import type { EventStore, StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

/**
 * Catch-up-then-live subscription over `readAll`, shared by the SQL adapters.
 *
 * Delivery is at-least-once: a batch is handed to the handler, and only after the handler resolves
 * does the subscription move its in-memory position. Consumers that must not apply an event twice
 * store their checkpoint in the same transaction as their effect (see projections/projection-runner).
 * Live mode waits for a local wake-up (an append in this process) or the poll interval (appends by
 * other processes), whichever comes first. A page shorter than the batch size was the head of the log
 * when it was read, so the next read waits for a wake-up too (it costs a round trip per batch on
 * PostgreSQL otherwise); a wake-up that came while the page was read or handled is not lost.
 */
export class PollingSubscription implements Subscription {
  private position: number;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** A wake-up arrived since the last read started: read again before sleeping. */
  private woken = false;
  private readonly loop: Promise<void>;
  private readonly waiters: { target: number; resolve: () => void }[] = [];

  constructor(
    private readonly store: Pick<EventStore, 'readAll' | 'headPosition'>,
    afterPosition: number,
    private readonly handler: (events: StoredEvent[]) => Promise<void>,
    private readonly options: SubscribeOptions & { pollIntervalMs?: number } = {},
    private readonly onStop: () => void = () => undefined,
  ) {
    this.position = afterPosition;
    this.loop = this.run();
  }

  /** Called by the adapter after a local append commits. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  async caughtUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (this.position >= head || this.stopped) return;
    await new Promise<void>((resolve) => {
      this.waiters.push({ target: head, resolve });
      this.notify();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
    this.waiters.splice(0).forEach((w) => w.resolve());
    this.onStop();
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const pollMs = this.options.pollIntervalMs ?? 250;
    while (!this.stopped) {
      this.woken = false;
      let batch: StoredEvent[];
      try {
        batch = await this.store.readAll({ afterPosition: this.position, limit: batchSize });
        if (batch.length > 0) {
          await this.handler(batch);
          this.position = batch[batch.length - 1].position;
        }
      } catch (error) {
        this.options.onError?.(error);
        await this.sleep(Math.max(pollMs, 500));
        continue;
      }
      this.resolveWaiters();
      // A full page: more may be waiting. A wake-up meanwhile: something was appended after the read began.
      if (batch.length === batchSize || this.woken) continue;
      await this.sleep(pollMs);
    }
  }

  private resolveWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].target <= this.position) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
