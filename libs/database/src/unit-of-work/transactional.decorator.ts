import { SetMetadata } from '@nestjs/common';
import type { UnitOfWorkOptions } from './unit-of-work.options.js';

/** Metadata key read by the transactional explorer. */
export const TRANSACTIONAL_METADATA = Symbol('ddd-kit:transactional');

/**
 * Runs the method in a unit of work (see `UnitOfWork.run`): one transaction per call, joined by
 * nested transactional calls, committed when the method resolves and rolled back when it throws.
 * Works on methods of singleton providers (command handlers, services, controllers); the
 * decorator only sets metadata and the module wraps the methods at bootstrap.
 *
 * @example
 * ```ts
 * @CommandHandler(ReceiveStock)
 * export class ReceiveStockHandler implements ICommandHandler<ReceiveStock> {
 *   @Transactional({ retryOnConflict: 3 })
 *   async execute(command: ReceiveStock) { ... }
 * }
 * ```
 */
export function Transactional(options: UnitOfWorkOptions = {}): MethodDecorator {
  return SetMetadata(TRANSACTIONAL_METADATA, options);
}
