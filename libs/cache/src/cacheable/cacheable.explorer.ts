import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { CacheService } from '../cache.service.js';
import { CACHEABLE_METADATA, type CacheableOptions } from './cacheable.decorator.js';

type Method = (...args: unknown[]) => Promise<unknown>;

// Set on the wrapper, so that an instance reached twice (a provider aliased with `useExisting`)
// is not wrapped twice: the inner getOrSet would wait on the outer one for the same key forever.
const WRAPPED_METADATA = Symbol('ddd-kit:cacheable-wrapped');

/**
 * Finds `@Cacheable()` methods on singleton providers and controllers at bootstrap and wraps them
 * in `CacheService.getOrSet`. Wrapping the instance (not the prototype) keeps the decorator free
 * of any static reference to a cache, as `@Transactional` does.
 */
@Injectable()
export class CacheableExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly cache: CacheService,
  ) {}

  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || !instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        this.wrap(instance as Record<string, Method>, name);
      }
    }
  }

  private wrap(instance: Record<string, Method>, name: string): void {
    const original = instance[name];
    if (typeof original !== 'function') return;
    const options = this.reflector.get<CacheableOptions<unknown[]> | undefined>(CACHEABLE_METADATA, original);
    if (!options || Reflect.getMetadata(WRAPPED_METADATA, original) === true) return;
    const cache = this.cache;
    const { key, tags, ttlMs, staleMs } = options;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return cache.getOrSet(
        typeof key === 'function' ? key(...args) : key,
        () => original.apply(this, args),
        {
          tags: typeof tags === 'function' ? tags(...args) : tags,
          ttlMs,
          staleMs,
        },
      );
    };
    // Keep the metadata other explorers (e.g. @Transactional's, @nestjs/cqrs) read from the method.
    for (const metadataKey of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(metadataKey, Reflect.getMetadata(metadataKey, original), wrapped);
    }
    Reflect.defineMetadata(WRAPPED_METADATA, true, wrapped);
    Object.defineProperty(wrapped, 'name', { value: original.name });
    instance[name] = wrapped;
  }
}
