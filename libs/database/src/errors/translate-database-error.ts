import { types } from 'node:util';
import {
  ConnectionException,
  DeadlockException,
  DriverException,
  ForeignKeyConstraintViolationException,
  LockWaitTimeoutException,
  NotNullConstraintViolationException,
  CheckConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import {
  ConcurrencyConflictError,
  ConflictError,
  DddError,
  InfrastructureUnavailableError,
  ValidationError,
} from '@ddd-kit/core';

/** PostgreSQL fields that node-postgres puts on its errors (MikroORM copies them over). */
interface PgErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
}

// Socket-level codes and SQLSTATE classes 08 (connection) and 57P (operator intervention:
// shutdown, crash recovery) mean the server cannot be reached right now.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection (?:is )?closed|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * Translates a MikroORM or driver error into the ddd-kit error taxonomy, so that callers (and
 * the HTTP edge) deal with stable codes instead of driver classes. Unknown errors pass through.
 *
 * @param uniqueViolationCodes maps a unique constraint name to the domain code it stands for.
 */
export function translateDatabaseError(
  error: unknown,
  uniqueViolationCodes: Readonly<Record<string, string>> = {},
): unknown {
  if (error instanceof DddError || !isError(error)) return error;
  const pg = error as Error & PgErrorFields;

  if (error instanceof OptimisticLockError) {
    return new ConcurrencyConflictError('CONCURRENCY_CONFLICT', entityParams(error), { cause: error });
  }
  if (
    error instanceof DeadlockException ||
    error instanceof LockWaitTimeoutException ||
    pg.code === '55P03'
  ) {
    return new ConcurrencyConflictError(
      'CONCURRENCY_CONFLICT',
      { reason: pg.code ?? error.name },
      { cause: error },
    );
  }
  if (error instanceof UniqueConstraintViolationException) {
    const code = (pg.constraint && uniqueViolationCodes[pg.constraint]) ?? 'UNIQUE_VIOLATION';
    return new ConflictError(
      code,
      { constraint: pg.constraint, table: pg.table, fields: keyFields(pg.detail) },
      { cause: error },
    );
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    const params = { constraint: pg.constraint, table: pg.table, fields: keyFields(pg.detail) };
    // Inserting a dangling reference is bad input; deleting a referenced row is a conflict.
    return /is not present in table/.test(pg.detail ?? '')
      ? new ValidationError('REFERENCE_NOT_FOUND', params, { cause: error })
      : new ConflictError('STILL_REFERENCED', params, { cause: error });
  }
  if (error instanceof NotNullConstraintViolationException) {
    return new ValidationError(
      'REQUIRED_VALUE_MISSING',
      { table: pg.table, column: pg.column },
      { cause: error },
    );
  }
  if (error instanceof CheckConstraintViolationException) {
    return new ValidationError(
      'CHECK_VIOLATION',
      { table: pg.table, constraint: pg.constraint },
      { cause: error },
    );
  }
  if (isUnavailable(error)) {
    return new InfrastructureUnavailableError('DATABASE_UNAVAILABLE', {}, { cause: error });
  }
  return error;
}

function isUnavailable(error: Error & PgErrorFields): boolean {
  if (error instanceof ConnectionException) return true;
  if (error.code && (UNAVAILABLE_CODES.has(error.code) || error.code.startsWith('08'))) return true;
  // A server error's message may say anything (a trigger's RAISE), so only errors without a
  // SQLSTATE are judged by their message: the driver's own, which MikroORM wraps in a bare
  // DriverException too (e.g. node-postgres's "not queryable" after its socket broke mid-transaction).
  const serverError = error instanceof DriverException && error.code !== undefined;
  if (!serverError && UNAVAILABLE_MESSAGES.test(error.message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return isError(cause) && cause !== error && isUnavailable(cause);
}

// Also errors of another realm (a vm context, as under Jest), where `instanceof Error` fails:
// node-postgres's socket errors come from Node's own realm.
function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** `Key (tenant_id, code)=(t1, A) already exists.` → `['tenant_id', 'code']` */
function keyFields(detail: string | undefined): string[] {
  const match = /Key \(([^)]*)\)=/.exec(detail ?? '');
  return match?.[1] ? match[1].split(',').map((field) => field.trim().replace(/^"|"$/g, '')) : [];
}

function entityParams(error: { entity?: unknown }): Record<string, unknown> {
  const entity = error.entity as { constructor?: { name?: string }; id?: unknown } | undefined;
  return entity ? { entity: entity.constructor?.name, id: entity.id } : {};
}
