import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MikroORM } from '@mikro-orm/core';
import { CronJob } from 'cron';
import { OUTBOX_RETENTION_OPTIONS } from '../outbox.constants.js';
import type { ResolvedRetentionOptions } from './outbox-retention.options.js';

const JOB_NAME = 'ddd-kit:outbox-retention';
const DAY_MS = 24 * 60 * 60 * 1000;

// Published rows only, oldest first, skipping rows another instance is deleting right now.
const DELETE_BATCH_SQL = `
  delete from outbox_messages
   where id in (
     select id from outbox_messages
      where status = 'published' and published_at < ?
      order by published_at
      limit ?
        for update skip locked)`;

/**
 * Deletes published outbox rows older than the retention period, on a @nestjs/schedule cron job,
 * in bounded batches. Pending and dead rows are never touched, whatever their age.
 */
@Injectable()
export class OutboxRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRetention.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly scheduler: SchedulerRegistry,
    @Inject(OUTBOX_RETENTION_OPTIONS) private readonly options: ResolvedRetentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    const job = CronJob.from({
      cronTime: this.options.cron,
      onTick: () => this.runScheduled(),
      waitForCompletion: true, // a slow purge is never overlapped by the next tick
    });
    this.scheduler.addCronJob(JOB_NAME, job);
    job.start();
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('cron', JOB_NAME)) this.scheduler.deleteCronJob(JOB_NAME);
  }

  /**
   * Deletes published rows older than `keepPublishedDays` before `now`, batch after batch, and
   * returns how many went.
   */
  async purgePublished(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.keepPublishedDays * DAY_MS);
    const connection = this.orm.em.getConnection();
    let deleted = 0;
    for (;;) {
      const { affectedRows } = (await connection.execute(
        DELETE_BATCH_SQL,
        [cutoff, this.options.batchSize],
        'run',
      )) as { affectedRows: number };
      deleted += affectedRows;
      if (affectedRows < this.options.batchSize) return deleted;
    }
  }

  private async runScheduled(): Promise<void> {
    try {
      const deleted = await this.purgePublished();
      if (deleted > 0) this.logger.log({ msg: 'Deleted old published outbox rows', deleted });
    } catch (error) {
      this.logger.error({ msg: 'Outbox retention failed; the next run retries', error: String(error) });
    }
  }
}
