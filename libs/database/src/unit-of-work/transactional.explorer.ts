import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { TRANSACTIONAL_METADATA } from './transactional.decorator.js';
import type { UnitOfWorkOptions } from './unit-of-work.options.js';
import { UnitOfWork } from './unit-of-work.js';

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * Finds `@Transactional()` methods on singleton providers and controllers at bootstrap and wraps
 * them in `UnitOfWork.run`. Wrapping the instance (not the prototype) keeps the decorator free of
 * any static reference to the unit of work.
 */
@Injectable()
export class TransactionalExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || !instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype))
        this.wrap(instance as Record<string, Method>, name);
    }
  }

  private wrap(instance: Record<string, Method>, name: string): void {
    const original = instance[name];
    if (typeof original !== 'function') return;
    const options = this.reflector.get<UnitOfWorkOptions | undefined>(TRANSACTIONAL_METADATA, original);
    if (!options) return;
    const unitOfWork = this.unitOfWork;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return unitOfWork.run(() => original.apply(this, args), options);
    };
    // Keep the metadata other explorers (e.g. @nestjs/cqrs) read from the method.
    for (const key of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
    }
    Object.defineProperty(wrapped, 'name', { value: original.name });
    instance[name] = wrapped;
  }
}
