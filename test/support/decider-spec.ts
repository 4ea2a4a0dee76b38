/**
 * Given / when / then for pure deciders (after Emmett's DeciderSpecification). Framework-free
 * (node:assert), so it works under Jest and compiles without test typings.
 *
 *   const spec = DeciderSpecification.for(planDecider);
 *   spec.given([drafted]).when(addItem).then([itemAdded]);
 *   spec.given([]).when(addItem).thenThrows(NotFoundError, { what: 'plan' });
 */
import { AssertionError, deepStrictEqual } from 'node:assert';
import type { Decider } from '../../src/domain/decider';

type ErrorClass<T extends Error> = abstract new (...args: any[]) => T;
/** Expected error fields; `message` and `messageEn` may be a substring or a RegExp. */
export type ErrorExpectation<T extends Error> = { [K in keyof T]?: K extends 'message' | 'messageEn' ? string | RegExp : T[K] };

export interface Then<C, E, S> {
  /** The decider emits exactly these events (deep equality, order matters). Returns them. */
  then(expected: E[]): E[];
  /** The decider emits nothing and does not throw. */
  thenNothing(): void;
  /** The decider throws an error of this class, with these fields. Returns the error. */
  thenThrows<T extends Error>(errorClass: ErrorClass<T>, expected?: ErrorExpectation<T>): T;
  /** Folds the emitted events onto the given state and hands back the state (for assertions). */
  thenState(): S;
  /** The raw emitted events. */
  events(): E[];
}

export const DeciderSpecification = {
  for<C, E, S>(decider: Decider<C, E, S>) {
    const fold = (events: readonly E[], from = decider.initialState()): S =>
      events.reduce((s, e) => decider.evolve(s, e), from);
    return {
      given(events: readonly E[]) {
        return {
          when(command: C): Then<C, E, S> {
            const state = () => fold(events);
            const run = () => decider.decide(command, state());
            return {
              then(expected) {
                const actual = run();
                deepStrictEqual(actual, expected);
                return actual;
              },
              thenNothing() {
                deepStrictEqual(run(), []);
              },
              thenThrows(errorClass, expected) {
                let result: E[];
                try {
                  result = run();
                } catch (error) {
                  if (!(error instanceof errorClass)) {
                    throw new AssertionError({
                      message: `expected ${errorClass.name}, got ${(error as Error)?.name}: ${(error as Error)?.message}`,
                    });
                  }
                  for (const [key, value] of Object.entries(expected ?? {})) {
                    const got: unknown = (error as unknown as Record<string, unknown>)[key];
                    if ((key === 'message' || key === 'messageEn') && value instanceof RegExp) {
                      if (!value.test(String(got))) throw new AssertionError({ message: `message "${got}" does not match ${value}` });
                    } else if ((key === 'message' || key === 'messageEn') && typeof value === 'string') {
                      if (!String(got).includes(value)) throw new AssertionError({ message: `message "${got}" does not contain "${value}"` });
                    } else {
                      deepStrictEqual(got, value, `${errorClass.name}.${key}`);
                    }
                  }
                  return error;
                }
                throw new AssertionError({ message: `expected ${errorClass.name}, but emitted ${JSON.stringify(result)}` });
              },
              thenState() {
                return fold(run(), state());
              },
              events: run,
            };
          },
        };
      },
      /** Folds events into a state (handy for evolve-only assertions). */
      fold,
    };
  },
};

