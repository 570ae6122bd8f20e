import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import type { Currency } from '../account-request.js';
import { Account } from './account.aggregate.js';
import { AccountRepository } from './account.repository.js';

/** Opens an account for the current tenant. */
export class OpenAccount {
  constructor(
    readonly owner: string,
    readonly currency: Currency,
    readonly openingBalance: number,
  ) {}
}

/**
 * One unit of work: the flush inserts the account and, through the outbox sink, its
 * `AccountOpened` row, in one transaction.
 */
@CommandHandler(OpenAccount)
export class OpenAccountHandler implements ICommandHandler<OpenAccount, { id: string }> {
  constructor(private readonly accounts: AccountRepository) {}

  @Transactional()
  async execute(command: OpenAccount): Promise<{ id: string }> {
    const account = Account.open(command.owner, command.currency, command.openingBalance);
    this.accounts.add(account);
    return { id: account.id };
  }
}
