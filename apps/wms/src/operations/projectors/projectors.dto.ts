import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** Which parked lanes to retry; none given retries every lane of the projector. */
export class RetryParkedDto {
  @ApiPropertyOptional({ example: 'wms.inventory.stock-item' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  aggregateType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  aggregateId?: string;
}
