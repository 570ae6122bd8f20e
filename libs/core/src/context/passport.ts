/**
 * Who and what a unit of work runs for: the "passport" that travels with a request, a message or
 * a job. The database and outbox libraries read it through a small port, so they work with or
 * without the tenancy module.
 */
export interface Passport {
  /** The tenant the work belongs to; absent for system work. */
  readonly tenantId?: string;
  /** The user or service acting. */
  readonly actorId?: string;
  /** Preferred language for messages, e.g. `en` or `zh-CN`. */
  readonly locale?: string;
  /** Ties together everything caused by one outside request. */
  readonly correlationId?: string;
  /** The id of the message or command that directly caused this work. */
  readonly causationId?: string;
  /** W3C trace context. */
  readonly traceparent?: string;
}
