import { NotFoundError, ValidationError } from '@ddd-kit/core';

/** No job type of that name is registered. */
export class JobTypeUnknownError extends ValidationError {
  constructor(type: string) {
    super('JOB_TYPE_UNKNOWN', { type: type.slice(0, 64) });
  }
}

/** No job with that id exists for the current tenant (another tenant's job included). */
export class JobNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('JOB_NOT_FOUND', { id: id.slice(0, 64) });
  }
}
