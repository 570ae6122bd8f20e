import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { UnitOfWork } from '@ddd-kit/database';
import { QUANTITY_MAX } from '../../shared/domain/quantity.js';
import { RequestValidationError } from '../../shared/http/request-validation.error.js';
import { StockShortages, type SkuStock } from '../infrastructure/stock-shortages.js';
import type { JobHandler } from '../registry/job-handler.js';
import { WMS_QUEUES } from '../registry/job-queues.js';
import { JobType } from '../registry/job-type.decorator.js';

/** What to suggest: SKUs below `threshold`, topped up to `targetLevel`. */
export class ReplenishmentSuggestionInput {
  @ApiProperty({
    minimum: 1,
    maximum: QUANTITY_MAX,
    description: 'SKUs with less available than this are suggested.',
  })
  @IsInt()
  @Min(1)
  @Max(QUANTITY_MAX)
  threshold!: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: QUANTITY_MAX,
    description: 'The stock to bring each suggested SKU up to; defaults to twice the threshold.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(QUANTITY_MAX)
  targetLevel?: number;
}

/** The input with its default filled in, stored with the job. */
export interface ReplenishmentSuggestionData {
  readonly threshold: number;
  readonly targetLevel: number;
}

/** One SKU to reorder, with how many. */
export interface ReplenishmentSuggestion extends SkuStock {
  readonly suggestedQuantity: number;
}

/** The suggestions, lowest stock first. */
export interface ReplenishmentSuggestionResult {
  readonly threshold: number;
  readonly targetLevel: number;
  readonly suggestions: readonly ReplenishmentSuggestion[];
  /** More SKUs were below the threshold than a result lists. */
  readonly truncated: boolean;
}

// A result is kept in Redis with the job; beyond this, a report is the better tool.
const SUGGESTIONS_MAX = 1_000;

/**
 * Suggests what to reorder: every SKU of the tenant whose stock available over all locations
 * (from the stock levels read model) is below the threshold, with the quantity that brings it
 * to the target level.
 */
@JobType({
  name: 'replenishment-suggestion',
  queue: WMS_QUEUES.reports,
  description:
    'Lists SKUs whose available stock is below `threshold`, with the quantity that brings each to `targetLevel`.',
  input: ReplenishmentSuggestionInput,
})
export class ReplenishmentSuggestionJob implements JobHandler<
  ReplenishmentSuggestionInput,
  ReplenishmentSuggestionData,
  ReplenishmentSuggestionResult
> {
  constructor(
    private readonly stockLevels: StockShortages,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  prepare(input: ReplenishmentSuggestionInput): ReplenishmentSuggestionData {
    const targetLevel = input.targetLevel ?? Math.min(QUANTITY_MAX, input.threshold * 2);
    if (targetLevel < input.threshold) {
      throw new RequestValidationError([{ field: 'input.targetLevel', rule: 'min', value: input.threshold }]);
    }
    return { threshold: input.threshold, targetLevel };
  }

  async run({ threshold, targetLevel }: ReplenishmentSuggestionData): Promise<ReplenishmentSuggestionResult> {
    const below = await this.unitOfWork.run(() => this.stockLevels.skusBelow(threshold, SUGGESTIONS_MAX + 1));
    return {
      threshold,
      targetLevel,
      suggestions: below
        .slice(0, SUGGESTIONS_MAX)
        .map((stock) => ({ ...stock, suggestedQuantity: targetLevel - stock.available })),
      truncated: below.length > SUGGESTIONS_MAX,
    };
  }
}
