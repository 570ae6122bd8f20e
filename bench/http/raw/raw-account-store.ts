import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { OpenAccountBody } from '../account-request.js';

/**
 * The columns `OutboxSink` + MikroORM write for one event (`seq` and `created_at` come from
 * their column defaults there too), with the same values: pending status, no attempts, the
 * event's headers as JSON.
 */
const INSERT_OUTBOX = `insert into outbox_messages (id, tenant_id, aggregate_type, aggregate_id, event_type,
  event_version, payload, headers, topic, partition_key, status, attempts, next_attempt_at, last_error,
  occurred_at, published_at, kafka_partition, kafka_offset, locked_by, locked_until)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, $11, null, $12, null, null, null, null, null)`;

/** The columns MikroORM writes for a new account (`version` from its default, 1, as there). */
const INSERT_ACCOUNT = `insert into accounts (id, tenant_id, owner, currency, balance, created_at, updated_at,
  created_by, updated_by) values ($1, $2, $3, $4, $5, $6, $7, null, null)`;

const AGGREGATE_TYPE = 'bench.account';
const EVENT_TYPE = 'bench.accounts.account-opened';
const EVENT_VERSION = 1;
// The outbox's default route: the aggregate type, no prefix.
const TOPIC = AGGREGATE_TYPE;

/** Who opens the account: the request's tenant and correlation id. */
export interface RequestScope {
  readonly tenantId: string;
  readonly correlationId: string;
}

/**
 * The baseline's write path, as hand-written node-postgres would do it: UUIDv7 ids, one pooled
 * client, `BEGIN; INSERT account; INSERT outbox row; COMMIT`.
 */
export class RawAccountStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Inserts the account and its outbox row in one transaction; returns the account id. */
  async open(body: OpenAccountBody, scope: RequestScope): Promise<string> {
    const id = uuidv7();
    const eventId = uuidv7();
    const now = new Date();
    const payload = { owner: body.owner, currency: body.currency, openingBalance: body.openingBalance };
    // The same headers the outbox writes for a tenant request without actor or trace context.
    const headers = {
      'event-id': eventId,
      'event-type': EVENT_TYPE,
      'event-version': String(EVENT_VERSION),
      'aggregate-type': AGGREGATE_TYPE,
      'aggregate-id': id,
      'occurred-at': now.toISOString(),
      'content-type': 'application/json',
      'tenant-id': scope.tenantId,
      'correlation-id': scope.correlationId,
    };
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(INSERT_ACCOUNT, [
        id,
        scope.tenantId,
        body.owner,
        body.currency,
        body.openingBalance,
        now,
        now,
      ]);
      await client.query(INSERT_OUTBOX, [
        eventId,
        scope.tenantId,
        AGGREGATE_TYPE,
        id,
        EVENT_TYPE,
        EVENT_VERSION,
        JSON.stringify(payload),
        JSON.stringify(headers),
        TOPIC,
        id,
        now,
        now,
      ]);
      await client.query('commit');
      return id;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
