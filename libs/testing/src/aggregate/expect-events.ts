import { findEventType, type AggregateRoot, type DomainEvent, type EventClass } from '@ddd-kit/core';
import { AggregateScenarioError } from './aggregate-scenario.error.js';
import {
  countEvents,
  describeEvent,
  describeMismatch,
  describeValue,
  listEvents,
} from './failure-messages.js';
import { findMismatch, type DeepPartial } from './partial-match.js';

/**
 * A check run by `then(...)` after the behaviour succeeded. It gets the aggregate and the events
 * the behaviour recorded (bound to the aggregate's type and id), and fails by throwing. May be
 * async.
 */
export type AggregateAssertion<A extends AggregateRoot<unknown> = AggregateRoot<unknown>> = (
  aggregate: A,
  events: readonly DomainEvent[],
) => unknown;

/** What an expected event must match besides its class. Omitted fields are not checked. */
export interface EventMatch<E extends DomainEvent = DomainEvent> {
  /**
   * Expected data, matched partially: listed keys must match (recursively), others are ignored.
   * Arrays must have the same length.
   * @default undefined (any data)
   */
  readonly data?: DeepPartial<E['data']>;
}

/** One expected event: its exact class and, optionally, a partial match of its data. */
export interface ExpectedEvent<E extends DomainEvent = DomainEvent> {
  readonly eventClass: EventClass<E>;
  readonly match: EventMatch<E>;
}

/**
 * Describes one expected event for {@link expectEvents}, with typed partial data.
 *
 * @example
 * ```ts
 * expectEvents(anEvent(StockReserved, { data: { quantity: 5 } }), anEvent(StockLow))
 * ```
 */
export function anEvent<E extends DomainEvent>(
  eventClass: EventClass<E>,
  match: EventMatch<E> = {},
): ExpectedEvent<E> {
  return Object.freeze({ eventClass, match });
}

/**
 * Asserts that the behaviour recorded exactly these events, in this order: same class (not a
 * subclass) and, where given, matching data. Called with no expectation it asserts that no event
 * was recorded. The failure message lists expected and received events side by side.
 *
 * @example
 * ```ts
 * .then(expectEvents(StockReserved, { data: { quantity: 5 } }))       // exactly one event
 * .then(expectEvents(StockReserved, anEvent(StockLow, { data: { available: 1 } })))  // a sequence
 * ```
 */
export function expectEvents<E extends DomainEvent>(
  eventClass: EventClass<E>,
  match: EventMatch<E>,
): AggregateAssertion;
export function expectEvents(...expected: readonly (EventClass | ExpectedEvent)[]): AggregateAssertion;
export function expectEvents(...args: readonly unknown[]): AggregateAssertion {
  const expected = normalize(args);
  return (_aggregate, events) => assertEvents(expected, events);
}

function normalize(args: readonly unknown[]): ExpectedEvent[] {
  const [first, second] = args;
  if (args.length === 2 && typeof first === 'function' && isMatch(second)) {
    return [anEvent(first as EventClass, second)];
  }
  return args.map((arg, index) => {
    if (typeof arg === 'function') return anEvent(arg as EventClass);
    if (isExpectedEvent(arg)) return arg;
    throw new TypeError(
      `expectEvents: argument #${index + 1} must be an event class or anEvent(...), got ${describeValue(arg)}`,
    );
  });
}

function isExpectedEvent(value: unknown): value is ExpectedEvent {
  return (
    typeof value === 'object' && value !== null && typeof (value as ExpectedEvent).eventClass === 'function'
  );
}

function isMatch(value: unknown): value is EventMatch {
  return typeof value === 'object' && value !== null && !isExpectedEvent(value);
}

function assertEvents(expected: readonly ExpectedEvent[], actual: readonly DomainEvent[]): void {
  const difference = firstDifference(expected, actual);
  if (difference === undefined) return;
  const received = listEvents(actual.map(describeEvent));
  const message =
    expected.length === 0
      ? `Expected no events from \`when\`, but it recorded ${countEvents(actual.length)}:\n${received}`
      : `Events recorded by \`when\` do not match: ${difference}\n\n` +
        `Expected (${expected.length}):\n${listEvents(expected.map(describeExpected))}\n` +
        `Received (${actual.length}):\n${received}`;
  throw new AggregateScenarioError(message);
}

function firstDifference(
  expected: readonly ExpectedEvent[],
  actual: readonly DomainEvent[],
): string | undefined {
  for (const [index, event] of actual.entries()) {
    const wanted = expected[index];
    if (wanted === undefined) {
      return `expected ${countEvents(expected.length)}, received ${actual.length}; #${index + 1} ${event.constructor.name} was not expected`;
    }
    if (event.constructor !== wanted.eventClass) {
      return `#${index + 1} should be ${nameOf(wanted.eventClass, event.constructor)}, received ${nameOf(event.constructor, wanted.eventClass)}`;
    }
    if (wanted.match.data !== undefined) {
      const mismatch = findMismatch(wanted.match.data, event.data, 'data');
      if (mismatch) return `#${index + 1} ${event.constructor.name} ${describeMismatch(mismatch)}`;
    }
  }
  const missing = expected[actual.length];
  if (missing !== undefined) {
    return `expected ${countEvents(expected.length)}, received ${actual.length}; #${actual.length + 1} ${missing.eventClass.name} is missing`;
  }
  return undefined;
}

function describeExpected(expected: ExpectedEvent): string {
  const { data } = expected.match;
  return data === undefined
    ? `${expected.eventClass.name} (any data)`
    : `${expected.eventClass.name} with data like ${describeValue(data)}`;
}

/** The class name, plus its event type when the other class has the same name. */
function nameOf(eventClass: object, other: object): string {
  const name = (eventClass as { name?: string }).name ?? 'anonymous';
  if (name !== (other as { name?: string }).name) return name;
  const info = findEventType(eventClass);
  return info ? `${name} (${info.type} v${info.version})` : `${name} (another class of that name)`;
}
