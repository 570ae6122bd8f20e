import type { UnitOfWork } from '@ddd-kit/database';
import { BenchProduct } from './fixture/bench-product.entity.js';
import type { BenchProductRepository } from './fixture/bench-product.repository.js';
import type { ProductInput, RoundWriter } from './round-writer.js';

/**
 * The code path of a command handler: one `UnitOfWork.run` (a clean fork and one transaction),
 * aggregates created by their factory and added through the repository. The flush collects each
 * aggregate's event and the bench sink persists its row.
 */
export class DddKitWriter implements RoundWriter {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly products: BenchProductRepository,
  ) {}

  write(inputs: readonly ProductInput[]): Promise<void> {
    return this.unitOfWork.run(async () => {
      for (const { code, name } of inputs) this.products.add(BenchProduct.create(code, name));
    });
  }
}
