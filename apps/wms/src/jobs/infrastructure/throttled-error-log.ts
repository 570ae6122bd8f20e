import type { Logger } from '@nestjs/common';

// BullMQ reports every failed reconnection; one line a minute tells the story.
const QUIET_MS = 60_000;

/** Logs the errors a BullMQ queue or worker emits, at most once a minute. */
export class ThrottledErrorLog {
  private lastLoggedAt = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly msg: string,
    private readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  report(error: unknown): void {
    const now = Date.now();
    if (now - this.lastLoggedAt < QUIET_MS) {
      this.suppressed++;
      return;
    }
    this.logger.warn({ msg: this.msg, ...this.fields, error: String(error), suppressed: this.suppressed });
    this.lastLoggedAt = now;
    this.suppressed = 0;
  }
}
