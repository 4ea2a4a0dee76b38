/** Exhaustiveness guard for `switch` statements over unions: every switch of a decider or fold ends with it. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
