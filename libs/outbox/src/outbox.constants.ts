/** Injection token of the relay options with defaults applied. */
export const OUTBOX_RELAY_OPTIONS = Symbol('ddd-kit:outbox-relay-options');
