import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A route's `:id`: a UUID, so that a malformed id is a 400 before any SQL runs. */
export class IdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id!: string;
}
