import { ApiProperty } from '@nestjs/swagger';
import { RECEIPT_STATUSES, type ReceiptStatus } from '../domain/receipt.aggregate.js';
import { IsCode, IsLines, IsQuantity } from '../../shared/http/field.decorators.js';

export class ExpectedLineDto {
  @IsCode('SKU-1001')
  sku!: string;

  @IsQuantity()
  quantity!: number;
}

export class CreateReceiptDto {
  @IsCode('PO-2026-0001')
  reference!: string;

  @IsLines(ExpectedLineDto)
  lines!: ExpectedLineDto[];
}

export class ReceivedLineDto {
  @IsCode('SKU-1001')
  sku!: string;

  @IsQuantity()
  quantity!: number;

  @IsCode('RCV-01')
  location!: string;
}

export class ReceiveReceiptDto {
  @IsLines(ReceivedLineDto)
  lines!: ReceivedLineDto[];
}

export class ReceiptStatusDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: RECEIPT_STATUSES })
  status!: ReceiptStatus;
}

export class ReceiptLineDto {
  @ApiProperty()
  sku!: string;
  @ApiProperty({ type: 'integer' })
  expected!: number;
  @ApiProperty({ type: 'integer' })
  received!: number;
}

export class ReceiptDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  reference!: string;
  @ApiProperty({ enum: RECEIPT_STATUSES })
  status!: ReceiptStatus;
  @ApiProperty({ type: ReceiptLineDto, isArray: true })
  lines!: ReceiptLineDto[];
  @ApiProperty()
  createdAt!: Date;
}
