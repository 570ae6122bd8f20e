import { ValidationError } from '@ddd-kit/core';
import { RequestValidationError } from './request-validation.error.js';

/** Bounds on the shape of a request's input, checked before any validation or conversion. */
export interface InputLimits {
  /**
   * How deeply the input may nest. class-transformer recurses once per level, and a body of a few
   * thousand levels would exhaust the stack (a 500).
   * @default 32 (the deepest valid body, a `sku-import` job's rows, has four levels)
   */
  readonly depthMax?: number;
  /**
   * Most fields one object may have. The whitelist reports each unknown key, and a body that is
   * all keys (150,000 fit in 2 MB) would hold the event loop for a minute.
   * @default 100 (no WMS object has more than five)
   */
  readonly fieldsMax?: number;
  /**
   * Most items one list may have: the longest list a route accepts. Converting and validating
   * 300,000 items (they fit in 2 MB) would hold the event loop for seconds.
   * @default 500
   */
  readonly itemsMax?: number;
}

// Nest's ValidationPipe deletes these keys before validating (a prototype-pollution guard), so
// the whitelist never sees them: the field would be ignored in silence instead of refused.
const KEYS_DROPPED_UNSEEN = new Set(['__proto__', 'constructor', 'prototype']);

// PostgreSQL stores neither NUL (text: 22021; inlined into SQL it breaks the wire protocol and
// kills the connection) nor an unpaired surrogate (jsonb: 22P02), so no field may hold one.
// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a request's input as parsed, before the validation pipe touches it, without recursion.
 * @param name what the input itself is called in an error (`body`, a route parameter's name)
 * @throws ValidationError `INPUT_TOO_DEEP`, `INPUT_TOO_WIDE` or `INPUT_LIST_TOO_LONG` past a limit
 * @throws RequestValidationError `whitelistValidation` for a key the validation could not see,
 *   `storableText` for a string (or key) PostgreSQL cannot store
 */
export function assertInputShape(input: unknown, name: string, limits: InputLimits = {}): void {
  const { depthMax = 32, fieldsMax = 100, itemsMax = 500 } = limits;
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    const field = path || name;
    if (typeof value === 'string' && UNSTORABLE.test(value)) {
      throw new RequestValidationError([{ field, rule: 'storableText' }]);
    }
    // Binary values (a raw body) are not JSON: nothing in them nests.
    if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) continue;
    if (depth >= depthMax) throw new ValidationError('INPUT_TOO_DEEP', { max: depthMax });
    if (Array.isArray(value) && value.length > itemsMax) {
      throw new ValidationError('INPUT_LIST_TOO_LONG', { field, max: itemsMax });
    }
    const entries = Object.entries(value);
    if (!Array.isArray(value) && entries.length > fieldsMax) {
      throw new ValidationError('INPUT_TOO_WIDE', { field, max: fieldsMax });
    }
    for (const [key, child] of entries) {
      const childField = path ? `${path}.${key}` : key;
      if (KEYS_DROPPED_UNSEEN.has(key)) {
        throw new RequestValidationError([{ field: childField, rule: 'whitelistValidation' }]);
      }
      if (UNSTORABLE.test(key))
        throw new RequestValidationError([{ field: childField, rule: 'storableText' }]);
      pending.push({ value: child, path: childField, depth: depth + 1 });
    }
  }
}
