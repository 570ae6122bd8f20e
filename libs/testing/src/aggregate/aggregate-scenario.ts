import { isAggregateRoot, type AggregateRoot, type DomainEvent } from '@ddd-kit/core';
import { expectEvents, type AggregateAssertion } from './expect-events.js';
import { AggregateScenarioError } from './aggregate-scenario.error.js';
import {
  assertThrown,
  type BehaviourResult,
  type ErrorClass,
  type ThrownErrorMatch,
} from './expect-thrown.js';
import { describeThrown, describeValue } from './failure-messages.js';

type AnyAggregate = AggregateRoot<unknown>;

/**
 * The state a scenario starts from: an aggregate, or a function that builds one (sync or async).
 * A factory builds a fresh aggregate on every run; an instance can be run only once.
 */
export type GivenAggregate<A extends AnyAggregate> = A | (() => A | Promise<A>);

/** A scenario before its behaviour: add past events with `given`, then name the behaviour with `when`. */
export interface AggregateScenario<A extends AnyAggregate> {
  /**
   * Brings the aggregate up to date with past events, applied in order through `evolve` (our
   * aggregates keep state, not events, so the test says how an event changes the state). Events
   * that `evolve` records are discarded like all events of the given state. Returns a new
   * scenario; the original is unchanged.
   */
  given<E extends DomainEvent>(
    events: readonly E[],
    evolve: (aggregate: A, event: E) => unknown,
  ): AggregateScenario<A>;
  /**
   * The behaviour under test, usually one method call. May be async. Only the events it records
   * are asserted.
   */
  when(behaviour: (aggregate: A) => unknown): AggregateScenarioOutcome<A>;
}

/**
 * The expected outcome of a scenario. Each method runs the whole scenario and returns a promise
 * that rejects with an {@link AggregateScenarioError} when the outcome differs: await it (or return it).
 *
 * Having a `then` method makes this object thenable, and TypeScript does not flag a bare `await`
 * of it: always call one of the methods below, or the scenario asserts nothing beyond success.
 */
export interface AggregateScenarioOutcome<A extends AnyAggregate> {
  /**
   * Asserts that the behaviour succeeded, then runs each assertion in order, e.g.
   * {@link expectEvents} and custom checks of the aggregate's state.
   */
  then(...assertions: [AggregateAssertion<A>, ...AggregateAssertion<A>[]]): Promise<void>;
  /** Asserts that the behaviour succeeded and recorded no event. */
  thenNoEvents(): Promise<void>;
  /**
   * Asserts that the behaviour threw an instance of `errorClass` (with `code` and `params` when
   * given) and recorded no event. Resolves to the error for further checks.
   */
  thenThrows<E extends Error>(errorClass: ErrorClass<E>, match?: ThrownErrorMatch): Promise<E>;
}

/**
 * Starts a given/when/then test of an aggregate's behaviour. Events recorded while the given
 * state is built are discarded, so only the events of `when` are asserted. Works with any
 * `AggregateRoot` and any test runner: failures are {@link AggregateScenarioError}s.
 *
 * @example
 * ```ts
 * await aggregateScenario(() => new StockItem('s-1', 'SKU-1'))
 *   .given([new StockReceived({ quantity: 10 })], (item, event) => item.receive(event.data.quantity))
 *   .when((item) => item.reserve(5))
 *   .then(expectEvents(StockReserved, { data: { quantity: 5 } }), (item) => assert.equal(item.available, 5));
 *
 * await aggregateScenario(() => new StockItem('s-1', 'SKU-1'))
 *   .when((item) => item.reserve(5))
 *   .thenThrows(InsufficientStockError, { code: 'INSUFFICIENT_STOCK', params: { requested: 5 } });
 * ```
 */
export function aggregateScenario<A extends AnyAggregate>(given: GivenAggregate<A>): AggregateScenario<A> {
  return scenarioFrom(initialState(given), []);
}

type Step<A> = (aggregate: A) => Promise<void>;

interface Run<A> {
  readonly aggregate: A;
  readonly result: BehaviourResult;
}

function scenarioFrom<A extends AnyAggregate>(
  initial: () => Promise<A>,
  steps: readonly Step<A>[],
): AggregateScenario<A> {
  return {
    given: (events, evolve) => {
      const past = [...events];
      return scenarioFrom(initial, [
        ...steps,
        async (aggregate) => {
          for (const event of past) await evolve(aggregate, event);
        },
      ]);
    },
    when: (behaviour) =>
      outcomeOf(async () => {
        const aggregate = await initial();
        for (const step of steps) await step(aggregate);
        aggregate.pullPendingEvents();
        try {
          await behaviour(aggregate);
        } catch (error) {
          return { aggregate, result: { threw: true, error, events: aggregate.pullPendingEvents() } };
        }
        return { aggregate, result: { threw: false, events: aggregate.pullPendingEvents() } };
      }),
  };
}

function outcomeOf<A extends AnyAggregate>(run: () => Promise<Run<A>>): AggregateScenarioOutcome<A> {
  const succeeded = async (): Promise<{ aggregate: A; events: readonly DomainEvent[] }> => {
    const { aggregate, result } = await run();
    if (result.threw) {
      const message = `Expected \`when\` to succeed, but it threw ${describeThrown(result.error)}`;
      throw new AggregateScenarioError(message, { cause: result.error });
    }
    return { aggregate, events: result.events };
  };
  return {
    then: async (...assertions) => {
      if (assertions.length === 0) {
        throw new TypeError(
          'then() needs at least one assertion; use thenNoEvents() to assert that nothing was recorded',
        );
      }
      const { aggregate, events } = await succeeded();
      for (const assertion of assertions) await assertion(aggregate, events);
    },
    thenNoEvents: async () => {
      const { aggregate, events } = await succeeded();
      await expectEvents()(aggregate, events);
    },
    thenThrows: async (errorClass, match = {}) => assertThrown((await run()).result, errorClass, match),
  };
}

function initialState<A extends AnyAggregate>(given: GivenAggregate<A>): () => Promise<A> {
  if (typeof given === 'function') {
    const build = given;
    return async () => checked(await build());
  }
  let ran = false;
  return async () => {
    // Running twice would apply the behaviour to state the first run already changed.
    if (ran) {
      throw new TypeError(
        'This scenario was given an aggregate instance and has already run; pass a factory (() => aggregate) to run it again',
      );
    }
    ran = true;
    return checked(given);
  };
}

function checked<A extends AnyAggregate>(aggregate: A): A {
  if (!isAggregateRoot(aggregate)) {
    throw new TypeError(
      `aggregateScenario needs an AggregateRoot (or a factory of one), got ${describeValue(aggregate)}`,
    );
  }
  return aggregate;
}
