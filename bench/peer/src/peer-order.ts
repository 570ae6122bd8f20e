import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { OutboxEvent } from '@fullstackhouse/nestjs-outbox';

/**
 * The row each command writes: the same columns as ddd-kit's `BenchPeerOrder` (uuid id, two
 * business columns, an optimistic-lock version), so both sides insert the same shape.
 */
@Entity({ tableName: 'bench_peer_orders' })
export class PeerOrder {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = randomUUID();

  @Property({ type: 'string' })
  customer: string;

  @Property({ type: 'integer' })
  amount: number;

  @Property({ type: 'integer', version: true })
  readonly version!: number;

  constructor(customer: string, amount: number) {
    this.customer = customer;
    this.amount = amount;
  }
}

/** The outbox event each command emits; the library stores the object as its JSON payload. */
export class PeerOrderPlaced implements OutboxEvent {
  static readonly eventName = 'PeerOrderPlaced';
  readonly name = PeerOrderPlaced.eventName;

  constructor(
    readonly orderId: string,
    readonly customer: string,
    readonly amount: number,
    /** Which round and command of the benchmark: how the handler reports the delivery. */
    readonly round: number,
    readonly index: number,
  ) {}
}

/** What the listener receives: the event as it came back from the JSON column. */
export type PeerOrderPlacedPayload = Pick<PeerOrderPlaced, 'orderId' | 'round' | 'index'>;

/** The orders table, run after the driver's `OutboxMigrations`. */
export class MigrationPeerOrders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table bench_peer_orders (id uuid primary key, customer text not null, amount integer not null, version integer not null default 1)',
    );
  }
}
