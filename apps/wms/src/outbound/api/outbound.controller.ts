import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CONSISTENCY_TOKEN_HEADER } from '@ddd-kit/projector';
import { CreatedDto } from '../../shared/http/created.dto.js';
import { IdParamDto } from '../../shared/http/id-param.dto.js';
import { AllocateOrder } from '../application/allocate-order.command.js';
import { CancelOrder } from '../application/cancel-order.command.js';
import { GetOrder } from '../application/get-order.query.js';
import type { OrderStatusResult } from '../application/order-status.js';
import { PickOrder } from '../application/pick-order.command.js';
import { PlaceOrder } from '../application/place-order.command.js';
import { ShipOrder } from '../application/ship-order.command.js';
import type { OrderView } from '../infrastructure/order-view.read-model.js';
import { OrderStatusDto, OrderViewDto, PlaceOrderDto } from './outbound.dto.js';

@ApiTags('outbound')
@ApiHeader({ name: 'x-tenant-id', required: true })
@Controller('api/v1/orders')
export class OutboundController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiNotFoundResponse({ description: 'UNKNOWN_SKU' })
  @ApiConflictResponse({ description: 'ORDER_REFERENCE_TAKEN' })
  place(@Body() body: PlaceOrderDto): Promise<{ id: string }> {
    return this.commands.execute(new PlaceOrder(body.reference, body.lines));
  }

  @Post(':id/allocate')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderStatusDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INSUFFICIENT_STOCK (nothing reserved), ORDER_STATUS_INVALID' })
  allocate(@Param() params: IdParamDto): Promise<OrderStatusResult> {
    return this.commands.execute(new AllocateOrder(params.id));
  }

  @Post(':id/pick')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderStatusDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'ORDER_STATUS_INVALID' })
  pick(@Param() params: IdParamDto): Promise<OrderStatusResult> {
    return this.commands.execute(new PickOrder(params.id));
  }

  @Post(':id/ship')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderStatusDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'ORDER_STATUS_INVALID' })
  ship(@Param() params: IdParamDto): Promise<OrderStatusResult> {
    return this.commands.execute(new ShipOrder(params.id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderStatusDto, description: 'Cancelled; its reservations are released.' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'ORDER_STATUS_INVALID' })
  cancel(@Param() params: IdParamDto): Promise<OrderStatusResult> {
    return this.commands.execute(new CancelOrder(params.id));
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderViewDto, description: 'The order view read model.' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (or not projected yet: send the consistency token)' })
  @ApiHeader({
    name: CONSISTENCY_TOKEN_HEADER,
    required: false,
    description: 'Token of an earlier write: waits (≤ 2 s) for it to be projected and bypasses the cache.',
  })
  get(@Param() params: IdParamDto, @Headers(CONSISTENCY_TOKEN_HEADER) token?: string): Promise<OrderView> {
    return this.queries.execute(new GetOrder(params.id, token !== undefined));
  }
}
