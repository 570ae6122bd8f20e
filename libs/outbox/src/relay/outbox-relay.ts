import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from '@ddd-kit/database';
import { OutboxMetrics } from '../metrics/outbox-metrics.js';
import { OutboxListener } from '../notify/outbox-listener.js';
import { OUTBOX_RELAY_OPTIONS } from '../outbox.constants.js';
import { OutboxTransport, type DeliveryResult } from '../transport/outbox-transport.js';
import type { ResolvedRelayOptions } from './outbox-relay.options.js';
import {
  OutboxStore,
  RELAY_LISTENER_APPLICATION_NAME,
  type ClaimedBatch,
  type LaneHash,
} from './outbox-store.js';
import { settleDeliveries } from './settle-deliveries.js';

/** A claimed batch, when it was claimed, and the timer of its round (claim to settled). */
interface Round {
  readonly batch: ClaimedBatch;
  readonly claimedAt: number;
  readonly endRound: () => void;
}

/**
 * Moves committed outbox rows to the transport. Several instances may run at once (a claimed
 * batch stays locked, `FOR UPDATE SKIP LOCKED`, in a transaction that is open until its outcome
 * is written), each aggregate's rows leave in insert order, a row is marked published only after
 * the broker confirmed it, and failures back off, then park only their own lane. It wakes on
 * NOTIFY after commits and polls as a fallback.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  /** This instance's name in logs. */
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: OutboxListener | undefined;
  private wake: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  // Set by NOTIFY; a notification during a round means another round right away, not a nap.
  private notified = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: ResolvedRelayOptions,
    @Inject(DATABASE_MODULE_OPTIONS) private readonly database: DatabaseModuleOptions,
    private readonly metrics: OutboxMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.store.close();
  }

  /** Starts relaying in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.stopping;
    this.stopping = undefined;
    await this.transport.connect();
    if (this.options.listen) await this.listen();
    this.running = true;
    this.loop = this.run();
    this.logger.log({
      msg: 'Outbox relay started',
      relayId: this.id,
      transport: this.transport.constructor.name,
      listen: this.options.listen,
    });
  }

  /**
   * Claims nothing new, lets the round in flight settle, then disconnects. Every caller waits for
   * the same settlement, so a second `stop()` (e.g. the app closing) never returns early.
   */
  stop(): Promise<void> {
    if (!this.running && !this.stopping) return Promise.resolve();
    return (this.stopping ??= this.settle());
  }

  private async settle(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.stop();
    this.listener = undefined;
    await this.transport.disconnect();
    this.logger.log({ msg: 'Outbox relay stopped', relayId: this.id });
  }

  /**
   * One round: claim a batch, publish it in one go, write the outcome back. Returns how many rows
   * were claimed. Exposed for operations and tests; the background loop pipelines the same steps.
   */
  async relayOnce(): Promise<number> {
    const round = await this.claim([]);
    if (!round) return 0;
    await this.writeBack(round, await this.send(round));
    return round.batch.messages.length;
  }

  /**
   * The background loop, pipelined: while batch n is at the broker, batch n+1 is claimed and the
   * outcome of batch n−1 is written, so the database work hides behind the send. One batch is at
   * the broker at a time. Per-aggregate order holds because a claim takes no row of a lane that
   * has a row in another open batch: the rows of open batches are locked (a claim skips them and,
   * through its lane check, the rest of their lanes), and this relay's own open batches are named
   * to the claim, so that their lanes do not fill its window either. A batch stays open until its
   * outcome is committed; from then on a failed row's backoff (or death) holds back the rest of
   * its lane (relay-pipeline test).
   */
  private async run(): Promise<void> {
    let ready: Round | undefined; // claimed, next to go to the broker
    let sent: { round: Round; results: DeliveryResult[] } | undefined; // back, outcome not written
    let more = true; // worth claiming again without waiting for a notification
    while (this.running || ready || sent) {
      // (Types spelled out: inference goes round in circles through the loop's narrowing.)
      const claimNow: boolean = this.running && (more || this.notified);
      this.notified = false;
      // Stopping: a batch not sent yet goes back. So does one that waited behind a slow send
      // for half its hold time, rather than have PostgreSQL end its transaction at the broker.
      if (ready && (!this.running || performance.now() - ready.claimedAt > this.options.leaseMs / 2)) {
        await this.giveBack(ready);
        ready = undefined;
      }
      const open = [...(ready?.batch.lanes ?? []), ...(sent?.round.batch.lanes ?? [])];
      const claiming: Promise<Round | undefined> | undefined = claimNow ? this.claimSafely(open) : undefined;
      const writing = sent && this.writeBackSafely(sent.round, sent.results);
      // The statements go out first and the send one event-loop turn later: a transport may do
      // CPU work on this thread (KafkaTransport encodes the batch here, unless `sendInWorker`),
      // and PostgreSQL should not wait for that.
      if (ready) await setImmediate();
      const sending = ready && this.send(ready);
      const [next, results]: [Round | undefined, DeliveryResult[] | undefined] = await Promise.all([
        claiming,
        sending,
      ]);
      await writing;
      // A written batch frees its lanes, which this iteration's claim had to skip: claim again.
      more = next?.batch.messages.length === this.options.batchSize || writing !== undefined;
      sent = ready && results && { round: ready, results };
      ready = next;
      if (!ready && !sent && !more && this.running && !this.notified) {
        await this.idle();
        more = true;
      }
    }
  }

  /** Claims the next batch, leaving the lanes of this relay's open batches alone. */
  private async claim(open: readonly LaneHash[]): Promise<Round | undefined> {
    const endRound = this.metrics.startRound();
    const claimedAt = performance.now();
    const batch = await this.store.claim({
      limit: this.options.batchSize,
      holdMs: this.options.leaseMs,
      skipLanes: open,
    });
    return batch && { batch, claimedAt, endRound };
  }

  private async claimSafely(open: readonly LaneHash[]): Promise<Round | undefined> {
    try {
      return await this.claim(open);
    } catch (error) {
      // Database trouble: nothing is held; the loop naps for the poll interval.
      this.logger.error({ msg: 'Outbox relay claim failed', relayId: this.id, error: errorMessage(error) });
      return undefined;
    }
  }

  private async writeBackSafely(round: Round, results: readonly DeliveryResult[]): Promise<void> {
    try {
      await this.writeBack(round, results);
    } catch (error) {
      // Nothing was committed: the rows are pending again and go out once more.
      this.logger.error({
        msg: 'Outbox relay could not record a batch; it will be sent again',
        relayId: this.id,
        error: errorMessage(error),
      });
    }
  }

  private async giveBack({ batch }: Round): Promise<void> {
    await batch.giveBack().catch((error: unknown) =>
      this.logger.warn({
        msg: 'Outbox relay could not give a batch back',
        relayId: this.id,
        error: errorMessage(error),
      }),
    );
  }

  // Never rejects: the pipeline holds this promise while it claims and settles, and a rejection
  // nobody awaits yet would take the process down. A transport that throws despite its contract
  // fails the whole batch, which then backs off like any failed send.
  private async send({ batch }: Round): Promise<DeliveryResult[]> {
    try {
      return await this.transport.publish(batch.messages);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return batch.messages.map(() => ({ ok: false as const, error: failure }));
    }
  }

  /**
   * Writes a sent batch's outcome and commits, then counts and logs it. Rows held back behind a
   * failure in their lane need no write: the commit frees them untouched.
   */
  private async writeBack({ batch, endRound }: Round, results: readonly DeliveryResult[]): Promise<void> {
    const { published, failed } = settleDeliveries(batch.messages, results, this.options);
    await batch.settle(published, failed);
    endRound();

    const byId = new Map(batch.messages.map((message) => [message.id, message]));
    this.metrics.published(published.map(({ id }) => byId.get(id)?.topic ?? ''));
    for (const failure of failed) {
      const message = byId.get(failure.id);
      const outcome = failure.retryAt ? 'retry' : 'dead';
      this.metrics.failed(message?.topic ?? '', outcome);
      this.logger[outcome === 'dead' ? 'error' : 'warn']({
        msg:
          outcome === 'dead' ? 'Outbox message is dead; its aggregate waits' : 'Outbox send failed; retrying',
        messageId: failure.id,
        eventType: message?.eventType,
        aggregateType: message?.aggregateType,
        aggregateId: message?.aggregateId,
        attempts: (message?.attempts ?? 0) + 1,
        retryAt: failure.retryAt?.toISOString(),
        error: failure.error,
      });
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  // A session of its own (LISTEN needs one, outside the pool) that reconnects after a PostgreSQL
  // restart and then wakes the loop; meanwhile the poll keeps the outbox moving.
  private async listen(): Promise<void> {
    this.listener = new OutboxListener({
      url: this.database.url,
      name: RELAY_LISTENER_APPLICATION_NAME,
      onNotify: () => {
        this.notified = true;
        this.wake?.();
      },
    });
    await this.listener.start();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
