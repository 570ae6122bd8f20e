/**
 * A write was attempted outside a unit of work. This is a programming error (a command handler
 * without `@Transactional()`), not a user error, so it is not part of the DddError taxonomy.
 */
export class UnitOfWorkRequiredError extends Error {
  constructor(readonly operation: string) {
    super(`${operation} needs a unit of work: mark the handler @Transactional() or use UnitOfWork.run`);
    this.name = 'UnitOfWorkRequiredError';
  }
}
