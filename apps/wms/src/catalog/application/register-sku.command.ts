import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { SkuCode } from '../../shared/domain/code.js';
import { Sku, type UnitOfMeasure } from '../domain/sku.aggregate.js';
import { SkuRepository } from '../infrastructure/sku.repository.js';

export class RegisterSku {
  constructor(
    readonly code: string,
    readonly name: string,
    readonly uom: UnitOfMeasure,
  ) {}
}

/** A taken code surfaces as 409 `SKU_CODE_TAKEN` from the unique constraint, with nothing written. */
@CommandHandler(RegisterSku)
export class RegisterSkuHandler implements ICommandHandler<RegisterSku, { id: string }> {
  constructor(private readonly skus: SkuRepository) {}

  @Transactional()
  async execute(command: RegisterSku): Promise<{ id: string }> {
    const sku = Sku.register(SkuCode.of(command.code), command.name, command.uom);
    this.skus.add(sku);
    return Promise.resolve({ id: sku.id });
  }
}
