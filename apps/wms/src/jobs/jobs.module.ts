import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import type { DefaultJobOptions } from 'bullmq';
import { CatalogModule } from '../catalog/catalog.module.js';
import { WMS_CONFIG, type WmsConfig } from '../shared/config/wms.config.js';
import { JobsController } from './api/jobs.controller.js';
import { JobService } from './application/job.service.js';
import { JobMetrics } from './infrastructure/job-metrics.js';
import { JobQueues } from './infrastructure/job-queues.js';
import { ImportsWorker, ReportsWorker } from './infrastructure/registered-jobs.worker.js';
import { StockShortages } from './infrastructure/stock-shortages.js';
import { LowStockReportController } from './low-stock/low-stock-report.controller.js';
import { LowStockReport } from './low-stock/low-stock-report.js';
import { JobRegistry } from './registry/job-registry.js';
import { WMS_QUEUES } from './registry/job-queues.js';
import { ReplenishmentSuggestionJob } from './replenishment/replenishment-suggestion.job.js';
import { SkuImportJob } from './sku-import/sku-import.job.js';

/** Retries, backoff and retention of every job, from the settings. */
function defaultJobOptions(config: WmsConfig): DefaultJobOptions {
  return {
    attempts: config.jobAttempts,
    backoff: { type: 'exponential', delay: config.jobBackoffMs },
    removeOnComplete: { age: config.jobKeepCompletedSeconds },
    // Failed jobs stay for inspection, the newest `jobKeepFailed` of each queue.
    removeOnFail: { count: config.jobKeepFailed },
  };
}

/** Background jobs (BullMQ) behind the task registry API, and the scheduled reports. */
@Module({
  imports: [
    DiscoveryModule,
    CatalogModule,
    BullModule.forRootAsync({
      inject: [WMS_CONFIG],
      // The app's Redis prefix keeps apps (and parallel test runs) sharing a Redis apart.
      useFactory: (config: WmsConfig) => ({
        connection: { url: config.redisUrl },
        prefix: config.redisPrefix,
      }),
    }),
    BullModule.registerQueueAsync(
      ...Object.values(WMS_QUEUES).map((name) => ({
        name,
        inject: [WMS_CONFIG],
        useFactory: (config: WmsConfig) => ({ defaultJobOptions: defaultJobOptions(config) }),
      })),
    ),
  ],
  controllers: [JobsController, LowStockReportController],
  providers: [
    JobRegistry,
    JobQueues,
    JobMetrics,
    JobService,
    ImportsWorker,
    ReportsWorker,
    StockShortages,
    LowStockReport,
    // Job types: one class each.
    SkuImportJob,
    ReplenishmentSuggestionJob,
  ],
  exports: [LowStockReport],
})
export class JobsModule {}
