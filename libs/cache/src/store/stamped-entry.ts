import type { TagStamp } from './cache-store.js';

// An entry is stored in Redis as `<stamps>\n<entry text>`, where `<stamps>` is a JSON array
// [tagKey1, version1, tagKey2, version2, …], "[]" without tags. JSON text never holds a raw
// newline, so the first one ends the stamps; the stamps come first so that the entry text can be
// handed on without copying.

const NO_STAMPS = '[]';

/** An entry as read back: its text and the tag versions it was written with. */
export interface StampedEntry {
  readonly text: string;
  readonly stamps: readonly TagStamp[];
}

/** The stored form of an entry. */
export function stampEntry(text: string, stamps: readonly TagStamp[]): string {
  if (stamps.length === 0) return `${NO_STAMPS}\n${text}`;
  const flat: string[] = [];
  for (const { tagKey, version } of stamps) flat.push(tagKey, version);
  return `${JSON.stringify(flat)}\n${text}`;
}

/** Splits a stored entry; undefined when it is not one. */
export function unstampEntry(stored: string): StampedEntry | undefined {
  const split = stored.indexOf('\n');
  if (split < 0) return undefined;
  const text = stored.slice(split + 1);
  const header = stored.slice(0, split);
  if (header === NO_STAMPS) return { text, stamps: [] };
  const flat = JSON.parse(header) as unknown;
  if (!Array.isArray(flat) || flat.length % 2 !== 0) return undefined;
  const stamps: TagStamp[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    stamps.push({ tagKey: String(flat[index]), version: String(flat[index + 1]) });
  }
  return { text, stamps };
}
