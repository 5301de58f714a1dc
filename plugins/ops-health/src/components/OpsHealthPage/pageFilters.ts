import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The filters of the Ops Health page, each a set of values. */
export type PageFilters = {
  /** Check ids, e.g. `cost`. */
  check: string[];
  /** Check statuses, e.g. `critical`. */
  status: string[];
  /** Owner refs, e.g. `group:default/payments`; {@link NO_OWNER} for none. */
  owner: string[];
};

/** The owner filter value of entities without an owner. */
export const NO_OWNER = 'none';

const KEYS: (keyof PageFilters)[] = ['check', 'status', 'owner'];

/**
 * The page's filters, kept in the URL (`?status=critical&owner=group:…`) so
 * that a filtered view can be shared and survives a reload; each key may
 * repeat.
 *
 * @internal
 */
export function usePageFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<PageFilters>(
    () => ({
      check: params.getAll('check'),
      status: params.getAll('status'),
      owner: params.getAll('owner'),
    }),
    [params],
  );
  const setFilter = useCallback(
    (key: keyof PageFilters, values: string[]) => {
      setParams(
        current => {
          const next = new URLSearchParams(current);
          next.delete(key);
          for (const value of [...new Set(values)]) next.append(key, value);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const toggle = useCallback(
    (key: keyof PageFilters, value: string) =>
      setFilter(
        key,
        filters[key].includes(value)
          ? filters[key].filter(v => v !== value)
          : [...filters[key], value],
      ),
    [filters, setFilter],
  );
  const clear = useCallback(
    () =>
      setParams(
        current => {
          const next = new URLSearchParams(current);
          KEYS.forEach(key => next.delete(key));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const active = KEYS.some(key => filters[key].length > 0);
  return { filters, setFilter, toggle, clear, active };
}

/** Whether a value passes a filter (an empty filter passes everything). */
export function passes(filter: string[], value: string): boolean {
  return filter.length === 0 || filter.includes(value);
}
