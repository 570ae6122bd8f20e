import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateLocation } from '../application/create-location.command.js';
import { ListSkus, type SkuPage } from '../application/list-skus.query.js';
import { RegisterSku } from '../application/register-sku.command.js';
import { CreatedDto } from '../../shared/http/created.dto.js';
import { CreateLocationDto, PageQueryDto, RegisterSkuDto } from './catalog.dto.js';

@ApiTags('catalog')
@ApiHeader({ name: 'x-tenant-id', required: true })
@Controller('api/v1')
export class CatalogController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('skus')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiConflictResponse({ description: 'SKU_CODE_TAKEN' })
  registerSku(@Body() body: RegisterSkuDto): Promise<{ id: string }> {
    return this.commands.execute(new RegisterSku(body.code, body.name, body.uom));
  }

  @Get('skus')
  listSkus(@Query() query: PageQueryDto): Promise<SkuPage> {
    return this.queries.execute(new ListSkus(query));
  }

  @Post('locations')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiConflictResponse({ description: 'LOCATION_CODE_TAKEN' })
  createLocation(@Body() body: CreateLocationDto): Promise<{ id: string }> {
    return this.commands.execute(new CreateLocation(body.code, body.type, body.capacity));
  }
}
