import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, NotEquals } from 'class-validator';
import { CODE_PATTERN } from '../../shared/domain/code.js';
import { QUANTITY_MAX } from '../../shared/domain/quantity.js';
import { IsCode, IsQuantity } from '../../shared/http/field.decorators.js';

export class MoveStockDto {
  @IsCode('SKU-1001')
  sku!: string;

  @IsCode('RCV-01')
  from!: string;

  @IsCode('A-01-01')
  to!: string;

  @IsQuantity()
  quantity!: number;
}

export class AdjustStockDto {
  @IsCode('SKU-1001')
  sku!: string;

  @IsCode('A-01-01')
  location!: string;

  @ApiProperty({
    type: 'integer',
    minimum: -QUANTITY_MAX,
    maximum: QUANTITY_MAX,
    example: -2,
    description: 'Signed correction of the units on hand; not 0.',
  })
  @IsInt()
  @NotEquals(0)
  @Min(-QUANTITY_MAX)
  @Max(QUANTITY_MAX)
  quantity!: number;

  @ApiProperty({ example: 'cycle count', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  reason!: string;
}

export class StockLevelsQueryDto {
  @ApiPropertyOptional({ pattern: CODE_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  sku?: string;

  @ApiPropertyOptional({ pattern: CODE_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  location?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;
}

export class StockLevelDto {
  @ApiProperty()
  sku!: string;
  @ApiProperty()
  location!: string;
  @ApiProperty({ type: 'integer' })
  onHand!: number;
  @ApiProperty({ type: 'integer' })
  reserved!: number;
  @ApiProperty({ type: 'integer' })
  available!: number;
}

export class StockLevelsPageDto {
  @ApiProperty({ type: StockLevelDto, isArray: true })
  items!: StockLevelDto[];
  @ApiProperty({ type: 'integer' })
  total!: number;
  @ApiProperty({ type: 'integer' })
  page!: number;
  @ApiProperty({ type: 'integer' })
  size!: number;
}

export class StockMoveResultDto {
  @ApiProperty({ type: StockLevelDto })
  from!: StockLevelDto;
  @ApiProperty({ type: StockLevelDto })
  to!: StockLevelDto;
}
