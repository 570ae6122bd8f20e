// JSON loses Dates (they come back as strings) and turns `undefined` array items into null. Values
// are therefore encoded as JSON with small single-key marker objects for those two, and a third
// marker escapes a user object that happens to look like a marker.
const DATE = '$date';
const UNDEFINED = '$undefined';
const ESCAPED = '$object';
const MARKERS: ReadonlySet<string> = new Set([DATE, UNDEFINED, ESCAPED]);

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Turns a value into JSON text that {@link decodeCacheValue} reads back into an equal value:
 * Dates (valid or not) come back as Dates with the same time, `undefined` array items as
 * `undefined`, nested objects and arrays as they were. The rest follows JSON: object properties
 * holding `undefined` or functions are left out, objects with `toJSON` are stored as what it
 * returns, class instances come back as plain objects, Maps and Sets as `{}`.
 * @returns undefined for `undefined` (and functions, symbols) at the top level, as JSON does
 * @throws TypeError for bigints and circular structures, as JSON does
 */
export function encodeCacheValue(value: unknown): string | undefined {
  const json = toJson(value, new Set());
  return json === undefined ? undefined : JSON.stringify(json);
}

/** Reads what {@link encodeCacheValue} wrote. */
export function decodeCacheValue(text: string): unknown {
  return fromJsonText(text, JSON.parse(text));
}

/**
 * Decodes an already parsed JSON value, given the text it came from: when the text holds no
 * `"$`, it holds no marker, and the parsed value is the answer as is (the common case, free).
 */
export function fromJsonText(text: string, parsed: unknown): unknown {
  return text.includes('"$') ? fromJson(parsed as JsonValue) : parsed;
}

function toJson(value: unknown, path: Set<object>): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('A cached value cannot hold a bigint');
  }
  if (value instanceof Date) {
    const time = value.getTime();
    return { [DATE]: Number.isNaN(time) ? null : time };
  }
  const object = value;
  if (path.has(object)) throw new TypeError('A cached value cannot be circular');
  path.add(object);
  try {
    if (Array.isArray(object)) {
      return object.map((item: unknown) => {
        const encoded = toJson(item, path);
        return encoded === undefined ? { [UNDEFINED]: 1 } : encoded;
      });
    }
    const withToJson = object as { toJSON?: unknown };
    if (typeof withToJson.toJSON === 'function') {
      return toJson((withToJson.toJSON as () => unknown).call(object), path) ?? null;
    }
    const json: Record<string, JsonValue> = {};
    let count = 0;
    let onlyKey = '';
    for (const [key, item] of Object.entries(object)) {
      const encoded = toJson(item, path);
      if (encoded === undefined) continue;
      defineValue(json, key, encoded);
      count++;
      onlyKey = key;
    }
    return count === 1 && MARKERS.has(onlyKey) ? { [ESCAPED]: json } : json;
  } finally {
    path.delete(object);
  }
}

// In place: JSON.parse's output belongs to us, and copying would double the cost of a hit.
function fromJson(json: JsonValue): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) {
    for (let index = 0; index < json.length; index++) (json as unknown[])[index] = fromJson(json[index]!);
    return json;
  }
  const keys = Object.keys(json);
  if (keys.length === 1) {
    const key = keys[0]!;
    if (key === DATE) return new Date((json[DATE] as number | null) ?? Number.NaN);
    if (key === UNDEFINED) return undefined;
    if (key === ESCAPED) return decodeProperties(json[ESCAPED] as Record<string, JsonValue>);
  }
  return decodeProperties(json);
}

function decodeProperties(json: Record<string, JsonValue>): unknown {
  for (const key of Object.keys(json)) {
    const item = json[key]!;
    if (item !== null && typeof item === 'object') defineValue(json, key, fromJson(item));
  }
  return json;
}

// A plain assignment to `__proto__` would replace the object's prototype instead of setting a key.
function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
