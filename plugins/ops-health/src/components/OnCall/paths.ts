import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';

/** Where the Ops Health page is when the app does not say: its default path. */
const DEFAULT_PAGE_PATH = '/ops-health';

/**
 * The path of the Ops Health page, where the app mounted it.
 *
 * @internal
 */
export function useOpsHealthPagePath(): string {
  let path: string | undefined;
  try {
    // Called on every render, so the order of hooks holds; the try only
    // catches the throw of a route the app did not mount.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    path = useRouteRef(rootRouteRef)?.();
  } catch {
    // Not mounted (e.g. only the entity cards are installed).
  }
  return path ?? DEFAULT_PAGE_PATH;
}

/**
 * The page of an on-call schedule, under the Ops Health page.
 *
 * @internal
 */
export function schedulePath(pagePath: string, name: string): string {
  return `${pagePath.replace(/\/+$/, '')}/schedules/${encodeURIComponent(
    name,
  )}`;
}
