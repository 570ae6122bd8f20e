import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CODE_PATTERN } from '../../shared/domain/code.js';
import { QUANTITY_MAX } from '../../shared/domain/quantity.js';
import { LOCATION_TYPES, type LocationType } from '../domain/location.aggregate.js';
import { UNITS_OF_MEASURE, type UnitOfMeasure } from '../domain/sku.aggregate.js';

export class RegisterSkuDto {
  @ApiProperty({ example: 'SKU-1001', pattern: CODE_PATTERN.source })
  @IsString()
  @Matches(CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: 'Blue widget', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: UNITS_OF_MEASURE })
  @IsIn(UNITS_OF_MEASURE)
  uom!: UnitOfMeasure;
}

export class CreateLocationDto {
  @ApiProperty({ example: 'A-01-01', pattern: CODE_PATTERN.source })
  @IsString()
  @Matches(CODE_PATTERN)
  code!: string;

  @ApiProperty({ enum: LOCATION_TYPES })
  @IsIn(LOCATION_TYPES)
  type!: LocationType;

  @ApiPropertyOptional({ minimum: 1, maximum: QUANTITY_MAX })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(QUANTITY_MAX)
  capacity?: number;
}

export class PageQueryDto {
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

  @ApiPropertyOptional({ example: 'code,-createdAt', description: 'Whitelisted fields; `-` for descending.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sort?: string;
}
