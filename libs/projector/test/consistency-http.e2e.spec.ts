import { Body, Controller, Get, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { EntityManager, MikroORM } from '@mikro-orm/core';
import { DatabaseModule } from '@ddd-kit/database';
import { OUTBOX_MIGRATIONS, OutboxModule } from '@ddd-kit/outbox';
import {
  CONSISTENCY_TOKEN_HEADER,
  ConsistencyInterceptor,
  PROJECTOR_MIGRATIONS,
  ProjectorModule,
  ProjectorRunner,
  STALE_HEADER,
} from '@ddd-kit/projector';
import { createTestDatabase, type TestDatabase } from '@ddd-kit/testing';
import { StockItemRepository, StockWriter } from './fixture/projector-test-module.js';
import { Migration20261122StockItems, StockItem } from './fixture/stock.aggregate.js';
import { StockLevelsProjector } from './fixture/stock-levels.projector.js';

@Controller('stock')
class StockController {
  constructor(
    private readonly writer: StockWriter,
    private readonly em: EntityManager,
  ) {}

  @Post()
  async register(@Body() body: { sku: string }): Promise<{ id: string }> {
    return { id: await this.writer.register(body.sku) };
  }

  @Post(':id/receipts')
  async receive(@Param('id') id: string, @Body() body: { quantity: number }): Promise<void> {
    await this.writer.receive(id, [body.quantity]);
  }

  // A query of the read model, outside any unit of work.
  @Get(':id')
  async level(@Param('id') id: string): Promise<{ onHand: number }> {
    const [row] = (await this.em
      .getConnection()
      .execute('select on_hand from stock_levels where item_id = ?', [id])) as { on_hand: number }[];
    if (!row) throw new NotFoundException();
    return { onHand: row.on_hand };
  }
}

describe('ConsistencyInterceptor over HTTP', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    @Module({
      imports: [
        DatabaseModule.forRoot({
          url: database.url,
          entities: [StockItem],
          migrations: {
            list: [
              ...OUTBOX_MIGRATIONS,
              ...PROJECTOR_MIGRATIONS,
              { name: 'Migration20261122StockItems', class: Migration20261122StockItems },
            ],
          },
        }),
        OutboxModule.forRoot({}),
        // A long poll interval: the projector wakes on the outbox's NOTIFY.
        ProjectorModule.forRoot({ source: 'outbox', pollIntervalMs: 5_000 }),
      ],
      controllers: [StockController],
      providers: [
        StockItemRepository,
        StockWriter,
        StockLevelsProjector,
        { provide: APP_INTERCEPTOR, useExisting: ConsistencyInterceptor },
      ],
    })
    class StockHttpModule {}
    const moduleRef = await Test.createTestingModule({ imports: [StockHttpModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.get(MikroORM).migrator.up();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  }, 30_000);

  it('answers a write with a token, and a read that sends it back sees the write', async () => {
    const created = await app.inject({ method: 'POST', url: '/stock', payload: { sku: 'HTTP-1' } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const registered = created.headers[CONSISTENCY_TOKEN_HEADER];
    expect(registered).toMatch(/^v1\.\d+$/);

    const received = await app.inject({
      method: 'POST',
      url: `/stock/${id}/receipts`,
      payload: { quantity: 7 },
      headers: { [CONSISTENCY_TOKEN_HEADER]: String(registered) },
    });
    expect(received.statusCode).toBe(201);
    const token = received.headers[CONSISTENCY_TOKEN_HEADER];
    expect(token).toMatch(/^v1\.\d+$/);
    expect(token).not.toBe(registered);

    const read = await app.inject({
      method: 'GET',
      url: `/stock/${id}`,
      headers: { [CONSISTENCY_TOKEN_HEADER]: String(token) },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ onHand: 7 });
    expect(read.headers[STALE_HEADER]).toBeUndefined();
    // A read writes nothing, so it hands out no token.
    expect(read.headers[CONSISTENCY_TOKEN_HEADER]).toBeUndefined();
  }, 30_000);

  it('answers x-stale when the projectors did not pass the token in time', async () => {
    const created = await app.inject({ method: 'POST', url: '/stock', payload: { sku: 'HTTP-2' } });
    const { id } = created.json<{ id: string }>();
    const registered = await app.inject({
      method: 'GET',
      url: `/stock/${id}`,
      headers: { [CONSISTENCY_TOKEN_HEADER]: String(created.headers[CONSISTENCY_TOKEN_HEADER]) },
    });
    expect(registered.statusCode).toBe(200);
    const runner = app.get(ProjectorRunner);
    await runner.stop();
    try {
      const received = await app.inject({
        method: 'POST',
        url: `/stock/${id}/receipts`,
        payload: { quantity: 3 },
      });
      const token = String(received.headers[CONSISTENCY_TOKEN_HEADER]);
      expect(token).toMatch(/^v1\.\d+$/);
      const started = Date.now();
      const read = await app.inject({
        method: 'GET',
        url: `/stock/${id}`,
        headers: { [CONSISTENCY_TOKEN_HEADER]: token },
      });
      // Answered after the bounded wait, with what the model has, flagged as stale.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
      expect(read.headers[STALE_HEADER]).toBe('true');
      expect([read.statusCode, read.json()]).toEqual([200, { onHand: 0 }]);
    } finally {
      await runner.start();
    }
  }, 30_000);

  it('serves concurrent requests each with its own token', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        app.inject({ method: 'POST', url: '/stock', payload: { sku: `HTTP-C${i}` } }),
      ),
    );
    const tokens = responses.map((response) => String(response.headers[CONSISTENCY_TOKEN_HEADER]));
    expect(new Set(tokens).size).toBe(8);
    const reads = await Promise.all(
      responses.map((response, i) =>
        app.inject({
          method: 'GET',
          url: `/stock/${response.json<{ id: string }>().id}`,
          headers: { [CONSISTENCY_TOKEN_HEADER]: tokens[i]! },
        }),
      ),
    );
    expect(reads.map((read) => [read.statusCode, read.headers[STALE_HEADER]])).toEqual(
      Array.from({ length: 8 }, () => [200, undefined]),
    );
  }, 30_000);
});
