/** The body of every error response. */
export interface ErrorBody {
  /** Stable, upper-snake-case; clients branch on it. */
  readonly code: string;
  /** Localized from `accept-language` (en, zh-CN). */
  readonly message: string;
  readonly details?: unknown;
  readonly correlationId: string | undefined;
  readonly timestamp: string;
}
