import type { ConsumerConfig, KafkaConfig } from 'kafkajs';
import type { Registry } from 'prom-client';

/** Kafka as the projectors' source. */
export interface KafkaSourceOptions {
  readonly brokers: readonly string[];
  /** @default 'ddd-kit-projector' */
  readonly clientId?: string;
  /** Consumer group of projector `name`: `<groupIdPrefix><name>`. @default 'projector.' */
  readonly groupIdPrefix?: string;
  /** Topics of projectors whose events declare none. @default [] */
  readonly topics?: readonly string[];
  /** Extra kafkajs client settings (SSL, SASL, retry…). @default {} */
  readonly kafka?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
  /**
   * Extra kafkajs consumer settings (`sessionTimeout`, `heartbeatInterval`…), for the
   * projectors' groups and the rebuild's. @default {}
   */
  readonly consumer?: Omit<ConsumerConfig, 'groupId'>;
}

/** Options of `ProjectorModule.forRoot`. */
export interface ProjectorModuleOptions {
  /**
   * Where events come from: committed outbox rows read in commit order (`'outbox'`), or Kafka
   * (one consumer group per projector). Handlers are the same for both.
   */
  readonly source: 'outbox' | { readonly kafka: KafkaSourceOptions };
  /**
   * Run the projectors in this process. Off for processes that only query (status, consistency
   * waits, rebuilds).
   * @default true
   */
  readonly enabled?: boolean;
  /** Events per transaction. @default 200 */
  readonly batchSize?: number;
  /** Attempts at a failing event before it is parked. @default 5 */
  readonly maxAttempts?: number;
  /** First retry delay; it doubles per attempt, with jitter. @default 50 */
  readonly retryDelayMs?: number;
  /** Outbox source: poll interval when no NOTIFY arrives. @default 1000 */
  readonly pollIntervalMs?: number;
  /** Metrics registry. @default prom-client's global `register` */
  readonly metrics?: { readonly registry?: Registry };
}

export type ResolvedProjectorOptions = Required<
  Pick<ProjectorModuleOptions, 'enabled' | 'batchSize' | 'maxAttempts' | 'retryDelayMs' | 'pollIntervalMs'>
> &
  ProjectorModuleOptions;

export function resolveProjectorOptions(options: ProjectorModuleOptions): ResolvedProjectorOptions {
  const resolved = {
    enabled: true,
    batchSize: 200,
    maxAttempts: 5,
    retryDelayMs: 50,
    pollIntervalMs: 1_000,
    ...options,
  };
  for (const key of ['batchSize', 'maxAttempts', 'pollIntervalMs'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new TypeError(`ProjectorModule ${key} must be a positive integer, got ${resolved[key]}`);
  }
  return resolved;
}
