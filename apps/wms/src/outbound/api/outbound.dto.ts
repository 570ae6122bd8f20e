import { ApiProperty } from '@nestjs/swagger';
import { IsCode, IsLines, IsQuantity } from '../../shared/http/field.decorators.js';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order.aggregate.js';

export class OrderLineDto {
  @IsCode('SKU-1001')
  sku!: string;

  @IsQuantity()
  quantity!: number;
}

export class PlaceOrderDto {
  @IsCode('SO-2026-0001')
  reference!: string;

  @IsLines(OrderLineDto)
  lines!: OrderLineDto[];
}

export class OrderStatusDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ORDER_STATUSES })
  status!: OrderStatus;
}

export class OrderViewLineDto {
  @ApiProperty()
  sku!: string;
  @ApiProperty({ type: 'integer' })
  quantity!: number;
}

export class OrderViewAllocationDto {
  @ApiProperty()
  sku!: string;
  @ApiProperty()
  location!: string;
  @ApiProperty({ type: 'integer' })
  quantity!: number;
}

export class OrderViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  reference!: string;
  @ApiProperty({ enum: ORDER_STATUSES })
  status!: OrderStatus;
  @ApiProperty({ type: OrderViewLineDto, isArray: true })
  lines!: OrderViewLineDto[];
  @ApiProperty({
    type: OrderViewAllocationDto,
    isArray: true,
    description: 'Reserved stock; empty unless allocated.',
  })
  allocations!: OrderViewAllocationDto[];
  @ApiProperty()
  placedAt!: Date;
  @ApiProperty()
  updatedAt!: Date;
}
