import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';
import { Aggregate, DomainEvent, EventType } from '@ddd-kit/core';
import { AuditedAggregateRoot } from '@ddd-kit/database';
import { TenantId } from '@ddd-kit/tenancy';
import type { Currency } from '../account-request.js';

/** Payload of {@link AccountOpened}; the raw server writes the same JSON. */
export interface AccountOpenedData {
  readonly owner: string;
  readonly currency: string;
  readonly openingBalance: number;
}

/** The one event each request records. */
@EventType('bench.accounts.account-opened', { version: 1 })
export class AccountOpened extends DomainEvent<AccountOpenedData> {}

/**
 * A tenant's account, shaped as the README teaches: an audited (versioned, timestamped,
 * actor-stamped) aggregate, tenant-scoped, with a UUIDv7 id assigned in the constructor.
 */
@Aggregate('bench.account')
@Entity({ tableName: 'accounts' })
export class Account extends AuditedAggregateRoot {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = uuidv7();

  @TenantId()
  readonly tenantId!: string;

  @Property({ type: 'string', length: 100 })
  readonly owner: string;

  @Property({ type: 'string', length: 3 })
  readonly currency: Currency;

  @Property({ type: 'integer' })
  balance: number;

  private constructor(owner: string, currency: Currency, balance: number) {
    super();
    this.owner = owner;
    this.currency = currency;
    this.balance = balance;
  }

  static open(owner: string, currency: Currency, openingBalance: number): Account {
    const account = new Account(owner, currency, openingBalance);
    account.record(new AccountOpened({ owner, currency, openingBalance }));
    return account;
  }
}
