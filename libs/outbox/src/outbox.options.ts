import type { OutboxRoutingOptions } from './routing/outbox-routing.js';

/** Options of `OutboxModule`. */
export interface OutboxModuleOptions {
  /** Topic routing. @default topics derived from the aggregate type, no prefix */
  readonly routing?: OutboxRoutingOptions;
}
