import { PassportContext, UnitOfWork } from '@ddd-kit/database';
import { OutboxMessage, OutboxStatus } from '@ddd-kit/outbox';
import { type DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';

describe('OutboxSink', () => {
  let app: DatabaseTestModule;
  let uow: UnitOfWork;
  let accounts: AccountRepository;

  beforeAll(async () => {
    app = await startAccountTestModule({ routing: { topicPrefix: 'bank.' } });
    uow = app.module.get(UnitOfWork);
    accounts = app.module.get(AccountRepository);
  });
  afterAll(() => app.close());

  const rowsOf = (aggregateId: string) =>
    app.orm.em.fork().find(OutboxMessage, { aggregateId }, { orderBy: { seq: 'asc' } });

  it('writes exactly one row per event in the business transaction, routed and with headers', async () => {
    const passport = app.module.get(PassportContext);
    const id = await passport.run({ tenantId: 'tenant-a', correlationId: 'corr-1', actorId: 'alice' }, () =>
      uow.run(async () => {
        const account = Account.open('alice');
        account.deposit(5);
        accounts.add(account);
        return account.id;
      }),
    );

    const rows = await rowsOf(id);
    expect(
      rows.map((row) => [row.eventType, row.eventVersion, row.topic, row.partitionKey, row.status]),
    ).toEqual([
      ['test.bank.account-opened', 1, 'bank.test.account', id, OutboxStatus.Pending],
      ['test.bank.money-deposited', 2, 'test.bank.money', id, OutboxStatus.Pending],
    ]);
    expect(rows[1]?.payload).toEqual({ amount: 5, at: '1970-01-01T00:00:00.000Z' });
    expect(rows[0]?.tenantId).toBe('tenant-a');
    expect(rows[0]?.headers).toEqual({
      'event-id': rows[0]?.id,
      'event-type': 'test.bank.account-opened',
      'event-version': '1',
      'aggregate-type': 'test.account',
      'aggregate-id': id,
      'occurred-at': rows[0]?.occurredAt.toISOString(),
      'content-type': 'application/json',
      'tenant-id': 'tenant-a',
      'actor-id': 'alice',
      'correlation-id': 'corr-1',
    });
    expect(Number(rows[1]?.seq)).toBeGreaterThan(Number(rows[0]?.seq));
  });

  it('leaves no row when the transaction rolls back', async () => {
    let id = '';
    await expect(
      uow.run(async () => {
        const account = Account.open('bob');
        id = account.id;
        accounts.add(account);
        await app.orm.em.flush();
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await rowsOf(id)).toEqual([]);
  });

  it('writes the event of a loaded aggregate with the business change, once across flushes', async () => {
    const id = await uow.run(async () => {
      const account = Account.open('carol');
      accounts.add(account);
      return account.id;
    });
    await uow.run(async () => {
      const account = await accounts.get(id);
      account.deposit(1);
      await app.orm.em.flush();
      await app.orm.em.flush();
    });
    expect((await rowsOf(id)).map((row) => row.eventType)).toEqual([
      'test.bank.account-opened',
      'test.bank.money-deposited',
    ]);
  });
});
