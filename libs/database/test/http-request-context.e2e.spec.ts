import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, CqrsModule, type ICommandHandler } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { EntityManager, MikroORM } from '@mikro-orm/core';
import { DatabaseModule, PassportContext, Transactional, UnitOfWork } from '@ddd-kit/database';
import { createTestDatabase, type TestDatabase } from '@ddd-kit/testing';
import { EventLogEntry } from './fixture/event-log.entity.js';
import { Product } from './fixture/product.entity.js';
import { ProductRepository } from './fixture/product.repository.js';
import { PublishedEventsRecorder } from './fixture/published-events.recorder.js';
import { RecordingSink } from './fixture/recording.sink.js';

class CreateProduct {
  constructor(
    readonly code: string,
    readonly name: string,
  ) {}
}

@CommandHandler(CreateProduct)
class CreateProductHandler implements ICommandHandler<CreateProduct, string> {
  constructor(private readonly products: ProductRepository) {}

  @Transactional()
  async execute({ code, name }: CreateProduct): Promise<string> {
    const product = Product.create(code, name);
    this.products.add(product);
    return product.id;
  }
}

@Controller('products')
class ProductsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly products: ProductRepository,
    private readonly passport: PassportContext,
    private readonly uow: UnitOfWork,
    private readonly em: EntityManager,
  ) {}

  /**
   * Creates, then reads in the same request: the read must see the instance the command made,
   * whether the unit of work took a fork of its own (nothing read before) or went through
   * `em.transactional` and merged into the request's fork (read before).
   */
  @Post('create-then-read')
  async createThenRead(@Body() body: { code: string; readFirst?: boolean }) {
    const requestFork = body.readFirst ? this.em.getContext() : undefined;
    if (body.readFirst) await this.products.findByCode(body.code);
    const created = await this.uow.run(async () => {
      const product = Product.create(body.code, body.code);
      this.products.add(product);
      return { product, unitFork: this.em.getContext() };
    });
    const read = await this.products.get(created.product.id);
    return {
      sameInstance: read === created.product,
      unitForkWasRequestFork: created.unitFork === requestFork,
      requestFork: this.em.getContext() === created.unitFork ? 'unit fork' : 'its own',
    };
  }

  /** Two units of work at once in one request: each in a transaction of its own. */
  @Post('concurrent')
  async concurrent(): Promise<{ transactions: string[] }> {
    const transaction = () => this.uow.run(() => this.products.transactionId());
    return { transactions: await Promise.all([transaction(), transaction()]) };
  }

  @Post()
  async create(@Body() body: { code: string; name: string }): Promise<{ id: string }> {
    const id = await this.passport.run({ actorId: 'http-user' }, () =>
      this.commands.execute<CreateProduct, string>(new CreateProduct(body.code, body.name)),
    );
    return { id };
  }

  // A read outside any unit of work: it works only because the request has its own context.
  @Get(':id')
  async get(@Param('id') id: string): Promise<{ code: string; createdBy: string | null | undefined }> {
    const product = await this.products.get(id);
    return { code: product.code, createdBy: product.createdBy };
  }
}

describe('DatabaseModule in a Fastify app', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    @Module({
      imports: [
        CqrsModule.forRoot(),
        DatabaseModule.forRoot({ url: database.url, entities: [Product, EventLogEntry] }),
      ],
      controllers: [ProductsController],
      providers: [ProductRepository, CreateProductHandler, RecordingSink, PublishedEventsRecorder],
    })
    class TestAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.get(MikroORM).schema.create();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('runs a @Transactional command handler behind the CommandBus and reads in the request context', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/products',
      payload: { code: 'HTTP-1', name: 'Via HTTP' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();

    const read = await app.inject({ method: 'GET', url: `/products/${id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ code: 'HTTP-1', createdBy: 'http-user' });

    expect(app.get(PublishedEventsRecorder).received.map((event) => event.aggregateId)).toEqual([id]);
    const logged = await app.get(MikroORM).em.fork().find(EventLogEntry, { aggregateId: id });
    expect(logged.map((row) => [row.type, row.actorId])).toEqual([
      ['test.catalog.product-created', 'http-user'],
    ]);
  });

  it('gives a unit of work a fork of its own and makes it the request fork afterwards', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/products/create-then-read',
      payload: { code: 'HTTP-3' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      sameInstance: true,
      unitForkWasRequestFork: false,
      requestFork: 'unit fork',
    });
  });

  it('merges into a request fork read before the unit of work, as MikroORM does', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/products/create-then-read',
      payload: { code: 'HTTP-4', readFirst: true },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      sameInstance: true,
      unitForkWasRequestFork: false,
      requestFork: 'its own',
    });
  });

  it('runs concurrent units of work of one request in separate transactions', async () => {
    const response = await app.inject({ method: 'POST', url: '/products/concurrent' });
    expect(response.statusCode).toBe(201);
    const { transactions } = response.json<{ transactions: string[] }>();
    expect(new Set(transactions).size).toBe(2);
  });

  it('serves concurrent reads, each in a request context of its own', async () => {
    const { id } = (
      await app.inject({ method: 'POST', url: '/products', payload: { code: 'HTTP-2', name: 'Two' } })
    ).json<{
      id: string;
    }>();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => app.inject({ method: 'GET', url: `/products/${id}` })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(200));
  });
});
