import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '@ddd-kit/database';
import { Receipt } from '../domain/receipt.aggregate.js';

/** Receipts of the current tenant (the tenant filter applies). */
@Injectable()
export class ReceiptRepository extends AggregateRepository<Receipt> {
  protected readonly entity = Receipt;
  protected override readonly sortable = ['reference', 'createdAt'];
}
