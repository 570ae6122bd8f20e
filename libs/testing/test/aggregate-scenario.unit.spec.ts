import {
  Aggregate,
  AggregateRoot,
  DddError,
  DomainError,
  DomainEvent,
  EventType,
  ValidationError,
} from '@ddd-kit/core';
import { AggregateScenarioError, aggregateScenario, anEvent, expectEvents } from '@ddd-kit/testing';

@EventType('test.x-created')
class XCreated extends DomainEvent<{ limit: number }> {}

@EventType('test.x-happened')
class XHappened extends DomainEvent<{ amount: number; tags: string[]; detail?: { source: string } }> {}

@EventType('test.x-undone')
class XUndone extends DomainEvent<{ amount: number }> {}

class XLimitExceeded extends DomainError {
  constructor(requested: number, limit: number) {
    super('X_LIMIT_EXCEEDED', { requested, limit });
  }
}

@Aggregate('test.x')
class X extends AggregateRoot {
  total = 0;

  private constructor(
    readonly id: string,
    readonly limit: number,
  ) {
    super();
  }

  static create(id: string, limit = 10): X {
    const x = new X(id, limit);
    x.record(new XCreated({ limit }));
    return x;
  }

  happen(amount: number, tags: string[] = [], detail?: { source: string }): void {
    if (this.total + amount > this.limit) throw new XLimitExceeded(amount, this.limit);
    this.total += amount;
    this.record(new XHappened(detail ? { amount, tags, detail } : { amount, tags }));
  }

  undo(amount: number): void {
    this.total -= amount;
    this.record(new XUndone({ amount }));
  }

  async happenLater(amount: number): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.happen(amount);
  }

  /** Breaks the rule that a rejected command leaves no trace. */
  happenThenFail(amount: number): void {
    this.record(new XHappened({ amount, tags: [] }));
    throw new XLimitExceeded(amount, this.limit);
  }

  crash(): void {
    throw new TypeError('boom');
  }
}

/** The failure a scenario rejects with; fails the test when it passes or fails otherwise. */
async function failureOf(outcome: Promise<unknown>): Promise<AggregateScenarioError> {
  try {
    await outcome;
  } catch (error) {
    if (error instanceof AggregateScenarioError) return error;
    throw error;
  }
  throw new Error('expected the scenario to fail, but it passed');
}

const anX = () => X.create('x-1');

describe('aggregateScenario', () => {
  describe('then', () => {
    it('asserts only the events of `when`, discarding those recorded while building the given state', async () => {
      await aggregateScenario(anX)
        .when((x) => x.happen(5))
        .then(expectEvents(XHappened, { data: { amount: 5 } }));
    });

    it('matches a sequence in order, by class alone or with partial data', async () => {
      await aggregateScenario(anX)
        .when((x) => {
          x.happen(5, ['a', 'b'], { source: 'api' });
          x.undo(2);
        })
        .then(
          expectEvents(
            anEvent(XHappened, { data: { tags: ['a', 'b'], detail: { source: 'api' } } }),
            XUndone,
          ),
        );
    });

    it('passes the aggregate and the bound events of `when` to custom assertions, in order', async () => {
      const seen: string[] = [];

      await aggregateScenario(anX)
        .when((x) => x.happen(3))
        .then(
          (x) => {
            seen.push('state');
            expect(x.total).toBe(3);
          },
          async (_x, events) => {
            await Promise.resolve();
            seen.push('events');
            expect(events).toHaveLength(1);
            expect(events[0]).toMatchObject({
              type: 'test.x-happened',
              aggregateType: 'test.x',
              aggregateId: 'x-1',
            });
          },
        );

      expect(seen).toEqual(['state', 'events']);
    });

    it('awaits an async behaviour and an async factory', async () => {
      await aggregateScenario(async () => {
        await Promise.resolve();
        return anX();
      })
        .when((x) => x.happenLater(4))
        .then(expectEvents(XHappened, { data: { amount: 4 } }));
    });

    it('accepts an aggregate instance as the given state', async () => {
      const x = anX();

      await aggregateScenario(x)
        .when((it) => it.happen(1))
        .then(expectEvents(XHappened));

      expect(x.total).toBe(1);
    });

    it('applies past events through evolve, discarding what evolve records', async () => {
      const past = [new XHappened({ amount: 6, tags: [] }), new XHappened({ amount: 3, tags: [] })];

      await aggregateScenario(anX)
        .given(past, (x, event) => x.happen(event.data.amount))
        .when((x) => x.undo(4))
        .then(expectEvents(XUndone, { data: { amount: 4 } }), (x) => expect(x.total).toBe(5));
    });

    it('awaits an async evolve and applies several given calls in order', async () => {
      const applied: number[] = [];

      await aggregateScenario(anX)
        .given([new XHappened({ amount: 1, tags: [] })], async (x, event) => {
          await Promise.resolve();
          applied.push(event.data.amount);
          x.happen(event.data.amount);
        })
        .given([new XUndone({ amount: 1 })], (x, event) => {
          applied.push(-event.data.amount);
          x.undo(event.data.amount);
        })
        .when((x) => x.happen(10))
        .then(expectEvents(XHappened, { data: { amount: 10 } }));

      expect(applied).toEqual([1, -1]);
    });

    it('builds a fresh aggregate per run from a factory and leaves a scenario unchanged by given', async () => {
      const base = aggregateScenario(anX);
      const afterEight = base.given([new XHappened({ amount: 8, tags: [] })], (x, event) =>
        x.happen(event.data.amount),
      );
      const happenFive = base.when((x) => x.happen(5));

      await happenFive.then(expectEvents(XHappened));
      await happenFive.then(expectEvents(XHappened));
      await afterEight.when((x) => x.happen(5)).thenThrows(XLimitExceeded);
    });
  });

  describe('thenNoEvents', () => {
    it('passes when the behaviour records nothing', async () => {
      await aggregateScenario(anX)
        .when(() => undefined)
        .thenNoEvents();
    });

    it('fails, listing the recorded events, when the behaviour records any', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(2, ['t']))
          .thenNoEvents(),
      );

      expect(error.message).toBe(
        "Expected no events from `when`, but it recorded 1 event:\n  #1 XHappened { amount: 2, tags: [ 't' ] }",
      );
    });
  });

  describe('thenThrows', () => {
    it('passes on the expected class, code and partial params, and resolves to the error', async () => {
      const error = await aggregateScenario(anX)
        .when((x) => x.happen(11))
        .thenThrows(XLimitExceeded, { code: 'X_LIMIT_EXCEEDED', params: { requested: 11 } });

      expect(error).toBeInstanceOf(XLimitExceeded);
      expect(error.params).toEqual({ requested: 11, limit: 10 });
    });

    it('accepts a base class, also one with a protected constructor, and an async behaviour', async () => {
      await aggregateScenario(anX)
        .when((x) => x.happen(11))
        .thenThrows(DomainError, { code: 'X_LIMIT_EXCEEDED' });
      await aggregateScenario(anX)
        .when((x) => x.happenLater(11))
        .thenThrows(DddError);
    });

    it('fails when the behaviour completes, listing what it recorded', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(1))
          .thenThrows(XLimitExceeded),
      );

      expect(error.message).toBe(
        'Expected `when` to throw XLimitExceeded, but it completed and recorded:\n  #1 XHappened { amount: 1, tags: [] }',
      );
    });

    it('fails when the behaviour completes without recording anything', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when(() => undefined)
          .thenThrows(XLimitExceeded),
      );

      expect(error.message).toBe(
        'Expected `when` to throw XLimitExceeded, but it completed and recorded no events',
      );
    });

    it('fails on another error class, keeping the thrown error as the cause', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.crash())
          .thenThrows(XLimitExceeded),
      );

      expect(error.message).toBe('Expected `when` to throw XLimitExceeded, but it threw TypeError: boom');
      expect(error.cause).toBeInstanceOf(TypeError);
    });

    it('fails on another code', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(11))
          .thenThrows(DomainError, { code: 'X_FORBIDDEN' }),
      );

      expect(error.message).toBe(
        "Expected DomainError with code 'X_FORBIDDEN', but its code is 'X_LIMIT_EXCEEDED'" +
          ' (XLimitExceeded: X_LIMIT_EXCEEDED (requested=11, limit=10))',
      );
      expect(error.cause).toBeInstanceOf(XLimitExceeded);
    });

    it('fails when an expected code meets an error without one', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.crash())
          .thenThrows(TypeError, { code: 'BOOM' }),
      );

      expect(error.message).toContain("code 'BOOM', but its code is undefined");
    });

    it('fails on other params, naming the first differing one', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(11))
          .thenThrows(XLimitExceeded, { params: { requested: 11, limit: 20 } }),
      );

      expect(error.message).toBe(
        'Expected XLimitExceeded with params like { requested: 11, limit: 20 },' +
          ' but params.limit: expected 20, received 10; its params are { requested: 11, limit: 10 }',
      );
    });

    it('fails on an expected param the error lacks', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(11))
          .thenThrows(XLimitExceeded, { params: { sku: 'A-1' } }),
      );

      expect(error.message).toContain("params.sku: expected 'A-1', received nothing (missing)");
    });

    it('fails when the behaviour recorded events before throwing', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happenThenFail(1))
          .thenThrows(XLimitExceeded, { code: 'X_LIMIT_EXCEEDED' }),
      );

      expect(error.message).toBe(
        '`when` threw XLimitExceeded as expected, but recorded 1 event before throwing:\n' +
          '  #1 XHappened { amount: 1, tags: [] }',
      );
    });
  });

  describe('expectEvents failures', () => {
    it('names the first differing data field and lists expected and received events', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(3, ['a']))
          .then(expectEvents(XHappened, { data: { amount: 5 } })),
      );

      expect(error.message).toBe(
        'Events recorded by `when` do not match: #1 XHappened data.amount: expected 5, received 3\n\n' +
          'Expected (1):\n' +
          '  #1 XHappened with data like { amount: 5 }\n' +
          'Received (1):\n' +
          "  #1 XHappened { amount: 3, tags: [ 'a' ] }",
      );
    });

    it('fails on another event class', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.undo(1))
          .then(expectEvents(XHappened)),
      );

      expect(error.message).toMatch(
        /^Events recorded by `when` do not match: #1 should be XHappened, received XUndone\n/,
      );
      expect(error.message).toContain('  #1 XHappened (any data)\nReceived (1):\n  #1 XUndone { amount: 1 }');
    });

    it('tells apart two event classes of the same name by their types', async () => {
      const OtherXHappened = (() => {
        @EventType('test.x-happened', { version: 2 })
        class XHappened extends DomainEvent<{ amount: number }> {}
        return XHappened;
      })();

      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(1))
          .then(expectEvents(OtherXHappened)),
      );

      expect(error.message).toContain(
        '#1 should be XHappened (test.x-happened v2), received XHappened (test.x-happened v1)',
      );
    });

    it('fails on a missing event', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(1))
          .then(expectEvents(XHappened, XUndone)),
      );

      expect(error.message).toMatch(/do not match: expected 2 events, received 1; #2 XUndone is missing\n/);
      expect(error.message).toContain('Expected (2):\n  #1 XHappened (any data)\n  #2 XUndone (any data)');
    });

    it('fails on an unexpected extra event', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          .when((x) => {
            x.happen(1);
            x.undo(1);
          })
          .then(expectEvents(XHappened)),
      );

      expect(error.message).toMatch(
        /do not match: expected 1 event, received 2; #2 XUndone was not expected\n/,
      );
    });

    it('fails on arrays of another length and on nested values', async () => {
      const shorter = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(1, ['a', 'b']))
          .then(expectEvents(XHappened, { data: { tags: ['a'] } })),
      );
      const nested = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(1, [], { source: 'api' }))
          .then(expectEvents(XHappened, { data: { detail: { source: 'ui' } } })),
      );
      const missing = await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(1))
          .then(expectEvents(XHappened, { data: { detail: { source: 'ui' } } })),
      );

      expect(shorter.message).toContain(
        "data.tags: expected [ 'a' ], received [ 'a', 'b' ] (expected 1 items, received 2)",
      );
      expect(nested.message).toContain("data.detail.source: expected 'ui', received 'api'");
      expect(missing.message).toContain("data.detail: expected { source: 'ui' }, received nothing (missing)");
    });

    it('stops at the first failing assertion', async () => {
      let laterRan = false;

      await failureOf(
        aggregateScenario(anX)
          .when((x) => x.happen(1))
          .then(expectEvents(XUndone), () => {
            laterRan = true;
          }),
      );

      expect(laterRan).toBe(false);
    });

    it('lets a failing custom assertion through unchanged', async () => {
      const custom = new Error('custom check failed');

      await expect(
        aggregateScenario(anX)
          .when((x) => x.happen(1))
          .then(() => {
            throw custom;
          }),
      ).rejects.toBe(custom);
    });

    it('rejects an argument that is neither an event class nor anEvent(...)', () => {
      expect(() => expectEvents('XHappened' as never)).toThrow(
        new TypeError("expectEvents: argument #1 must be an event class or anEvent(...), got 'XHappened'"),
      );
    });
  });

  describe('when the behaviour throws unexpectedly', () => {
    it('fails then and thenNoEvents, keeping the thrown error as the cause', async () => {
      const outcome = aggregateScenario(anX).when((x) => x.happen(11));

      const fromThen = await failureOf(outcome.then(expectEvents(XHappened)));
      const fromNoEvents = await failureOf(outcome.thenNoEvents());

      for (const error of [fromThen, fromNoEvents]) {
        expect(error.message).toBe(
          'Expected `when` to succeed, but it threw XLimitExceeded: X_LIMIT_EXCEEDED (requested=11, limit=10)',
        );
        expect(error.cause).toBeInstanceOf(XLimitExceeded);
      }
    });

    it('describes a thrown non-error value', async () => {
      const error = await failureOf(
        aggregateScenario(anX)
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the point of the test
          .when(() => Promise.reject('nope'))
          .thenNoEvents(),
      );

      expect(error.message).toBe("Expected `when` to succeed, but it threw the non-error value 'nope'");
    });
  });

  describe('misuse', () => {
    it('refuses to run a scenario on the same aggregate instance twice', async () => {
      const outcome = aggregateScenario(anX()).when((x) => x.happen(1));
      await outcome.then(expectEvents(XHappened));

      await expect(outcome.then(expectEvents(XHappened))).rejects.toThrow(
        /given an aggregate instance and has already run; pass a factory/,
      );
    });

    it('rejects a given state that is not an aggregate root', async () => {
      const fake = { id: 'x-1', pullPendingEvents: () => [] } as unknown as X;

      await expect(
        aggregateScenario(() => fake)
          .when(() => undefined)
          .thenNoEvents(),
      ).rejects.toThrow(
        new TypeError(
          "aggregateScenario needs an AggregateRoot (or a factory of one), got { id: 'x-1', pullPendingEvents: [Function: pullPendingEvents] }",
        ),
      );
    });

    it('requires at least one assertion in then', async () => {
      const then = aggregateScenario(anX).when((x) => x.happen(1)).then as (
        ...assertions: unknown[]
      ) => Promise<void>;

      await expect(then()).rejects.toThrow(/then\(\) needs at least one assertion; use thenNoEvents\(\)/);
    });

    it('keeps expectations typed', () => {
      // Type-level checks only: tsc fails if these stop being errors.
      const outcome = aggregateScenario(anX).when((x) => x.happen(1));
      const typeChecks = (): unknown => [
        // @ts-expect-error amount is a number
        expectEvents(XHappened, { data: { amount: '5' } }),
        // @ts-expect-error XHappened has no field `quantity`
        anEvent(XHappened, { data: { quantity: 5 } }),
        // @ts-expect-error ValidationError is not an event class
        expectEvents(ValidationError),
        // @ts-expect-error then needs at least one assertion
        outcome.then(),
        // @ts-expect-error the behaviour receives the aggregate's own type
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- the call is the type error under test
        aggregateScenario(anX).when((x) => x.missing()),
      ];
      expect(typeChecks).toBeInstanceOf(Function);
    });
  });
});
