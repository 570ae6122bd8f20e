import { ApiProperty } from '@nestjs/swagger';

/** The answer of a POST that created an aggregate. */
export class CreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}
