import { performance } from 'node:perf_hooks';
import type { ProjectorRunner } from '@ddd-kit/projector';

/** Where the projector's time went, summed over its batches since the last reset. */
export interface ProjectorPhases {
  /** `ProjectionApplier.apply` calls that got events. */
  readonly batches: number;
  /** Events the applier applied (not skipped, not parked). */
  readonly applied: number;
  readonly parked: number;
  /** The source loop, outside the transaction: reading its checkpoint, then the batch. */
  readonly sourceCheckpointMs: number;
  readonly readMs: number;
  /** The source loop's "rows behind the commit horizon?" check after a short batch. */
  readonly horizonChecks: number;
  readonly horizonMs: number;
  /** The whole `apply`: transaction begin to commit, and the after-commit work. */
  readonly applyMs: number;
  /** Inside the transaction: the projector's advisory lock, … */
  readonly lockMs: number;
  /** … reading the checkpoint again, … */
  readonly checkpointMs: number;
  /** … inserting the applied event ids (`on conflict do nothing returning`), … */
  readonly dedupeMs: number;
  /** … looking for parked lanes among the batch's aggregates, … */
  readonly parkedLanesMs: number;
  /** … and upserting the checkpoint. */
  readonly saveCheckpointMs: number;
  /** Statements the applier sent through its store (bookkeeping and the handlers' upserts). */
  readonly statements: number;
}

/** Called once a batch's transaction committed: its event ids and when (epoch ms). */
export type AppliedListener = (eventIds: readonly string[], committedAt: number) => void;

const NO_PHASES: ProjectorPhases = {
  batches: 0,
  applied: 0,
  parked: 0,
  sourceCheckpointMs: 0,
  readMs: 0,
  horizonChecks: 0,
  horizonMs: 0,
  applyMs: 0,
  lockMs: 0,
  checkpointMs: 0,
  dedupeMs: 0,
  parkedLanesMs: 0,
  saveCheckpointMs: 0,
  statements: 0,
};

type Async<A extends unknown[], R> = (...args: A) => Promise<R>;

/** The parts of the outbox source the probe wraps: private members of the library, read only here. */
interface OutboxSourceInternals {
  readonly outbox: {
    read: Async<never[], unknown>;
    blockedByHorizon: Async<never[], boolean>;
  };
  readonly applier: {
    apply: Async<
      [projector: never, events: readonly { readonly envelope: { readonly eventId: string } }[], ...never[]],
      { readonly applied: number; readonly parked: number }
    >;
  };
  readonly store: {
    lock: Async<never[], void>;
    checkpoint: Async<never[], unknown>;
    firstApplications: Async<never[], Set<string>>;
    parkedLanes: Async<never[], Set<string>>;
    saveCheckpoint: Async<never[], void>;
    query: Async<never[], unknown[]>;
  };
}

/**
 * Watches the real outbox projector from outside: wraps its source's reads, its applier's
 * `apply` and the store's bookkeeping statements with a clock and a counter, and calls through
 * unchanged. That tells when every event is applied and when each batch committed without
 * polling the database being measured, and where each batch's time goes.
 */
export class ProjectorProbe {
  private current: { -readonly [K in keyof ProjectorPhases]: number } = { ...NO_PHASES };
  private waiter: { applied: number; resolve: () => void } | undefined;
  private listener: AppliedListener | undefined;
  // One projector loop runs at a time, so "inside apply" is one flag.
  private applying = false;

  private constructor() {}

  /** Instruments the runner's outbox source; do it once, before starting it. */
  static attach(runner: ProjectorRunner): ProjectorProbe {
    const probe = new ProjectorProbe();
    // Private members on purpose: the probe observes the real projector, it does not replace it.
    const { outbox, applier, store } = runner['source'] as unknown as OutboxSourceInternals;
    const phases = () => probe.current;
    outbox.read = timed(outbox.read.bind(outbox), (ms) => void (phases().readMs += ms));
    outbox.blockedByHorizon = timed(outbox.blockedByHorizon.bind(outbox), (ms) => {
      phases().horizonChecks += 1;
      phases().horizonMs += ms;
    });
    store.lock = timed(store.lock.bind(store), (ms) => void (phases().lockMs += ms));
    store.checkpoint = timed(store.checkpoint.bind(store), (ms) => {
      if (probe.applying) phases().checkpointMs += ms;
      else phases().sourceCheckpointMs += ms;
    });
    store.firstApplications = timed(
      store.firstApplications.bind(store),
      (ms) => void (phases().dedupeMs += ms),
    );
    store.parkedLanes = timed(store.parkedLanes.bind(store), (ms) => void (phases().parkedLanesMs += ms));
    store.saveCheckpoint = timed(
      store.saveCheckpoint.bind(store),
      (ms) => void (phases().saveCheckpointMs += ms),
    );
    const query = store.query.bind(store);
    store.query = (...args) => {
      if (probe.applying) phases().statements += 1;
      return query(...args);
    };
    const apply = applier.apply.bind(applier);
    applier.apply = async (projector, events, ...rest) => {
      if (events.length === 0) return apply(projector, events, ...rest);
      const started = performance.now();
      probe.applying = true;
      try {
        const outcome = await apply(projector, events, ...rest);
        probe.recordBatch(events, outcome, performance.now() - started);
        return outcome;
      } finally {
        probe.applying = false;
      }
    };
    return probe;
  }

  /** Counters since the last reset. */
  get phases(): ProjectorPhases {
    return { ...this.current };
  }

  /** Starts counting from zero; reports each committed batch to `listener`, if given. */
  reset(listener?: AppliedListener): void {
    this.current = { ...NO_PHASES };
    this.waiter = undefined;
    this.listener = listener;
  }

  /** Resolves once `applied` events were applied since the last reset. */
  whenApplied(applied: number, timeoutMs: number): Promise<void> {
    if (this.current.applied >= applied) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`Only ${this.current.applied} of ${applied} events applied in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiter = {
        applied,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  private recordBatch(
    events: readonly { readonly envelope: { readonly eventId: string } }[],
    outcome: { readonly applied: number; readonly parked: number },
    ms: number,
  ): void {
    const committedAt = performance.timeOrigin + performance.now();
    this.current.batches += 1;
    this.current.applied += outcome.applied;
    this.current.parked += outcome.parked;
    this.current.applyMs += ms;
    this.listener?.(
      events.map((event) => event.envelope.eventId),
      committedAt,
    );
    if (this.waiter && this.current.applied >= this.waiter.applied) this.waiter.resolve();
  }
}

/** `fn`, timed: `record` gets each call's duration once it resolved. */
function timed<A extends unknown[], R>(fn: Async<A, R>, record: (ms: number) => void): Async<A, R> {
  return async (...args) => {
    const started = performance.now();
    const result = await fn(...args);
    record(performance.now() - started);
    return result;
  };
}
