/** Why the Kafka test broker could not do what was asked. */
export type KafkaTestBrokerErrorCode =
  /** `librdkafka-dev` (its `rdkafka_mock.h` and `librdkafka.so`) is not installed. */
  | 'LIBRDKAFKA_MISSING'
  /** No C compiler (`cc`, or `$CC`) to build the mock broker launcher. */
  | 'C_COMPILER_MISSING'
  /** The launcher did not compile for another reason; the compiler output is in the message. */
  | 'COMPILE_FAILED'
  /** The launcher did not print its bootstrap servers in time, or exited first. */
  | 'START_FAILED'
  /** The mock cluster refused a command, e.g. an unknown broker id. */
  | 'COMMAND_FAILED'
  /** The broker was stopped (or died) before the command. */
  | 'BROKER_STOPPED'
  /** Fault injection was asked of a real broker given by `KAFKA_BROKERS`. */
  | 'EXTERNAL_BROKER';

/**
 * A failure of the Kafka test broker itself (not of the code under test). `code` is stable, so
 * tests can tell e.g. a missing `librdkafka-dev` from a refused command; `message` says how to
 * fix it.
 */
export class KafkaTestBrokerError extends Error {
  constructor(
    /** Stable reason. */
    readonly code: KafkaTestBrokerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KafkaTestBrokerError';
  }
}
