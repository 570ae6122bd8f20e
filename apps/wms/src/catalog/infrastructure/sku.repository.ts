import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '@ddd-kit/database';
import { Sku } from '../domain/sku.aggregate.js';

/** SKUs of the current tenant (the tenant filter applies). */
@Injectable()
export class SkuRepository extends AggregateRepository<Sku> {
  protected readonly entity = Sku;
  protected override readonly sortable = ['code', 'name', 'createdAt'];
}
