import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { UnitOfWork } from '@ddd-kit/database';
import { ForEachTenant } from '@ddd-kit/tenancy';
import { WMS_CONFIG, type WmsConfig } from '../../shared/config/wms.config.js';
import { StockShortages, type LowStockRow } from '../infrastructure/stock-shortages.js';

/** One tenant's low-stock report. */
export interface LowStockReportView {
  readonly tenantId: string;
  readonly generatedAt: string;
  /** Rows with `available` at or below this are low. */
  readonly threshold: number;
  /** How many stock rows (a SKU at a location) are low. */
  readonly lowStockRows: number;
  /** The lowest of them. */
  readonly lowest: readonly LowStockRow[];
}

/** How a run over every tenant went. */
export interface LowStockReportRun {
  readonly reports: readonly LowStockReportView[];
  readonly failed: readonly { readonly tenantId: string; readonly error: string }[];
}

const CRON_JOB = 'wms:low-stock-report';
// The report quotes the lowest rows; the count has them all.
const LOWEST_QUOTED = 20;

/**
 * The nightly low-stock report: on `LOW_STOCK_REPORT_CRON`, for each active tenant in turn (in
 * that tenant's context), counts the stock rows whose available quantity is at or below
 * `LOW_STOCK_THRESHOLD`, logs one structured line, and keeps the report in memory for
 * `GET /api/v1/reports/low-stock`. One tenant's failure is logged and stops no other.
 * Every instance runs it: the report only reads.
 */
@Injectable()
export class LowStockReport implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LowStockReport.name);
  private readonly latest = new Map<string, LowStockReportView>();
  private cron: CronJob | undefined;

  constructor(
    private readonly forEachTenant: ForEachTenant,
    private readonly stockLevels: StockShortages,
    private readonly unitOfWork: UnitOfWork,
    private readonly scheduler: SchedulerRegistry,
    @Inject(WMS_CONFIG) private readonly config: WmsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.lowStockReportCron,
      onTick: () => this.runScheduled(),
      waitForCompletion: true, // a slow run is never overlapped by the next tick
    });
    this.scheduler.addCronJob(CRON_JOB, job);
    job.start();
    this.cron = job;
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('cron', CRON_JOB)) this.scheduler.deleteCronJob(CRON_JOB);
    this.cron = undefined;
  }

  /** Runs the report for every active tenant now, as the schedule does. */
  async runForEveryTenant(): Promise<LowStockReportRun> {
    const reports: LowStockReportView[] = [];
    const outcome = await this.forEachTenant.forEachTenant('low-stock-report', async (tenantId) => {
      reports.push(await this.runForTenant(tenantId));
    });
    return {
      reports,
      failed: outcome.failed.map(({ tenantId, error }) => ({ tenantId, error: String(error) })),
    };
  }

  /** When the schedule runs the report next; `null` when it is not scheduled. */
  nextRunAt(): Date | null {
    return this.cron?.isActive ? this.cron.nextDate().toJSDate() : null;
  }

  /** The tenant's last report since this process started, if any. */
  latestFor(tenantId: string): LowStockReportView | undefined {
    return this.latest.get(tenantId);
  }

  // Runs inside the tenant's context (ForEachTenant), so the read model's tenant predicate holds.
  private async runForTenant(tenantId: string): Promise<LowStockReportView> {
    const threshold = this.config.lowStockThreshold;
    const { count, lowest } = await this.unitOfWork.run(() =>
      this.stockLevels.lowStock(threshold, LOWEST_QUOTED),
    );
    const report: LowStockReportView = {
      tenantId,
      generatedAt: new Date().toISOString(),
      threshold,
      lowStockRows: count,
      lowest,
    };
    this.latest.set(tenantId, report);
    this.logger.log({
      msg: 'Low-stock report',
      report: 'low-stock',
      tenantId,
      threshold,
      lowStockRows: count,
    });
    return report;
  }

  private async runScheduled(): Promise<void> {
    const { reports, failed } = await this.runForEveryTenant();
    this.logger.log({ msg: 'Low-stock reports done', tenants: reports.length, failed: failed.length });
  }
}
