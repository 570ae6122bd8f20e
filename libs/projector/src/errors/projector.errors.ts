import { ConflictError, NotFoundError, ValidationError } from '@ddd-kit/core';

/** No `@Projector` of that name is registered. */
export class ProjectorNotFoundError extends NotFoundError {
  constructor(projector: string, known: readonly string[]) {
    super('PROJECTOR_NOT_FOUND', { projector, known: known.join(', ') });
  }
}

/** A consistency token that this library did not issue. */
export class ConsistencyTokenInvalidError extends ValidationError {
  constructor(token: string) {
    super('CONSISTENCY_TOKEN_INVALID', { token: token.slice(0, 64) });
  }
}

/** A rebuild was asked for a projector that declares no tables. */
export class ProjectorNotRebuildableError extends ValidationError {
  constructor(projector: string) {
    super('PROJECTOR_NOT_REBUILDABLE', { projector });
  }
}

/** A rebuild of the same read model (projector, or projector and tenant) is already running. */
export class ProjectorRebuildRunningError extends ConflictError {
  constructor(projector: string, tenantId: string | undefined) {
    super('PROJECTOR_REBUILD_RUNNING', { projector, ...(tenantId !== undefined && { tenantId }) });
  }
}
