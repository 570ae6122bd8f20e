import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CreatedDto } from '../../shared/http/created.dto.js';
import { IdParamDto } from '../../shared/http/id-param.dto.js';
import { CreateReceipt } from '../application/create-receipt.command.js';
import { GetReceipt, type ReceiptView } from '../application/get-receipt.query.js';
import { ReceiveReceipt } from '../application/receive-receipt.command.js';
import type { ReceiptStatus } from '../domain/receipt.aggregate.js';
import { CreateReceiptDto, ReceiptDto, ReceiptStatusDto, ReceiveReceiptDto } from './inbound.dto.js';

@ApiTags('inbound')
@ApiHeader({ name: 'x-tenant-id', required: true })
@Controller('api/v1/receipts')
export class InboundController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiNotFoundResponse({ description: 'UNKNOWN_SKU' })
  @ApiConflictResponse({ description: 'RECEIPT_REFERENCE_TAKEN' })
  create(@Body() body: CreateReceiptDto): Promise<{ id: string }> {
    return this.commands.execute(new CreateReceipt(body.reference, body.lines));
  }

  @Post(':id/receive')
  @HttpCode(200)
  @ApiOkResponse({ type: ReceiptStatusDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (receipt), UNKNOWN_SKU, UNKNOWN_LOCATION' })
  @ApiConflictResponse({ description: 'RECEIPT_CLOSED, RECEIPT_LINE_UNEXPECTED, LOCATION_FULL' })
  receive(
    @Param() params: IdParamDto,
    @Body() body: ReceiveReceiptDto,
  ): Promise<{ id: string; status: ReceiptStatus }> {
    return this.commands.execute(new ReceiveReceipt(params.id, body.lines));
  }

  @Get(':id')
  @ApiOkResponse({ type: ReceiptDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param() params: IdParamDto): Promise<ReceiptView> {
    return this.queries.execute(new GetReceipt(params.id));
  }
}
