import type { DomainEvent } from '@ddd-kit/core';
import { AggregateScenarioError } from './aggregate-scenario.error.js';
import {
  countEvents,
  describeEvent,
  describeMismatch,
  describeThrown,
  describeValue,
  listEvents,
} from './failure-messages.js';
import { findMismatch } from './partial-match.js';

/**
 * An error class to expect. Matched with `instanceof`, so a base class such as `DomainError`
 * accepts its subclasses; abstract classes and protected constructors (`DddError`) work too.
 */
export interface ErrorClass<E extends Error = Error> {
  readonly prototype: E;
  readonly name: string;
}

/** What a thrown error must carry besides its class. Omitted fields are not checked. */
export interface ThrownErrorMatch {
  /**
   * The error's stable `code`, e.g. `INSUFFICIENT_STOCK`.
   * @default undefined (any code)
   */
  readonly code?: string;
  /**
   * Expected `params`, matched partially like event data: listed keys must match.
   * @default undefined (any params)
   */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** What running the behaviour produced. */
export type BehaviourResult =
  | { readonly threw: false; readonly events: readonly DomainEvent[] }
  | { readonly threw: true; readonly error: unknown; readonly events: readonly DomainEvent[] };

/**
 * Asserts that the behaviour threw an instance of `errorClass` with the given code and params, and
 * recorded no event: a rejected command must leave no trace.
 */
export function assertThrown<E extends Error>(
  result: BehaviourResult,
  errorClass: ErrorClass<E>,
  match: ThrownErrorMatch,
): E {
  const wanted = errorClass.name;
  if (!result.threw) {
    const recorded =
      result.events.length === 0
        ? 'recorded no events'
        : `recorded:\n${listEvents(result.events.map(describeEvent))}`;
    throw new AggregateScenarioError(
      `Expected \`when\` to throw ${wanted}, but it completed and ${recorded}`,
    );
  }
  const { error } = result;
  if (!(error instanceof (errorClass as unknown as abstract new (...args: never[]) => unknown))) {
    throw new AggregateScenarioError(
      `Expected \`when\` to throw ${wanted}, but it threw ${describeThrown(error)}`,
      { cause: error },
    );
  }
  const thrown = error as E & { code?: unknown; params?: unknown };
  if (match.code !== undefined && thrown.code !== match.code) {
    throw new AggregateScenarioError(
      `Expected ${wanted} with code ${describeValue(match.code)}, but its code is ${describeValue(thrown.code)}` +
        ` (${describeThrown(error)})`,
      { cause: error },
    );
  }
  if (match.params !== undefined) {
    const mismatch = findMismatch(match.params, thrown.params, 'params');
    if (mismatch) {
      throw new AggregateScenarioError(
        `Expected ${wanted} with params like ${describeValue(match.params)}, but ${describeMismatch(mismatch)}` +
          `; its params are ${describeValue(thrown.params)}`,
        { cause: error },
      );
    }
  }
  if (result.events.length > 0) {
    throw new AggregateScenarioError(
      `\`when\` threw ${wanted} as expected, but recorded ${countEvents(result.events.length)} before throwing:\n` +
        listEvents(result.events.map(describeEvent)),
      { cause: error },
    );
  }
  return thrown;
}
