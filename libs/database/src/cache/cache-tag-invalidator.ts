/**
 * The port through which the read side tells a cache that data changed. Projectors call it after
 * their transaction commits, under the passport of the event they applied, so tags are
 * invalidated in the event's tenant namespace. `@ddd-kit/cache` provides it; without a cache,
 * nothing is bound and projectors skip the call. An abstract class, so it doubles as the DI token.
 */
export abstract class CacheTagInvalidator {
  /** Drops every entry tagged with any of `tags`, in the current tenant's namespace. */
  abstract invalidateTags(tags: readonly string[]): Promise<void>;
}
