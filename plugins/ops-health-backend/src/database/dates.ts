/** A timestamp as the database driver returns it. @internal */
export type DbDate = Date | string | number;

/**
 * A timestamp column as a Date: PostgreSQL returns Dates, SQLite epoch
 * milliseconds or strings.
 *
 * @internal
 */
export function toDate(value: DbDate): Date {
  return value instanceof Date ? value : new Date(value);
}

/** {@link toDate} for nullable columns. @internal */
export function optionalDate(
  value: DbDate | null | undefined,
): Date | undefined {
  return value === null || value === undefined ? undefined : toDate(value);
}
