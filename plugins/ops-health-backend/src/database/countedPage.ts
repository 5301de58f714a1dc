import { Knex } from 'knex';

/**
 * One page of a filtered query and how many rows match in all, both from
 * the database: `filtered` makes the query afresh for each (the count and
 * the page), `page` sorts, selects and pages it.
 *
 * @internal
 */
export async function countedPage<Row>(
  filtered: () => Knex.QueryBuilder,
  page: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
): Promise<{ rows: Row[]; totalCount: number }> {
  const [counted, rows] = await Promise.all([
    filtered().count({ count: '*' }),
    page(filtered()),
  ]);
  return {
    rows: rows as Row[],
    totalCount: Number(
      (counted as Array<{ count: number | string }>)[0]?.count ?? 0,
    ),
  };
}
