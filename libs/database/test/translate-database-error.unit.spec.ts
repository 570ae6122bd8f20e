import {
  ConnectionException,
  DeadlockException,
  DriverException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import {
  ConcurrencyConflictError,
  ConflictError,
  DomainError,
  InfrastructureUnavailableError,
  ValidationError,
} from '@ddd-kit/core';
import { translateDatabaseError } from '@ddd-kit/database';

const pgError = (fields: Record<string, string>) =>
  Object.assign(new Error(fields['message'] ?? 'pg error'), fields);

describe('translateDatabaseError', () => {
  it('maps a unique violation to ConflictError with constraint and fields', () => {
    const error = new UniqueConstraintViolationException(
      pgError({
        code: '23505',
        constraint: 'sku_tenant_code_unique',
        table: 'sku',
        detail: 'Key (tenant_id, code)=(t1, A) already exists.',
      }),
    );
    const translated = translateDatabaseError(error);
    expect(translated).toBeInstanceOf(ConflictError);
    expect(translated).toMatchObject({
      code: 'UNIQUE_VIOLATION',
      params: { constraint: 'sku_tenant_code_unique', table: 'sku', fields: ['tenant_id', 'code'] },
      cause: error,
    });
  });

  it('uses the configured code for a known constraint', () => {
    const error = new UniqueConstraintViolationException(
      pgError({ code: '23505', constraint: 'sku_tenant_code_unique' }),
    );
    expect(translateDatabaseError(error, { sku_tenant_code_unique: 'SKU_CODE_TAKEN' })).toMatchObject({
      code: 'SKU_CODE_TAKEN',
    });
  });

  it('maps a dangling reference to ValidationError and a still-referenced row to ConflictError', () => {
    const dangling = new ForeignKeyConstraintViolationException(
      pgError({
        code: '23503',
        detail: 'Key (sku_id)=(x) is not present in table "sku".',
        constraint: 'line_sku_fk',
      }),
    );
    const referenced = new ForeignKeyConstraintViolationException(
      pgError({
        code: '23503',
        detail: 'Key (id)=(x) is still referenced from table "line".',
        constraint: 'line_sku_fk',
      }),
    );
    expect(translateDatabaseError(dangling)).toEqual(expect.any(ValidationError));
    expect(translateDatabaseError(dangling)).toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      params: { fields: ['sku_id'] },
    });
    expect(translateDatabaseError(referenced)).toMatchObject({ code: 'STILL_REFERENCED' });
    expect(translateDatabaseError(referenced)).toBeInstanceOf(ConflictError);
  });

  it('maps optimistic-lock failures, deadlocks and serialization failures to ConcurrencyConflictError', () => {
    expect(translateDatabaseError(OptimisticLockError.lockFailed('Product'))).toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(translateDatabaseError(new DeadlockException(pgError({ code: '40001' })))).toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(translateDatabaseError(new DeadlockException(pgError({ code: '40P01' })))).toBeInstanceOf(
      ConcurrencyConflictError,
    );
  });

  it('maps lost connections to InfrastructureUnavailableError', () => {
    const cases = [
      new ConnectionException(
        pgError({ message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' }),
      ),
      pgError({ message: 'terminating connection due to administrator command', code: '57P01' }),
      new Error('Connection terminated unexpectedly'),
      pgError({ message: 'the database system is starting up', code: '57P03' }),
    ];
    for (const error of cases) {
      expect(translateDatabaseError(error)).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(translateDatabaseError(error)).toBeInstanceOf(InfrastructureUnavailableError);
    }
  });

  // Fault suite, PostgreSQL restart: a unit of work whose connection broke mid-transaction got
  // node-postgres's "not queryable" wrapped in a bare DriverException, and answered 500.
  it('maps a driver error without SQLSTATE that says the connection broke to DATABASE_UNAVAILABLE', () => {
    const error = new DriverException(
      new Error('Client has encountered a connection error and is not queryable'),
    );
    expect(translateDatabaseError(error)).toBeInstanceOf(InfrastructureUnavailableError);
    expect(translateDatabaseError(error)).toMatchObject({ code: 'DATABASE_UNAVAILABLE', cause: error });
  });

  it('does not judge a server error by its message', () => {
    const raised = new DriverException(
      pgError({ message: 'connection closed by the vendor', code: 'P0001' }),
    );
    expect(translateDatabaseError(raised)).toBe(raised);
  });

  it('maps a NOT NULL violation to ValidationError naming the column', () => {
    const error = new NotNullConstraintViolationException(
      pgError({ code: '23502', table: 'sku', column: 'name' }),
    );
    expect(translateDatabaseError(error)).toMatchObject({
      code: 'REQUIRED_VALUE_MISSING',
      params: { table: 'sku', column: 'name' },
    });
  });

  it('passes ddd-kit errors and unknown errors through unchanged', () => {
    const domain = new DomainError('INSUFFICIENT_STOCK');
    const unknown = new TypeError('bug');
    expect(translateDatabaseError(domain)).toBe(domain);
    expect(translateDatabaseError(unknown)).toBe(unknown);
    expect(translateDatabaseError('not an error')).toBe('not an error');
  });
});
