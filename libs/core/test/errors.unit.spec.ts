import {
  ConcurrencyConflictError,
  ConflictError,
  DddError,
  DomainError,
  ForbiddenError,
  InfrastructureUnavailableError,
  NotFoundError,
  ValidationError,
  type ErrorKind,
  type ErrorParams,
} from '@ddd-kit/core';

type ErrorClass = new (code?: string, params?: ErrorParams, options?: { cause?: unknown }) => DddError;

const CLASSES: [ErrorClass, ErrorKind, string][] = [
  [NotFoundError, 'not-found', 'NOT_FOUND'],
  [ConflictError, 'conflict', 'CONFLICT'],
  [ConcurrencyConflictError, 'concurrency-conflict', 'CONCURRENCY_CONFLICT'],
  [ValidationError, 'validation', 'VALIDATION_FAILED'],
  [ForbiddenError, 'forbidden', 'FORBIDDEN'],
  [InfrastructureUnavailableError, 'infrastructure-unavailable', 'INFRASTRUCTURE_UNAVAILABLE'],
];

class InsufficientStock extends DomainError {
  constructor(sku: string, requested: number) {
    super('INSUFFICIENT_STOCK', { sku, requested });
  }
}

describe.each(CLASSES)('%p', (ErrorClass, kind, defaultCode) => {
  it(`has kind "${kind}", default code ${defaultCode} and empty params`, () => {
    const error = new ErrorClass();

    expect(error.kind).toBe(kind);
    expect(error.code).toBe(defaultCode);
    expect(error.params).toEqual({});
    expect(error.message).toBe(defaultCode);
  });

  it('is named after its class and is a DddError and an Error', () => {
    const error = new ErrorClass();

    expect(error.name).toBe(ErrorClass.name);
    expect(error).toBeInstanceOf(DddError);
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain(ErrorClass.name);
  });

  it('keeps a given code, params and cause', () => {
    const cause = new Error('socket hang up');
    const error = new ErrorClass('CUSTOM_CODE', { id: 7 }, { cause });

    expect(error.code).toBe('CUSTOM_CODE');
    expect(error.params).toEqual({ id: 7 });
    expect(error.cause).toBe(cause);
  });

  it('has no cause property when none is given', () => {
    expect('cause' in new ErrorClass()).toBe(false);
  });
});

describe('error taxonomy', () => {
  it('makes ConcurrencyConflictError a ConflictError, not the other way round', () => {
    expect(new ConcurrencyConflictError()).toBeInstanceOf(ConflictError);
    expect(new ConflictError()).not.toBeInstanceOf(ConcurrencyConflictError);
  });

  it('keeps the other kinds apart', () => {
    expect(new NotFoundError()).not.toBeInstanceOf(ForbiddenError);
    expect(new ValidationError()).not.toBeInstanceOf(DomainError);
  });

  it('gives a DomainError subclass its own name, code, params and kind "domain"', () => {
    const error = new InsufficientStock('SKU-1', 5);

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      name: 'InsufficientStock',
      kind: 'domain',
      code: 'INSUFFICIENT_STOCK',
      params: { sku: 'SKU-1', requested: 5 },
    });
  });

  it('writes an English fallback message from code and params, for logs only', () => {
    expect(new InsufficientStock('SKU-1', 5).message).toBe('INSUFFICIENT_STOCK (sku=SKU-1, requested=5)');
    expect(new ValidationError('BAD', { allowed: ['a', 'b'] }).message).toBe('BAD (allowed=["a","b"])');
  });

  it('builds NOT_FOUND for an entity and id with NotFoundError.of', () => {
    expect(NotFoundError.of('StockItem', 'si-1')).toMatchObject({
      kind: 'not-found',
      code: 'NOT_FOUND',
      params: { entity: 'StockItem', id: 'si-1' },
    });
  });
});
