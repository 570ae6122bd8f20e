import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { UnitOfWork, UnitOfWorkRequiredError } from '@ddd-kit/database';
import { ProjectorCatalog } from '../discovery/projector-catalog.js';
import { ConsistencyTokenInvalidError } from '../errors/projector.errors.js';
import { ProjectionSource } from '../sources/projection-source.js';
import { ProjectionStore } from '../store/projection-store.js';

const PREFIX = 'v1.';
const POLL_MS = 10;

/** Options of a read-your-writes wait. */
export interface ConsistencyWaitOptions {
  /** Projectors to wait for. @default every projector */
  readonly projectors?: readonly string[];
  /** Give up after this long and report stale data. @default 2000 */
  readonly timeoutMs?: number;
}

/**
 * Read-your-writes. A consistency token names the transaction that wrote a command's events (its
 * id, `pg_current_xact_id()`, which every outbox row of it carries). A query that gets the token
 * back waits, within a bound, until the projectors have applied those events.
 */
@Injectable()
export class ConsistencyTokens {
  constructor(
    private readonly catalog: ProjectorCatalog,
    private readonly source: ProjectionSource,
    private readonly store: ProjectionStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * The token of the running unit of work's transaction.
   * @throws UnitOfWorkRequiredError outside a unit of work: the token would name a transaction
   *   of its own, which wrote nothing, and every wait for it would pass at once
   */
  async capture(): Promise<string> {
    if (!this.unitOfWork.isActive) throw new UnitOfWorkRequiredError('ConsistencyTokens.capture');
    const [row] = await this.store.query<{ tx: string }>('select pg_current_xact_id()::text as tx');
    return `${PREFIX}${row!.tx}`;
  }

  /**
   * Waits until the projectors have passed the token's transaction.
   * @returns whether they did within the timeout (false: what they serve is stale)
   * @throws ConsistencyTokenInvalidError when the token was not issued by `capture`
   */
  async waitFor(token: string, options: ConsistencyWaitOptions = {}): Promise<boolean> {
    const txId = parseToken(token);
    const projectors = options.projectors?.map((name) => this.catalog.get(name)) ?? this.catalog.all();
    const deadline = Date.now() + (options.timeoutMs ?? 2_000);
    let waiting = projectors;
    for (;;) {
      const passed = await Promise.all(
        waiting.map(async (projector) =>
          this.source.hasPassed(projector, txId, await this.store.checkpoints(projector.name)),
        ),
      );
      waiting = waiting.filter((_, index) => !passed[index]);
      if (waiting.length === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
  }
}

// Transaction ids are xid8: PostgreSQL would clamp a larger number to the maximum rather than fail.
const MAX_XID8 = 2n ** 64n - 1n;

function parseToken(token: string): string {
  const txId = token.startsWith(PREFIX) ? token.slice(PREFIX.length) : '';
  if (!/^\d{1,20}$/.test(txId) || BigInt(txId) > MAX_XID8) throw new ConsistencyTokenInvalidError(token);
  return txId;
}
