import { now } from './delivery-log';

/** What a round of commands did. */
export interface IssuedCommands {
  readonly startedAt: number;
  readonly committedAt: (number | null)[];
  readonly failed: number;
  readonly firstFailure: string | null;
}

/**
 * Runs `count` commands through `concurrency` callers, each taking the next index as soon as its
 * previous command returned (a closed loop, as a fixed pool of request handlers would). The
 * commit time is taken right after the command returns.
 */
export async function issueCommands(
  count: number,
  concurrency: number,
  command: (index: number) => Promise<void>,
): Promise<IssuedCommands> {
  const committedAt = new Array<number | null>(count).fill(null);
  let next = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  const startedAt = now();
  const caller = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      try {
        await command(index);
        committedAt[index] = now();
      } catch (error) {
        failed += 1;
        firstFailure ??= error instanceof Error ? error.stack ?? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, caller));
  return { startedAt, committedAt, failed, firstFailure };
}
