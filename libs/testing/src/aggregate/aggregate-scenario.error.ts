/**
 * An aggregate scenario's outcome differs from the expected one. A plain `Error`, so any test
 * runner reports it; when the behaviour threw, the thrown error is the `cause`, with its stack.
 * (Jest rewrites `node:assert` errors and drops their cause, hence not an `AssertionError`.)
 */
export class AggregateScenarioError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AggregateScenarioError';
  }
}
