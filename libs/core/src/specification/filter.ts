/**
 * A query filter as a plain object, in the operator syntax MikroORM (and Mongo) use. Core builds
 * it without importing any ORM; the database library hands it to MikroORM as is.
 */
export type Filter<T> = {
  readonly [K in keyof T]?: T[K] | FieldOperators<T[K]>;
} & {
  readonly $and?: readonly Filter<T>[];
  readonly $or?: readonly Filter<T>[];
  readonly $not?: Filter<T>;
};

/** Comparison operators for one field. */
export interface FieldOperators<V> {
  readonly $eq?: V | null;
  readonly $ne?: V | null;
  readonly $in?: readonly V[];
  readonly $nin?: readonly V[];
  readonly $gt?: V;
  readonly $gte?: V;
  readonly $lt?: V;
  readonly $lte?: V;
  readonly $like?: string;
  readonly $ilike?: string;
}
