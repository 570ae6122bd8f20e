/** Values that explain an error; they fill the placeholders of its localized message. */
export type ErrorParams = Readonly<Record<string, unknown>>;

/**
 * How an error should be treated at the edge. HTTP maps it to a status, consumers decide whether
 * a retry can help.
 */
export type ErrorKind =
  | 'domain'
  | 'not-found'
  | 'conflict'
  | 'concurrency-conflict'
  | 'validation'
  | 'forbidden'
  | 'unauthenticated'
  | 'infrastructure-unavailable';

/**
 * The root of ddd-kit's error taxonomy. Every error carries a stable `code` (for clients and
 * translations) and `params` (for the message). `message` is an English fallback for logs only:
 * messages shown to users are localized at the edge from `code` and `params`.
 */
export abstract class DddError extends Error {
  /** How the edge should treat the error. */
  abstract readonly kind: ErrorKind;

  protected constructor(
    /** Stable, upper-snake-case identifier, e.g. `INSUFFICIENT_STOCK`. Never changes once shipped. */
    readonly code: string,
    /** Values for the localized message. */
    readonly params: ErrorParams = {},
    options?: { cause?: unknown; message?: string },
  ) {
    super(
      options?.message ?? describe(code, params),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
  }
}

function describe(code: string, params: ErrorParams): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return code;
  return `${code} (${entries.map(([key, value]) => `${key}=${formatParam(value)}`).join(', ')})`;
}

function formatParam(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
