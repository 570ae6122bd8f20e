import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PageRequest, type PageRequestInput } from '@ddd-kit/core';
import { Transactional } from '@ddd-kit/database';
import { SkuRepository } from '../infrastructure/sku.repository.js';

export class ListSkus {
  constructor(readonly page: PageRequestInput) {}
}

export interface SkuView {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly uom: string;
  readonly createdAt: Date;
}

export interface SkuPage {
  readonly items: readonly SkuView[];
  readonly total: number;
  readonly page: number;
  readonly size: number;
}

/** Sort fields a caller may use; anything else is a 400 before any SQL. */
export const SKU_SORTABLE = ['code', 'name', 'createdAt'] as const;

@QueryHandler(ListSkus)
export class ListSkusHandler implements IQueryHandler<ListSkus, SkuPage> {
  constructor(private readonly skus: SkuRepository) {}

  @Transactional()
  async execute(query: ListSkus): Promise<SkuPage> {
    const page = await this.skus.findPage(undefined, PageRequest.of(query.page, SKU_SORTABLE));
    return {
      items: page.items.map((sku) => ({
        id: sku.id,
        code: sku.code,
        name: sku.name,
        uom: sku.uom,
        createdAt: sku.createdAt,
      })),
      total: page.total,
      page: page.page,
      size: page.size,
    };
  }
}
