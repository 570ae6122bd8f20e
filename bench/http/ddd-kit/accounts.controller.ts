import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ACCOUNTS_PATH } from '../account-request.js';
import { OpenAccount } from './open-account.command.js';
import { OpenAccountDto } from './open-account.dto.js';

/** The route under test: validates the body and dispatches one command. */
@Controller()
export class AccountsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(ACCOUNTS_PATH)
  @HttpCode(201)
  openAccount(@Body() body: OpenAccountDto): Promise<{ id: string }> {
    return this.commands.execute(new OpenAccount(body.owner, body.currency, body.openingBalance));
  }
}
