import { encodeCacheValue, fromJsonText } from './cache-value-codec.js';

/** When an entry stops being fresh, and when it stops being servable at all (epoch ms). */
export interface EntryLifetime {
  readonly freshUntil: number;
  /** Equal to `freshUntil` without a stale window. */
  readonly staleUntil: number;
}

/** A decoded entry. */
export interface CacheEntry extends EntryLifetime {
  readonly value: unknown;
}

/** Where an entry stands at a given time. */
export type EntryState = 'fresh' | 'stale' | 'expired';

// Short keys: they are stored with every entry.
interface Envelope {
  readonly f: number;
  readonly s?: number;
  readonly v?: unknown;
}

/**
 * The freshness of an entry written now: `ttlMs` spread by ± `jitter` (a fraction), then
 * `staleMs` more during which `getOrSet` may serve it while it is refreshed.
 */
export function entryLifetime(
  now: number,
  options: { readonly ttlMs: number; readonly staleMs: number; readonly jitter: number },
  random: () => number = Math.random,
): EntryLifetime {
  const spread = 1 + options.jitter * (2 * random() - 1);
  const freshUntil = now + Math.max(1, Math.round(options.ttlMs * spread));
  return { freshUntil, staleUntil: freshUntil + Math.max(0, Math.round(options.staleMs)) };
}

/**
 * The stored text of an entry.
 * @throws TypeError when the value cannot be encoded (see `encodeCacheValue`)
 */
export function encodeCacheEntry(value: unknown, lifetime: EntryLifetime): string {
  const encoded = encodeCacheValue(value);
  const stale = lifetime.staleUntil > lifetime.freshUntil ? `,"s":${lifetime.staleUntil}` : '';
  // An `undefined` value is stored as an envelope without `v`, so that a cached `undefined` is
  // still a hit for `getOrSet` and does not turn into null.
  return `{"f":${lifetime.freshUntil}${stale}${encoded === undefined ? '' : `,"v":${encoded}`}}`;
}

/**
 * Reads what {@link encodeCacheEntry} wrote.
 * @throws SyntaxError or TypeError when the text is not such an entry
 */
export function decodeCacheEntry(text: string): CacheEntry {
  const envelope = JSON.parse(text) as Envelope;
  if (typeof envelope?.f !== 'number') throw new TypeError('Not a cache entry');
  return {
    freshUntil: envelope.f,
    staleUntil: envelope.s ?? envelope.f,
    value: 'v' in envelope ? fromJsonText(text, envelope.v) : undefined,
  };
}

/** Whether the entry is fresh, only servable as stale, or gone at `now`. */
export function entryState(entry: EntryLifetime, now: number): EntryState {
  if (now < entry.freshUntil) return 'fresh';
  return now < entry.staleUntil ? 'stale' : 'expired';
}

/** How long the store must keep an entry (its stale window included), at least 1 ms. */
export function storeTtlMs(lifetime: EntryLifetime, now: number): number {
  return Math.max(1, lifetime.staleUntil - now);
}
