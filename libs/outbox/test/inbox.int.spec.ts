import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Inbox, OUTBOX_MIGRATIONS, OutboxModule } from '@ddd-kit/outbox';
import { startDatabaseTestModule, type DatabaseTestModule } from '@ddd-kit/testing';

describe('Inbox', () => {
  let app: DatabaseTestModule;
  let inbox: Inbox;

  beforeAll(async () => {
    app = await startDatabaseTestModule({
      entities: [],
      imports: [OutboxModule.forRoot({})],
      schema: 'migrations',
      database: { migrations: { list: OUTBOX_MIGRATIONS } },
    });
    await app.orm.em.getConnection().execute('create table effects (event_id uuid not null, note text)');
    inbox = app.module.get(Inbox);
  });
  afterAll(() => app.close());

  /** The handler's effect: a row written with the business EntityManager, in the same transaction. */
  const applyEffect =
    (eventId: string, note = 'applied') =>
    async () => {
      const em = app.module.get(EntityManager);
      await em
        .getConnection()
        .execute('insert into effects values (?, ?)', [eventId, note], 'run', em.getTransactionContext());
      return note;
    };
  const effects = async (eventId: string) => {
    const rows: unknown = await app.orm.em
      .getConnection()
      .execute('select note from effects where event_id = ?', [eventId]);
    return (rows as { note: string }[]).map((row) => row.note);
  };

  it('runs the effect of an event delivered twice only once', async () => {
    const eventId = uuidv7();
    expect(await inbox.handleOnce('projector-a', eventId, applyEffect(eventId))).toEqual({
      handled: true,
      result: 'applied',
    });
    expect(await inbox.handleOnce('projector-a', eventId, applyEffect(eventId))).toEqual({ handled: false });
    expect(await effects(eventId)).toEqual(['applied']);
  });

  it('keeps consumers apart: each consumer handles the event once', async () => {
    const eventId = uuidv7();
    await inbox.handleOnce('consumer-1', eventId, applyEffect(eventId, 'one'));
    await inbox.handleOnce('consumer-2', eventId, applyEffect(eventId, 'two'));
    expect((await effects(eventId)).sort()).toEqual(['one', 'two']);
  });

  it('serializes concurrent deliveries of one event', async () => {
    const eventId = uuidv7();
    const slowEffect = async () => {
      const result = await applyEffect(eventId)();
      await sleep(100); // hold the inbox row while the duplicate arrives
      return result;
    };
    const outcomes = await Promise.all([
      inbox.handleOnce('projector-b', eventId, slowEffect),
      inbox.handleOnce('projector-b', eventId, slowEffect),
    ]);
    expect(outcomes.map((outcome) => outcome.handled).sort()).toEqual([false, true]);
    expect(await effects(eventId)).toEqual(['applied']);
  });

  it('lets a redelivery run again after the handler failed', async () => {
    const eventId = uuidv7();
    const failing = async () => {
      await applyEffect(eventId, 'half-done')();
      throw new Error('handler failed');
    };
    await expect(inbox.handleOnce('projector-c', eventId, failing)).rejects.toThrow('handler failed');
    expect(await effects(eventId)).toEqual([]);
    expect(await inbox.handleOnce('projector-c', eventId, applyEffect(eventId))).toEqual({
      handled: true,
      result: 'applied',
    });
    expect(await effects(eventId)).toEqual(['applied']);
  });
});
