import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { ClsService } from 'nestjs-cls';
import type { DomainEvent } from '@ddd-kit/core';
import { EventSink, type DomainEventSink } from '@ddd-kit/database';

/** Holds the token of the request's last transaction that wrote events. */
export interface ConsistencyTokenHolder {
  token: string | undefined;
}

// A symbol: nestjs-cls treats dotted string keys as paths (see PassportContext).
export const CONSISTENCY_TOKEN_HOLDER = Symbol('ddd-kit:consistency-token');

/**
 * Notes the transaction id of every flush that wrote events, for the request that asked for it
 * (`ConsistencyInterceptor` puts a holder in the request's context). Elsewhere it does nothing,
 * so it costs a query only where a token is wanted.
 */
@Injectable()
@EventSink({ order: 100 })
export class ConsistencyTokenSink implements DomainEventSink {
  constructor(private readonly cls: ClsService) {}

  async write(events: readonly DomainEvent[], em: EntityManager): Promise<void> {
    const holder = this.cls.isActive()
      ? this.cls.get<ConsistencyTokenHolder | undefined>(CONSISTENCY_TOKEN_HOLDER)
      : undefined;
    if (!holder || events.length === 0) return;
    const rows: unknown = await em
      .getConnection()
      .execute('select pg_current_xact_id()::text as tx', [], 'all', em.getTransactionContext());
    const [row] = rows as { tx: string }[];
    holder.token = `v1.${row!.tx}`;
  }
}
