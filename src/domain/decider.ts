/**
 * One pure decider per aggregate (after Emmett / Dudycz): `decide(command, state) → events`,
 * `evolve(state, event) → state`, `initialState()`. No I/O and no clock: time comes in on the command.
 */
export interface Decider<C, E, S> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}
