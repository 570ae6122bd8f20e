/**
 * Options of `@Cacheable`; `key` and `tags` may be derived from the method's arguments, whose
 * types `A` must then match the method's parameters.
 */
export interface CacheableOptions<A extends unknown[] = never[]> {
  /**
   * The entry's key (namespaced by tenant automatically). Make it name the query and every
   * argument that changes the result, e.g. `(q: GetStock) => \`stock:${q.sku}:${q.page}\``.
   */
  readonly key: string | ((...args: A) => string);
  /** How long the result stays fresh. @default the module's `defaultTtlMs` */
  readonly ttlMs?: number;
  /** How long a result past its freshness may be served while it is refreshed. @default the module's `defaultStaleMs` */
  readonly staleMs?: number;
  /** Tags of the entry, for invalidation by the projectors. @default [] */
  readonly tags?: readonly string[] | ((...args: A) => readonly string[]);
}

/** The decorator `@Cacheable` returns: for async methods whose parameters fit `key` and `tags`. */
export type CacheableDecorator<A extends unknown[]> = <M extends (...args: A) => Promise<unknown>>(
  target: object,
  name: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

/** Metadata key read by the cacheable explorer. */
export const CACHEABLE_METADATA = Symbol('ddd-kit:cacheable');

/**
 * Caches what the method resolves to, through `CacheService.getOrSet` (single flight, tenant
 * namespace, tags). Meant for query handlers (`IQueryHandler.execute`) and other methods of
 * singleton providers whose result depends only on their arguments and the tenant. The decorator
 * only sets metadata; `CacheModule` wraps the methods at bootstrap, and without it the method
 * just runs.
 *
 * @example
 * ```ts
 * @QueryHandler(GetStockLevels)
 * export class GetStockLevelsHandler implements IQueryHandler<GetStockLevels> {
 *   @Cacheable({
 *     key: (q: GetStockLevels) => `stock-levels:${q.sku}`,
 *     tags: (q: GetStockLevels) => [`sku:${q.sku}`],
 *     ttlMs: 30_000,
 *   })
 *   async execute(query: GetStockLevels) { ... }
 * }
 * ```
 */
export function Cacheable<A extends unknown[] = never[]>(
  options: CacheableOptions<A>,
): CacheableDecorator<A> {
  return (_target, _name, descriptor) => {
    if (typeof descriptor.value !== 'function') throw new TypeError('@Cacheable() decorates methods only');
    Reflect.defineMetadata(CACHEABLE_METADATA, options, descriptor.value);
  };
}
