import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  opsHealthApiRef,
  OpsHealthRunbook,
  OpsHealthRunbookTopic,
} from '../api';
import { useContentOptions } from './useContentOptions';

function withFragment(url: string, section: string): string {
  const hash = url.indexOf('#');
  return `${hash === -1 ? url : url.slice(0, hash)}#${encodeURIComponent(
    section,
  )}`;
}

const RUNBOOK_TOPICS: readonly string[] = [
  'cost',
  'replication',
  'backup',
  'incident',
];

// One request per entity and topic, however many links show it.
const cache = new WeakMap<
  object,
  Map<string, Promise<OpsHealthRunbook | undefined>>
>();

/**
 * The URL of the runbook section for a check of the current entity.
 *
 * The backend's runbook (annotation, catalog link or configured default) wins;
 * its section for the check, when it has one, is the configured anchor. The
 * result's own `runbookSection` is the anchor otherwise. Without a runbook
 * from the backend (404, or an older backend without the endpoint) the
 * `runbookBaseUrl` option is used; without that there is no link.
 *
 * @internal
 */
export function useRunbookUrl(
  checkId: string,
  section: string | undefined,
  options?: { exact?: boolean },
): string | undefined {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const { runbookBaseUrl } = useContentOptions();
  const ref = getCompoundEntityRef(entity);
  const base = checkId.replace(/-canary$/, '');
  const topic = RUNBOOK_TOPICS.includes(base)
    ? (base as OpsHealthRunbookTopic)
    : undefined;
  const key = `${ref.kind}:${ref.namespace}/${ref.name}#${topic ?? ''}`;

  const { value: runbook, loading } = useAsync(async () => {
    let perApi = cache.get(api);
    if (!perApi) {
      perApi = new Map();
      cache.set(api, perApi);
    }
    let pending = perApi.get(key);
    if (!pending) {
      pending = api.getEntityRunbook(ref, topic).catch(() => undefined);
      perApi.set(key, pending);
    }
    return pending;
  }, [api, key]);

  if (loading) return undefined;
  if (runbook) {
    // The check's configured section wins over the check's own default;
    // a procedure the caller names exactly (e.g. optimizing-backup-
    // functions) is finer than either.
    if (!section || (runbook.section && !options?.exact)) return runbook.url;
    return withFragment(runbook.url, section);
  }
  if (runbookBaseUrl && section) return withFragment(runbookBaseUrl, section);
  return runbookBaseUrl;
}
