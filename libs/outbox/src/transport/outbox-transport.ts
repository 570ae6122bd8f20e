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

/**
 * The headers as JSON text. The relay's envelopes carry the text the outbox row stores
 * (`headersJson`) and parse it only when `headers` is read, so a transport that ships text, such
 * as `KafkaTransport` to its worker thread, takes it as is; other envelopes are serialized.
 */
export function headersJsonOf(envelope: OutboxEnvelope): string {
  const stored = (envelope as { readonly headersJson?: unknown }).headersJson;
  return typeof stored === 'string' ? stored : JSON.stringify(envelope.headers);
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
