/** Injection token of the options with defaults applied. */
export const RESOLVED_DATABASE_OPTIONS = Symbol('ddd-kit:resolved-database-options');

/** Name of the MikroORM filter that hides soft-deleted rows. */
export const SOFT_DELETE_FILTER = 'ddd-kit:soft-delete';
