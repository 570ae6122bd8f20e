import { SchedulerRegistry } from '@nestjs/schedule';
import { v7 as uuidv7 } from 'uuid';
import { OutboxRetention } from '@ddd-kit/outbox';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { startAccountTestModule } from './fixture/account-test-module.js';

describe('OutboxRetention', () => {
  let app: DatabaseTestModule;

  beforeAll(async () => {
    app = await startAccountTestModule({
      retention: { keepPublishedDays: 7, batchSize: 3, cron: '0 3 * * *' },
    });
  });
  afterAll(() => app.close());

  /** Writes a row as the sink and relay would leave it, with the given ages. */
  const insertRow = (status: 'pending' | 'published' | 'dead', ageDays: number, publishedAgeDays?: number) =>
    app.orm.em.getConnection().execute(
      `insert into outbox_messages (id, aggregate_type, aggregate_id, event_type, event_version, payload, headers,
                                    topic, partition_key, status, occurred_at, created_at, published_at)
       values (?, 'test.account', ?, 'test.bank.account-opened', 1, '{}', '{}', 'test.account', ?, ?,
               now() - make_interval(days => ?), now() - make_interval(days => ?),
               case when ?::int is null then null else now() - make_interval(days => ?::int) end)`,
      [uuidv7(), 'a', 'a', status, ageDays, ageDays, publishedAgeDays ?? null, publishedAgeDays ?? null],
    );
  const remaining = async () => {
    const rows = (await app.orm.em
      .getConnection()
      .execute(
        `select status, extract(day from now() - created_at)::int as age from outbox_messages order by seq`,
      )) as { status: string; age: number }[];
    return rows.map((row) => `${row.status}:${row.age}`);
  };

  it('deletes only published rows older than the retention, in batches, and leaves pending and dead rows', async () => {
    for (let i = 0; i < 10; i++) await insertRow('published', 30, 8); // old enough: 10 rows, 4 batches of 3
    await insertRow('published', 30, 6); // published recently, though written long ago
    await insertRow('pending', 60);
    await insertRow('dead', 60);

    expect(await app.module.get(OutboxRetention).purgePublished()).toBe(10);
    expect(await remaining()).toEqual(['published:30', 'pending:60', 'dead:60']);
    expect(await app.module.get(OutboxRetention).purgePublished()).toBe(0);
  });

  it('schedules itself as a @nestjs/schedule cron job', () => {
    const job = app.module.get(SchedulerRegistry).getCronJob('ddd-kit:outbox-retention');
    expect(job.isActive).toBe(true);
    expect(job.cronTime.source).toBe('0 3 * * *');
  });
});
