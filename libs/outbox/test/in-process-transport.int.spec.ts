import { setTimeout as sleep } from 'node:timers/promises';
import { CqrsModule, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { Injectable } from '@nestjs/common';
import { PassportContext, UnitOfWork } from '@ddd-kit/database';
import {
  InProcessTransport,
  OUTBOX_MIGRATIONS,
  OutboxMessage,
  OutboxModule,
  OutboxStatus,
} from '@ddd-kit/outbox';
import type { Passport } from '@ddd-kit/core';
import { startDatabaseTestModule, type DatabaseTestModule } from '@ddd-kit/testing';
import {
  Account,
  AccountOpened,
  Migration20261120Accounts,
  MoneyDeposited,
} from './fixture/account.aggregate.js';
import { AccountRepository } from './fixture/account-test-module.js';

/** What a handler saw: the event, the passport it ran under, and when. */
interface Delivery {
  readonly event: AccountOpened | MoneyDeposited;
  readonly passport: Passport;
}

@Injectable()
class Deliveries {
  readonly seen: Delivery[] = [];
  /** Aggregate ids whose next delivery throws, once per entry. */
  readonly failOnce = new Set<string>();
}

@EventsHandler(AccountOpened, MoneyDeposited)
class AccountEventsHandler implements IEventHandler<AccountOpened | MoneyDeposited> {
  constructor(
    private readonly deliveries: Deliveries,
    private readonly passport: PassportContext,
  ) {}

  async handle(event: AccountOpened | MoneyDeposited): Promise<void> {
    await sleep(Math.random() * 5);
    if (this.deliveries.failOnce.delete(event.aggregateId)) throw new Error('handler failed once');
    this.deliveries.seen.push({ event, passport: this.passport.current() });
  }
}

describe('InProcessTransport', () => {
  let app: DatabaseTestModule;
  let uow: UnitOfWork;
  let accounts: AccountRepository;
  let deliveries: Deliveries;

  beforeAll(async () => {
    app = await startDatabaseTestModule({
      entities: [Account],
      imports: [
        CqrsModule.forRoot(),
        OutboxModule.forRoot({
          transport: InProcessTransport,
          relay: { pollIntervalMs: 50, backoffBaseMs: 10, backoffMaxMs: 20 },
        }),
      ],
      providers: [AccountRepository, Deliveries, AccountEventsHandler],
      schema: 'migrations',
      database: {
        migrations: {
          list: [
            ...OUTBOX_MIGRATIONS,
            { name: 'Migration20261120Accounts', class: Migration20261120Accounts },
          ],
        },
      },
    });
    uow = app.module.get(UnitOfWork);
    accounts = app.module.get(AccountRepository);
    deliveries = app.module.get(Deliveries);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    deliveries.seen.length = 0;
  });

  const waitUntil = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await sleep(20);
    }
  };
  const openAndDeposit = (deposits: number) =>
    uow.run(async () => {
      const account = Account.open('ada');
      for (let amount = 1; amount <= deposits; amount++) account.deposit(amount);
      accounts.add(account);
      return account;
    });
  const row = (id: string) => app.orm.em.fork().findOneOrFail(OutboxMessage, id);

  it('hands each committed event to the handlers once, as a typed event, under its passport', async () => {
    const account = await app.module
      .get(PassportContext)
      .run({ tenantId: 'acme', actorId: 'u-1', correlationId: 'c-1' }, () => openAndDeposit(0));
    await waitUntil(() => deliveries.seen.length >= 1);
    await sleep(200); // a second copy (e.g. from the EventBus after commit) would show up by now

    expect(deliveries.seen).toHaveLength(1);
    const [{ event, passport }] = deliveries.seen as [Delivery];
    expect(event).toBeInstanceOf(AccountOpened);
    expect(event).toMatchObject({ aggregateId: account.id, data: { owner: 'ada' } });
    expect(event.metadata).toMatchObject({ tenantId: 'acme', actorId: 'u-1', correlationId: 'c-1' });
    expect(passport).toEqual({
      tenantId: 'acme',
      actorId: 'u-1',
      correlationId: 'c-1',
      causationId: event.eventId,
    });
    await waitUntil(async () => (await row(event.eventId)).status === OutboxStatus.Published);
  });

  it("keeps each aggregate's order across aggregates delivered side by side", async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => openAndDeposit(5)));
    await waitUntil(() => deliveries.seen.length >= 4 * 6);

    for (const account of opened) {
      const lane = deliveries.seen.filter(({ event }) => event.aggregateId === account.id);
      expect(lane.map(({ event }) => event.constructor.name)).toEqual([
        'AccountOpened',
        ...Array<string>(5).fill('MoneyDeposited'),
      ]);
      expect(lane.slice(1).map(({ event }) => (event as MoneyDeposited).data.amount)).toEqual([
        1, 2, 3, 4, 5,
      ]);
    }
  });

  it('retries a failing handler with backoff and marks the row published only once it succeeded', async () => {
    const account = await uow.run(async () => {
      const created = Account.open('bob');
      deliveries.failOnce.add(created.id);
      accounts.add(created);
      return created;
    });
    await waitUntil(() => deliveries.seen.some(({ event }) => event.aggregateId === account.id));

    const [{ event }] = deliveries.seen.filter((d) => d.event.aggregateId === account.id) as [Delivery];
    await waitUntil(async () => (await row(event.eventId)).status === OutboxStatus.Published);
    expect(await row(event.eventId)).toMatchObject({ attempts: 1, status: OutboxStatus.Published });
    expect(deliveries.seen.filter((d) => d.event.aggregateId === account.id)).toHaveLength(1);
  });
});
