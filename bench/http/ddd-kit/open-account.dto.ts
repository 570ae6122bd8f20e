import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { CURRENCIES, OPENING_BALANCE_MAX, OWNER_MAX_LENGTH, type Currency } from '../account-request.js';

/** Body of `POST /accounts`, checked by the global ValidationPipe. */
export class OpenAccountDto {
  @IsString()
  @Length(1, OWNER_MAX_LENGTH)
  owner!: string;

  @IsIn(CURRENCIES)
  currency!: Currency;

  @IsInt()
  @Min(0)
  @Max(OPENING_BALANCE_MAX)
  openingBalance!: number;
}
