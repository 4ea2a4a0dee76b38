import { randomUUID } from 'node:crypto';
import type { CycleEvent } from '../../events/cycle.events';
import { cycleStreamId } from '../../events/cycle.events';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import { UpcastingEventStore } from '../../src/event-store/upcasting-event-store';
import { type EventStore, type ExpectedRevision, type NewEvent, WrongExpectedRevisionError } from '../../src/event-store/event-store.port';
import { cycleDecider, type CycleCommand } from '../cycles/cycle.decider';
import { EventSourcedRepository, MAX_DECISION_ATTEMPTS } from './event-sourced-repository';

/**
 * Issue 10, point 7: a concurrency conflict caused by an append that does not touch what the command
 * decided on (the saga's SheetStatusRecorded on the cycle while the secretariat records an indicator
 * actual) is decided again inside the handler, so only a real conflict reaches a person as a 409.
 * The store here lets another writer append just before each of the command's appends, like a saga
 * under load on PostgreSQL.
 */
class InterferingStore extends UpcastingEventStore {
  /** Appended by "someone else" right before each of the next appends to `streamId`. */
  interference: { streamId: string; events: (() => { type: string; data: object })[] } = { streamId: '', events: [] };
  appendsTried = 0;

  override async append(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
    if (streamId === this.interference.streamId && this.interference.events.length > 0) {
      this.appendsTried++;
      const next = this.interference.events.shift()!();
      await super.append(streamId, [{ id: randomUUID(), type: next.type, data: next.data, metadata: { actor: { sub: 'system:workflow-saga', role: 'system' }, correlationId: 'c', schemaVersion: 1 } }], 'any');
    }
    return super.append(streamId, events, expected);
  }
}

describe('EventSourcedRepository: conflicts that do not touch the decision are decided again', () => {
  let store: InterferingStore;
  let repository: EventSourcedRepository;
  const planId = 'p1';
  const stream = cycleStreamId(planId, 2023);
  const actor = { sub: 'kikaku-1', role: 'secretariat' as const };
  const plan = { status: 'adopted' as const, period: { from: 2022, to: 2026 }, itemIds: ['1', '2', '3'], indicatorIds: ['P-1', 'P-2'] };
  const context = () => ({ actor, at: new Date().toISOString(), correlationId: randomUUID(), requestId: randomUUID() });
  const command = (action: Record<string, unknown>): CycleCommand => ({ ...action, planId, fiscalYear: 2023, actor, at: new Date().toISOString(), plan }) as CycleCommand;
  const sagaStep = (itemId: string) => () => ({ type: 'SheetStatusRecorded', data: { planId, fiscalYear: 2023, itemId, status: 'submitted', at: new Date().toISOString() } });
  const otherActual = (indicatorId: string, actual: number) => () => ({ type: 'PlanIndicatorActualRecorded', data: { planId, fiscalYear: 2023, indicatorId, actual, at: new Date().toISOString() } });

  beforeEach(async () => {
    store = new InterferingStore(new SqliteEventStore(':memory:') as EventStore);
    await store.init();
    repository = new EventSourcedRepository(store);
    await repository.execute(stream, cycleDecider, command({ type: 'OpenCycle', dueDate: '2024-06-30' }), context());
  });
  afterEach(() => store.close());

  const types = async () => (await store.readStream(stream)).map((e) => e.type);

  it('records an indicator actual while the saga appends SheetStatusRecorded before each try', async () => {
    store.interference = { streamId: stream, events: [sagaStep('1'), sagaStep('2'), sagaStep('3'), sagaStep('1')] };
    const result = await repository.execute(stream, cycleDecider, command({ type: 'RecordIndicatorActual', indicatorId: 'P-1', actual: 75.2 }), context());
    expect(result.events.map((e: CycleEvent) => e.type)).toEqual(['PlanIndicatorActualRecorded']);
    expect(await types()).toEqual(['CycleOpened', 'SheetStatusRecorded', 'SheetStatusRecorded', 'SheetStatusRecorded', 'SheetStatusRecorded', 'PlanIndicatorActualRecorded']);
  });

  it('still records it when another indicator got its actual meanwhile', async () => {
    store.interference = { streamId: stream, events: [otherActual('P-2', 10)] };
    await repository.execute(stream, cycleDecider, command({ type: 'RecordIndicatorActual', indicatorId: 'P-1', actual: 75.2 }), context());
    expect((await types()).slice(-2)).toEqual(['PlanIndicatorActualRecorded', 'PlanIndicatorActualRecorded']);
  });

  it('answers a real conflict — another actual of the same indicator meanwhile — with the conflict, appending nothing', async () => {
    store.interference = { streamId: stream, events: [otherActual('P-1', 10)] };
    await expect(repository.execute(stream, cycleDecider, command({ type: 'RecordIndicatorActual', indicatorId: 'P-1', actual: 75.2 }), context())).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await types()).toEqual(['CycleOpened', 'PlanIndicatorActualRecorded']);
  });

  it(`gives up after ${MAX_DECISION_ATTEMPTS} decisions when the stream never stands still`, async () => {
    store.interference = { streamId: stream, events: Array.from({ length: 50 }, (_, i) => sagaStep(String((i % 3) + 1))) };
    await expect(repository.execute(stream, cycleDecider, command({ type: 'RecordIndicatorActual', indicatorId: 'P-1', actual: 75.2 }), context())).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(store.appendsTried).toBe(MAX_DECISION_ATTEMPTS);
  });
});
