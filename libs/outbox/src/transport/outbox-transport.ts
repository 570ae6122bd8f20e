/** One outbox row on its way to the broker. */
export interface OutboxEnvelope {
  readonly id: string;
  readonly topic: string;
  /** Partition key: the aggregate id. */
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The event data, already serialized as JSON. */
  readonly payload: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly eventType: string;
  readonly eventVersion: number;
}

/** Where the broker put a message. */
export interface DeliveryReceipt {
  readonly partition: number | null;
  readonly offset: string | null;
}

/** The outcome of one envelope of a batch. */
export type DeliveryResult =
  { readonly ok: true; readonly receipt: DeliveryReceipt } | { readonly ok: false; readonly error: Error };

/**
 * The port the relay publishes through. Implementations send a whole batch at once (never one
 * awaited message after another) and report one result per envelope, in input order. A result
 * is `ok` only once the broker has confirmed the message.
 */
export abstract class OutboxTransport {
  /** Sends the batch; must not reject, failures are reported per envelope. */
  abstract publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]>;

  /** Connects before the relay starts. */
  async connect(): Promise<void> {}

  /** Flushes and disconnects at shutdown. */
  async disconnect(): Promise<void> {}
}
