import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CODE_PATTERN } from '../domain/code.js';
import { LINES_MAX } from '../domain/document-lines.js';
import { QUANTITY_MAX } from '../domain/quantity.js';

/** A business code field (SKU, location, reference): 1–64 characters of `[A-Za-z0-9._-]`. */
export function IsCode(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example, pattern: CODE_PATTERN.source, minLength: 1, maxLength: 64 }),
    IsString(),
    Matches(CODE_PATTERN),
  );
}

/** A quantity field: a whole number from 1 to `QUANTITY_MAX`. */
export function IsQuantity(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: 'integer', minimum: 1, maximum: QUANTITY_MAX, example: 10 }),
    IsInt(),
    Min(1),
    Max(QUANTITY_MAX),
  );
}

/** A document's lines: 1 to `LINES_MAX` entries, each an object validated as `line`. */
export function IsLines(line: new () => object): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: line, isArray: true, minItems: 1, maxItems: LINES_MAX }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(LINES_MAX),
    // ValidateNested walks into a line that is itself an array and finds nothing to check there.
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => line),
  );
}
