/**
 * The part of `peer.md` that does not change from run to run: how the peer moves an event, read
 * from the sources its packages ship (`bench/peer/node_modules/@fullstackhouse/<package>/src`), and how ddd-kit's path
 * differs. It explains the numbers above it.
 */
export const PEER_INTERNALS = `## How the peer works, and what that does to its numbers

Read from the sources of \`@fullstackhouse/nestjs-outbox\` 4.1.2 and its MikroORM driver 4.1.2
(shipped in the packages under \`src/\`).

- **Write.** \`emit(event, entities)\` forks a new EntityManager (\`orm.em.fork()\`), persists the
  entities and one \`outbox_transport_event\` row (bigserial id, the whole event object as a JSON
  payload, \`attempt_at = now\`, \`expire_at = now + retentionPeriod\`), flushes (one transaction)
  and clears the fork. An \`AFTER INSERT … FOR EACH ROW\` trigger sends \`pg_notify\` with the row id.
- **Wake-up.** \`RetryableOutboxEventPoller\` merges \`interval(pollingInterval)\` with the LISTEN
  client's notifications throttled by \`eventListenerThrottleMs\` (default 100 ms, leading and
  trailing), and runs polls one after another (\`concatMap\`). An event committed while a poll runs
  waits for that poll to end, then for the throttle window.
- **Claim.** A poll repeats, while batches come back full: one transaction that selects up to
  \`maxEventsPerPoll\` rows \`WHERE attempt_at <= now AND status = 'pending' … FOR UPDATE SKIP LOCKED\`
  (no \`ORDER BY\`: no order, per aggregate or otherwise), increments \`retry_count\` and pushes
  \`attempt_at\` to now + \`retryStrategy(retry_count)\` (2 s at the first claim by default), then
  commits. That pushed \`attempt_at\` is the only lease: the row locks end with the claim.
- **Deliver and complete.** Every claimed event of the batch is handed to its listeners at once
  (\`Promise.allSettled\`, each listener raced against \`maxExecutionTime\`); then, per event, a new
  fork records \`delivered_to_listeners\` and deletes the row: **one transaction per event**, next to
  one claim transaction per batch. The poll awaits the whole batch before claiming the next.
- **Failures.** A listener that throws leaves the row to be claimed again after the retry delay;
  after \`maxRetries\` claims the row is marked \`failed\` and handed to the \`onDeadLetter\`
  middleware hooks. Completion errors (the per-event flush) are swallowed by \`allSettled\` without
  a log line.

What follows for this workload:

- **Latency floor.** With an idle poller, the first event waits at most one throttle window; under
  load, a new event waits for the batch in flight (its listeners *and* its per-event completion
  transactions) plus up to one throttle window.
- **Database work per event.** Claim share + one completion transaction (UPDATE + DELETE) per event,
  sharing the connection pool with the commands. ddd-kit's relay claims and marks a whole batch in
  one statement each.
- **Duplicates.** A row whose batch takes longer than the lease (2 s) is claimed again by the next
  poll; \`delivered_to_listeners\` only protects listeners whose completion already committed.
- **Delivered rows left behind (seen while building this benchmark).** In some runs on the shared
  development machine, rows whose listener had run were never deleted: they stayed \`pending\` with
  \`delivered_to_listeners\` filled in and \`retry_count\` climbing at every re-claim (e.g. 500 of
  2,300 rows, retry counts 2–3, after a 2,000-command run; 1,150 of 3,300 with a 10 ms throttle;
  2,897 of 3,300 with \`maxEventsPerPoll\` 10, the README's example). The listener was not called
  again, so no duplicate was seen, but the rows are re-claimed until \`maxRetries\` and then go to
  the dead letters although delivered, and each re-claim takes a slot of a batch. The per-event
  flush error is swallowed, so nothing is logged; the likely cause (unverified) is that the
  completion fork \`persist\`s and \`remove\`s an entity managed by the claim's EntityManager,
  which MikroORM 6 drops from the delete when the entity is no longer marked managed. The
  "outbox rows left" column and the correctness list above show whether it happened in this run.

## How ddd-kit's path differs

- **Write.** One unit of work per command: the aggregate row and the outbox row (from \`OutboxSink\`
  at flush) commit together; the \`outbox_messages\` insert trigger sends NOTIFY.
- **Relay.** \`OutboxRelay\` wakes on NOTIFY without a throttle window, claims up to 500 rows in a
  transaction that holds their locks (\`FOR UPDATE SKIP LOCKED\`) until the outcome is written,
  keeps per-aggregate order, and pipelines: while one batch is at the transport, the next is
  claimed and the previous one's outcome written (one statement per batch).
- **In-process**: \`InProcessTransport\` awaits the \`@EventsHandler\`s of each event, aggregates side
  by side. **Kafka**: one \`sendBatch\` per batch (acks = all), a row is marked published only after
  the broker confirmed it; the consumer is a separate path with its own fetch wait (5 ms here, the
  mock cluster holds empty fetches for the whole wait).
- **At least once** in both cases: published rows are kept (status \`published\`) for retention,
  so "rows left" counts only rows not published.`;
