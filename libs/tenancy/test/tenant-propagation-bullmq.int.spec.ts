import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { BullModule, getQueueToken, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { UnitOfWork } from '@ddd-kit/database';
import { TenantAwareProcessor, TenantContext } from '@ddd-kit/tenancy';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Warehouse } from './fixture/warehouse.aggregate.js';
import { WarehouseRepository } from './fixture/warehouse.repository.js';
import { startWarehouseTestModule } from './fixture/warehouse-test-module.js';

const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');

/** One attempt of a job, as the worker saw it. */
interface Attempt {
  readonly jobId: string;
  readonly attempt: number;
  readonly tenant: string | undefined;
  readonly correlationId: string | undefined;
  readonly visibleCodes: string[];
}

@Injectable()
class Attempts {
  readonly seen: Attempt[] = [];
}

@TenantAwareProcessor('tenancy-reports')
class ReportProcessor extends WorkerHost {
  constructor(
    private readonly attempts: Attempts,
    private readonly tenants: TenantContext,
    private readonly uow: UnitOfWork,
    private readonly warehouses: WarehouseRepository,
  ) {
    super();
  }

  async process(job: Job<{ failFirst?: boolean }>): Promise<void> {
    const visible = await this.uow.run(() => this.warehouses.find());
    this.attempts.seen.push({
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      tenant: this.tenants.tenantId(),
      correlationId: this.tenants.currentPassport().correlationId,
      visibleCodes: visible.map((w) => w.code).sort(),
    });
    if (job.data.failFirst && job.attemptsMade === 0) throw new Error('first attempt fails');
  }
}

describe('Tenant propagation through BullMQ', () => {
  let app: DatabaseTestModule;
  let queue: Queue;
  let tenants: TenantContext;

  beforeAll(async () => {
    app = await startWarehouseTestModule({
      imports: [
        BullModule.forRoot({
          connection: { host: REDIS.hostname, port: Number(REDIS.port || 6379) },
          prefix: `ddd-test-${randomUUID()}`,
        }),
        BullModule.registerQueue({ name: 'tenancy-reports' }),
      ],
      providers: [Attempts, ReportProcessor],
    });
    queue = app.module.get<Queue>(getQueueToken('tenancy-reports'));
    tenants = app.module.get(TenantContext);
    for (const tenant of ['acme', 'globex']) {
      await tenants.runForTenant(tenant, () =>
        app.module
          .get(UnitOfWork)
          .run(async () => app.module.get(WarehouseRepository).add(Warehouse.open(`${tenant}-J`))),
      );
    }
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await app?.close();
  });

  const attemptsOf = (jobId: string) => app.module.get(Attempts).seen.filter((a) => a.jobId === jobId);
  const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await sleep(20);
    }
  };

  it('runs a job enqueued in tenant B in tenant B, on the retry too', async () => {
    const job = await tenants.runForTenant(
      'globex',
      () => queue.add('report', { failFirst: true }, { attempts: 2, backoff: { type: 'fixed', delay: 50 } }),
      { correlationId: 'corr-job' },
    );
    await waitFor(() => attemptsOf(job.id!).length === 2);

    expect(attemptsOf(job.id!)).toEqual([
      { jobId: job.id, attempt: 1, tenant: 'globex', correlationId: 'corr-job', visibleCodes: ['globex-J'] },
      { jobId: job.id, attempt: 2, tenant: 'globex', correlationId: 'corr-job', visibleCodes: ['globex-J'] },
    ]);
  });

  it('carries the passport of each job of a bulk enqueue', async () => {
    const [first] = await tenants.runForTenant('acme', () => queue.addBulk([{ name: 'report', data: {} }]));
    await waitFor(() => attemptsOf(first!.id!).length === 1);
    expect(attemptsOf(first!.id!)[0]).toMatchObject({ tenant: 'acme', visibleCodes: ['acme-J'] });
  });

  it('runs a job enqueued without a tenant with none, so tenant data fails closed', async () => {
    const job = await queue.add('report', {}, { attempts: 1 });
    await waitFor(async () => (await job.getState()) === 'failed');
    const failed = await queue.getJob(job.id!);
    expect(failed?.failedReason).toContain('TENANT_CONTEXT_MISSING');
  });
});
