import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';

/** Removes every key of the app's job queues from the shared Redis, before the app closes. */
export async function obliterateJobQueues(app: INestApplicationContext): Promise<void> {
  for (const name of ['imports', 'reports']) {
    await app.get<Queue>(getQueueToken(name), { strict: false }).obliterate({ force: true });
  }
}
