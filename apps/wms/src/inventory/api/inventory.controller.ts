import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CONSISTENCY_TOKEN_HEADER } from '@ddd-kit/projector';
import { AdjustStock } from '../application/adjust-stock.command.js';
import { ListStockLevels } from '../application/list-stock-levels.query.js';
import { MoveStock, type StockMoveResult } from '../application/move-stock.command.js';
import type { StockLevel } from '../application/stock-level.js';
import type { StockLevelsPage } from '../infrastructure/stock-levels.read-model.js';
import {
  AdjustStockDto,
  MoveStockDto,
  StockLevelDto,
  StockLevelsPageDto,
  StockLevelsQueryDto,
  StockMoveResultDto,
} from './inventory.dto.js';

@ApiTags('inventory')
@ApiHeader({ name: 'x-tenant-id', required: true })
@Controller('api/v1/stock')
export class InventoryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('moves')
  @HttpCode(200)
  @ApiOkResponse({ type: StockMoveResultDto, description: 'Levels of both locations after the move.' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, SAME_LOCATION' })
  @ApiNotFoundResponse({ description: 'UNKNOWN_SKU, UNKNOWN_LOCATION' })
  @ApiConflictResponse({ description: 'INSUFFICIENT_STOCK, LOCATION_FULL' })
  move(@Body() body: MoveStockDto): Promise<StockMoveResult> {
    return this.commands.execute(new MoveStock(body.sku, body.from, body.to, body.quantity));
  }

  @Post('adjustments')
  @HttpCode(200)
  @ApiOkResponse({ type: StockLevelDto })
  @ApiNotFoundResponse({ description: 'UNKNOWN_SKU, UNKNOWN_LOCATION' })
  @ApiConflictResponse({ description: 'INSUFFICIENT_STOCK, LOCATION_FULL' })
  adjust(@Body() body: AdjustStockDto): Promise<StockLevel> {
    return this.commands.execute(new AdjustStock(body.sku, body.location, body.quantity, body.reason));
  }

  @Get()
  @ApiOkResponse({
    type: StockLevelsPageDto,
    description: 'The stock levels read model, by SKU then location.',
  })
  @ApiHeader({
    name: CONSISTENCY_TOKEN_HEADER,
    required: false,
    description: 'Token of an earlier write: waits (≤ 2 s) for it to be projected and bypasses the cache.',
  })
  list(
    @Query() query: StockLevelsQueryDto,
    @Headers(CONSISTENCY_TOKEN_HEADER) token?: string,
  ): Promise<StockLevelsPage> {
    return this.queries.execute(
      new ListStockLevels(
        { sku: query.sku, location: query.location },
        { page: query.page, size: query.size },
        token !== undefined,
      ),
    );
  }
}
