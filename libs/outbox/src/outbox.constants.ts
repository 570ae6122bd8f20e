/** Injection token of the relay options with defaults applied. */
export const OUTBOX_RELAY_OPTIONS = Symbol('ddd-kit:outbox-relay-options');

/** Injection token of the retention options with defaults applied. */
export const OUTBOX_RETENTION_OPTIONS = Symbol('ddd-kit:outbox-retention-options');
