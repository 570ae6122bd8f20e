import { setTimeout as sleep } from 'node:timers/promises';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { MikroORM } from '@mikro-orm/core';
import { SignJWT } from 'jose';
import { DatabaseModule, PassportContext, UnitOfWork } from '@ddd-kit/database';
import { OUTBOX_MIGRATIONS, OutboxModule } from '@ddd-kit/outbox';
import {
  HeaderTenantResolver,
  JwtPassportResolver,
  StaticTenantRegistry,
  SubdomainTenantResolver,
  TenancyModule,
  TenantContext,
  WithoutTenant,
} from '@ddd-kit/tenancy';
import { createTestDatabase, type TestDatabase } from '@ddd-kit/testing';
import { DddErrorFilter } from './fixture/ddd-error.filter.js';
import { Bin, Migration20261120Warehouses, Warehouse } from './fixture/warehouse.aggregate.js';
import { WarehouseRepository } from './fixture/warehouse.repository.js';

const SECRET = 'test-secret-with-enough-entropy-0123456789';

@Controller()
class WarehousesController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly warehouses: WarehouseRepository,
    private readonly tenants: TenantContext,
    private readonly passport: PassportContext,
  ) {}

  @Post('warehouses')
  async open(@Body() body: { code: string }): Promise<{ id: string }> {
    return this.uow.run(async () => {
      const warehouse = Warehouse.open(body.code);
      this.warehouses.add(warehouse);
      return { id: warehouse.id };
    });
  }

  @Get('warehouses')
  async list(): Promise<{ tenant: string | undefined; codes: string[] }> {
    const found = await this.warehouses.find();
    return { tenant: this.tenants.tenantId(), codes: found.map((w) => w.code).sort() };
  }

  /** Reads the context at several points around awaits and a query, to catch any mixing. */
  @Get('probe/:n')
  async probe(@Param('n') n: string): Promise<{ n: string; seen: (string | undefined)[]; owners: string[] }> {
    const seen = [this.tenants.tenantId()];
    await sleep(Math.random() * 20);
    seen.push(this.tenants.tenantId());
    const found = await this.warehouses.find();
    seen.push(this.tenants.tenantId());
    await new Promise<void>((resolve) => setImmediate(resolve));
    seen.push(this.passport.current().tenantId);
    return { n, seen, owners: [...new Set(found.map((w) => w.tenantId))] };
  }

  @Get('health')
  @WithoutTenant()
  health(): { tenant: string | null; correlationId: string | undefined } {
    return { tenant: this.tenants.tenantId() ?? null, correlationId: this.passport.current().correlationId };
  }

  @Get('me')
  me() {
    return this.passport.current();
  }
}

describe('Tenancy over HTTP (Fastify)', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    @Module({
      imports: [
        DatabaseModule.forRoot({
          url: database.url,
          entities: [Warehouse, Bin],
          migrations: {
            list: [
              ...OUTBOX_MIGRATIONS,
              { name: 'Migration20261120Warehouses', class: Migration20261120Warehouses },
            ],
          },
        }),
        OutboxModule.forRoot({ relay: { enabled: false }, retention: { enabled: false } }),
        TenancyModule.forRoot({
          registry: new StaticTenantRegistry([
            'acme',
            'globex',
            'initech',
            { id: 'umbrella', active: false },
          ]),
          resolvers: [
            new HeaderTenantResolver(),
            new JwtPassportResolver({ secret: SECRET }),
            new SubdomainTenantResolver('wms.test'),
          ],
        }),
      ],
      controllers: [WarehousesController],
      providers: [WarehouseRepository, { provide: APP_FILTER, useClass: DddErrorFilter }],
    })
    class TestAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.get(MikroORM).migrator.up();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    for (const tenant of ['acme', 'globex', 'initech']) {
      for (const code of ['A', 'B']) await post(tenant, `${tenant}-${code}`);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const post = (tenant: string, code: string) =>
    app.inject({ method: 'POST', url: '/warehouses', headers: { 'x-tenant-id': tenant }, payload: { code } });
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const token = (claims: Record<string, string>, secret = SECRET) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));

  it('serves each tenant its own rows, named by the x-tenant-id header', async () => {
    const response = await get('/warehouses', { 'x-tenant-id': 'globex' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ tenant: 'globex', codes: ['globex-A', 'globex-B'] });
  });

  it.each([
    ['no tenant', {}, 400, 'TENANT_REQUIRED'],
    ['a malformed tenant id', { 'x-tenant-id': "acme' or 1=1" }, 400, 'TENANT_ID_INVALID'],
    ['an over-long tenant id', { 'x-tenant-id': 'a'.repeat(65) }, 400, 'TENANT_ID_INVALID'],
    ['an unknown tenant', { 'x-tenant-id': 'hooli' }, 403, 'TENANT_UNKNOWN'],
    ['a disabled tenant', { 'x-tenant-id': 'umbrella' }, 403, 'TENANT_UNKNOWN'],
  ])('refuses %s', async (_case, headers: Record<string, string>, status, code) => {
    const response = await get('/warehouses', headers);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ code });
  });

  it('refuses a write without a tenant, and writes nothing', async () => {
    const response = await app.inject({ method: 'POST', url: '/warehouses', payload: { code: 'ORPHAN' } });
    expect(response.statusCode).toBe(400);
    const rows = (await app
      .get(MikroORM)
      .em.getConnection()
      .execute(`select count(*)::int as count from warehouses where code = 'ORPHAN'`)) as { count: number }[];
    expect(rows).toEqual([{ count: 0 }]);
  });

  it('lets opted-out routes run without a tenant', async () => {
    const response = await get('/health', { 'x-correlation-id': 'corr-42' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ tenant: null, correlationId: 'corr-42' });
    expect(response.headers['x-correlation-id']).toBe('corr-42');
  });

  it('takes actor and tenant from a verified bearer token', async () => {
    const jwt = await token({ sub: 'user-7', tenant_id: 'initech' });
    const response = await get('/me', {
      authorization: `Bearer ${jwt}`,
      'accept-language': 'zh-CN,en;q=0.8',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ tenantId: 'initech', actorId: 'user-7', locale: 'zh-CN' });
  });

  it('refuses a forged token instead of falling back to the header', async () => {
    const forged = await token(
      { sub: 'user-7', tenant_id: 'acme' },
      'another-secret-of-sufficient-length-000',
    );
    const response = await get('/warehouses', { authorization: `Bearer ${forged}`, 'x-tenant-id': 'acme' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'TOKEN_INVALID' });
  });

  it('refuses a header that contradicts the token', async () => {
    const jwt = await token({ sub: 'user-7', tenant_id: 'initech' });
    const response = await get('/warehouses', { authorization: `Bearer ${jwt}`, 'x-tenant-id': 'acme' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ code: 'TENANT_MISMATCH' });
  });

  it('resolves the tenant from the subdomain', async () => {
    const response = await get('/warehouses', { host: 'acme.wms.test' });
    expect(response.json()).toEqual({ tenant: 'acme', codes: ['acme-A', 'acme-B'] });
  });

  it('never mixes contexts across 200 interleaved requests of three tenants', async () => {
    const tenants = ['acme', 'globex', 'initech'];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, n) => get(`/probe/${n}`, { 'x-tenant-id': tenants[n % 3]! })),
    );
    for (const [n, response] of responses.entries()) {
      const tenant = tenants[n % 3];
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        n: String(n),
        seen: [tenant, tenant, tenant, tenant],
        owners: [tenant],
      });
    }
  });
});
