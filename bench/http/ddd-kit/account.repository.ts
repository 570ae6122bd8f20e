import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '@ddd-kit/database';
import { Account } from './account.aggregate.js';

/** Accounts of the current tenant. */
@Injectable()
export class AccountRepository extends AggregateRepository<Account> {
  protected readonly entity = Account;
}
