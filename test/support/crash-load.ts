/**
 * For test/crash.e2e-spec.ts: concurrent clients sending commands to the child server, each with its
 * own Idempotency-Key and a unique content marker, and the record of what every command got back:
 * - acked:   a 2xx answer;
 * - refused: an answer, not 2xx (must have left nothing in the log);
 * - unknown: no answer (the server died under it): it may or may not be in the log, but never half.
 */
import { signToken } from '../../src/auth/auth';
import { sheetStreamId } from '../../events/sheet.events';
import { cycleStreamId } from '../../events/cycle.events';
import { deterministicUuid } from '../../modules/shared/event-sourced-repository';
import { httpCall, type HttpResult } from './crash-server';

export const CRASH_FY = 2023;
export const ZEIMU = '税務課';
export const SOMU = '総務課';

export type SheetStatus = 'notStarted' | 'draft' | 'submitted' | 'returned' | 'approved';
export type CommandKind = 'save' | 'submit' | 'return' | 'approve' | 'actual';

export interface Actors {
  secretariat: { sub: string; token: string };
  admin: { sub: string; token: string };
  zeimu: { sub: string; token: string };
  somu: { sub: string; token: string };
}

export function crashActors(secret: string): Actors {
  const mk = (sub: string, role: 'secretariat' | 'admin' | 'department', department?: string) => ({ sub, token: signToken({ sub, role, ...(department ? { department } : {}) }, secret) });
  return { secretariat: mk('kikaku-1', 'secretariat'), admin: mk('admin-1', 'admin'), zeimu: mk('zeimu-1', 'department', ZEIMU), somu: mk('somu-1', 'department', SOMU) };
}

export interface Command {
  seq: number;
  round: number;
  kind: CommandKind;
  itemId?: string;
  streamId: string;
  sub: string;
  token: string;
  method: 'PUT' | 'POST';
  path: string;
  body: unknown;
  key: string;
  /** Unique text the command writes into its event (activities / return comment / indicator actual); none for submit/approve. */
  marker?: string;
  outcome: 'acked' | 'refused' | 'unknown';
  status?: number;
  response?: any;
  /** Re-sent after a restart with the same Idempotency-Key. */
  retried?: boolean;
}

/** The id the server derives for event `index` of a command with an Idempotency-Key. */
export function expectedEventId(c: Pick<Command, 'sub' | 'streamId' | 'key'>, index: number): string {
  return deterministicUuid(`${c.sub}\u0000${c.streamId}\u0000${c.key}\u0000${index}`);
}

/** The id of the saga's SheetStatusRecorded for a sheet's review event. */
export function sagaEventId(planId: string, fy: number, sheetEventId: string): string {
  return deterministicUuid(`system:workflow-saga\u0000${cycleStreamId(planId, fy)}\u0000saga-${sheetEventId}\u00000`);
}

export interface ItemState {
  itemId: string;
  department: 'zeimu' | 'somu';
  status: SheetStatus;
  /** Saves since the last submit. */
  saves: number;
  /** Only these may be approved, so the cycle never becomes ready for the council (every item keeps a writer). */
  mayApprove: boolean;
  /** A command went unanswered: the item waits for the retry after the restart. */
  blocked: boolean;
}

export function completeSheet(activities: string) {
  return { progress: 'A', achievement: '-', activities, implementation: 'done' };
}

/** Every command the test sent, and the items' known states. */
export class CrashLoad {
  readonly commands: Command[] = [];
  private seq = 0;
  private stopped = false;

  constructor(
    readonly planId: string,
    readonly actors: Actors,
    readonly items: ItemState[],
    readonly port: () => number,
  ) {}

  private make(round: number, kind: CommandKind, itemId: string | undefined, marker: boolean): Command {
    const seq = ++this.seq;
    const item = itemId ? this.items.find((i) => i.itemId === itemId)! : undefined;
    const actor = kind === 'save' || kind === 'submit' ? this.actors[item!.department] : this.actors.secretariat;
    const base = `/plans/${this.planId}/cycles/${CRASH_FY}`;
    const m = marker ? `run-${round}-cmd-${seq}` : undefined;
    const spec: Record<CommandKind, () => Pick<Command, 'method' | 'path' | 'body' | 'streamId'>> = {
      save: () => ({ method: 'PUT', path: `${base}/items/${itemId}`, body: completeSheet(m!), streamId: sheetStreamId(this.planId, CRASH_FY, itemId!) }),
      submit: () => ({ method: 'POST', path: `${base}/items/${itemId}/submit`, body: {}, streamId: sheetStreamId(this.planId, CRASH_FY, itemId!) }),
      approve: () => ({ method: 'POST', path: `${base}/items/${itemId}/approve`, body: {}, streamId: sheetStreamId(this.planId, CRASH_FY, itemId!) }),
      return: () => ({ method: 'POST', path: `${base}/items/${itemId}/return`, body: { comment: m }, streamId: sheetStreamId(this.planId, CRASH_FY, itemId!) }),
      actual: () => ({ method: 'PUT', path: `${base}/indicators/P-1`, body: { actual: m }, streamId: cycleStreamId(this.planId, CRASH_FY) }),
    };
    const command: Command = { seq, round, kind, itemId, sub: actor.sub, token: actor.token, key: `crash-${round}-${seq}-${kind}`, marker: m, outcome: 'unknown', ...spec[kind]() };
    this.commands.push(command);
    return command;
  }

  private async send(c: Command): Promise<HttpResult | null> {
    try {
      const res = await httpCall(this.port(), c.method, c.path, { token: c.token, body: c.body, headers: { 'Idempotency-Key': c.key } });
      c.status = res.status;
      c.response = res.body;
      c.outcome = res.status >= 200 && res.status < 300 ? 'acked' : 'refused';
      return res;
    } catch {
      c.outcome = 'unknown';
      return null;
    }
  }

  /** The next command of an item's writer, from the sheet's state. */
  private next(round: number, item: ItemState): Command | null {
    switch (item.status) {
      case 'approved':
        return null;
      case 'submitted':
        return item.mayApprove && Math.random() < 0.15 ? this.make(round, 'approve', item.itemId, false) : this.make(round, 'return', item.itemId, true);
      default:
        return item.saves === 0 || Math.random() < 0.3 ? this.make(round, 'save', item.itemId, true) : this.make(round, 'submit', item.itemId, false);
    }
  }

  private advance(item: ItemState, c: Command): void {
    if (c.kind === 'save') {
      item.saves++;
      if (item.status === 'notStarted') item.status = 'draft';
    } else if (c.kind === 'submit') {
      item.status = 'submitted';
      item.saves = 0;
    } else if (c.kind === 'return') item.status = 'returned';
    else if (c.kind === 'approve') item.status = 'approved';
  }

  /**
   * One writer per item (save, submit; the secretariat returns or approves) plus one client recording
   * the plan indicator's actual on the cycle stream (which the sagas write too, so it may get 409s).
   * Runs until stop(); a writer whose command goes unanswered stops and waits for the retry.
   */
  run(round: number): Promise<void> {
    this.stopped = false;
    const itemWriter = async (item: ItemState) => {
      while (!this.stopped && !item.blocked) {
        const c = this.next(round, item);
        if (!c) return;
        const res = await this.send(c);
        if (!res) {
          item.blocked = true;
          return;
        }
        // A single writer per sheet: a refusal means the test's idea of the sheet is wrong — stop this writer (the checks report it).
        if (c.outcome !== 'acked') return;
        this.advance(item, c);
      }
    };
    const indicatorWriter = async () => {
      while (!this.stopped) {
        const c = this.make(round, 'actual', undefined, true);
        if (!(await this.send(c))) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    return Promise.all([...this.items.map(itemWriter), indicatorWriter()]).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * After a restart: every unanswered command is sent again with the same Idempotency-Key. It must be
   * answered 2xx (a 409 from a concurrent saga write on the cycle stream is retried, same key).
   */
  async retryUnknown(): Promise<Command[]> {
    const pending = this.commands.filter((c) => c.outcome === 'unknown');
    await Promise.all(
      pending.map(async (c) => {
        for (let attempt = 0; ; attempt++) {
          const res = await httpCall(this.port(), c.method, c.path, { token: c.token, body: c.body, headers: { 'Idempotency-Key': c.key } });
          if (res.status === 409 && c.kind === 'actual' && attempt < 50) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          c.status = res.status;
          c.response = res.body;
          c.retried = true;
          c.outcome = res.status >= 200 && res.status < 300 ? 'acked' : 'refused';
          if (c.outcome !== 'acked') throw new Error(`retry of ${c.kind} ${c.key} was refused: ${res.status} ${JSON.stringify(res.body)}`);
          const item = c.itemId ? this.items.find((i) => i.itemId === c.itemId) : undefined;
          if (item) {
            this.advance(item, c);
            item.blocked = false;
          }
          return;
        }
      }),
    );
    return pending;
  }
}
