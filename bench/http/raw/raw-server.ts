import Fastify from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  ACCOUNTS_PATH,
  BENCH_TENANTS,
  CURRENCIES,
  OPENING_BALANCE_MAX,
  OWNER_MAX_LENGTH,
  TENANT_HEADER,
  type OpenAccountBody,
} from '../account-request.js';
import { BENCH_POOL_SIZE } from '../bench-pool.js';
import { databaseUrlFromEnv, serveBenchParent } from '../server-protocol.js';
import { RawAccountStore } from './raw-account-store.js';

/** The same checks as the ddd-kit DTO, as a JSON schema (Fastify compiles it with Ajv). */
const OPEN_ACCOUNT_SCHEMA = {
  type: 'object',
  required: ['owner', 'currency', 'openingBalance'],
  additionalProperties: false,
  properties: {
    owner: { type: 'string', minLength: 1, maxLength: OWNER_MAX_LENGTH },
    currency: { type: 'string', enum: CURRENCIES },
    openingBalance: { type: 'integer', minimum: 0, maximum: OPENING_BALANCE_MAX },
  },
} as const;

const TENANTS: ReadonlySet<string> = new Set(BENCH_TENANTS);

/**
 * The raw baseline server, run by the benchmark in a process of its own: plain Fastify and a
 * `pg.Pool` as large as MikroORM's, the same route, validation (extra fields refused, as the
 * ddd-kit ValidationPipe does), tenant check against the same tenant list, and the same two rows
 * in one transaction. Logging off, as in the ddd-kit server.
 */
const pool = new pg.Pool({ connectionString: databaseUrlFromEnv(), max: BENCH_POOL_SIZE });
const store = new RawAccountStore(pool);
const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });

app.post<{ Body: OpenAccountBody }>(
  ACCOUNTS_PATH,
  { schema: { body: OPEN_ACCOUNT_SCHEMA } },
  async (request, reply) => {
    const tenantId = request.headers[TENANT_HEADER];
    if (typeof tenantId !== 'string' || !TENANTS.has(tenantId)) {
      return reply.code(400).send({ code: 'TENANT_UNKNOWN' });
    }
    // ddd-kit's passport gives every request a correlation id and echoes it; so does the baseline.
    const correlationId = uuidv7();
    void reply.header('x-correlation-id', correlationId);
    const id = await store.open(request.body, { tenantId, correlationId });
    return reply.code(201).send({ id });
  },
);

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('The server has no TCP port');
serveBenchParent({
  port: address.port,
  close: async () => {
    await app.close();
    await pool.end();
  },
});
