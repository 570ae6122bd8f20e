import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { OUTBOX_NOTIFY_CHANNEL, OutboxListener } from '@ddd-kit/outbox';
import { createTestDatabase, type TestDatabase, until } from '@ddd-kit/testing';

describe('OutboxListener', () => {
  let database: TestDatabase;
  let admin: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  }, 30_000);
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  async function terminate(name: string): Promise<number> {
    const { rowCount } = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
      [name],
    );
    return rowCount ?? 0;
  }

  it('reconnects after its backend is killed, wakes once on return, and hears NOTIFY again', async () => {
    const name = `listener-${randomBytes(4).toString('hex')}`;
    let notified = 0;
    const listener = new OutboxListener({
      url: database.url,
      name,
      onNotify: () => notified++,
      minReconnectMs: 20,
      maxReconnectMs: 200,
    });
    await listener.start();
    try {
      expect(listener.listening).toBe(true);
      await admin.query(`notify ${OUTBOX_NOTIFY_CHANNEL}`);
      await until(() => notified === 1, 'the first NOTIFY');

      expect(await terminate(name)).toBe(1);
      // Back without a restart of its owner; the reconnect itself counts as a wake-up, since
      // NOTIFYs sent while it was away are gone.
      await until(() => listener.listening && notified === 2, 'the reconnect');
      await admin.query(`notify ${OUTBOX_NOTIFY_CHANNEL}`);
      await until(() => notified === 3, 'a NOTIFY after the reconnect');
    } finally {
      await listener.stop();
    }
    expect(listener.listening).toBe(false);
    await sleep(300);
    const { rows } = await admin.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where application_name = $1',
      [name],
    );
    expect(rows[0]?.n).toBe(0);
  }, 30_000);

  it('starts while the database is unreachable and listens once it is there', async () => {
    const name = `listener-${randomBytes(4).toString('hex')}`;
    let notified = 0;
    const missing = new URL(database.url);
    missing.pathname = `/${database.url.split('/').pop()}_later`;
    const listener = new OutboxListener({
      url: missing.toString(),
      name,
      onNotify: () => notified++,
      minReconnectMs: 20,
      maxReconnectMs: 100,
    });
    await listener.start();
    expect(listener.listening).toBe(false);
    const dbName = missing.pathname.slice(1);
    await admin.query(`create database "${dbName}"`);
    try {
      await until(() => listener.listening, 'the listener to connect');
      expect(notified).toBe(1);
    } finally {
      await listener.stop();
      await admin.query(`drop database "${dbName}" with (force)`);
    }
  }, 30_000);
});
