/**
 * One pure decider per aggregate (after Emmett / Dudycz): `decide(command, state) → events`,
 * `evolve(state, event) → state`, `initialState()`. No I/O and no clock: time comes in on the command.
 */
export interface Decider<C, E, S> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
  /**
   * Whether an event someone else appended to the stream while the command was being decided touches
   * what the command decided on. When none does, the command is decided again on the fresh state (the
   * decider still checks every rule) instead of failing with a 409. Without it, every concurrent
   * append is taken as harmless and the command re-decided.
   */
  conflictsWith?(command: C, concurrent: E): boolean;
}
