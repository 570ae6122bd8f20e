/**
 * Freezes plain objects and arrays recursively so that event data cannot change after the event
 * was raised. Other objects (Dates, class instances) are left alone: freezing them would not make
 * them immutable and could break their methods.
 */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
    return Object.freeze(value);
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    return Object.freeze(value);
  }
  return value;
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
