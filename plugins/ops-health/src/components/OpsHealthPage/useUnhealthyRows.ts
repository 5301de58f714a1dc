import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  OpsHealthCheckResult,
  statusRank,
} from '@ops-health/backstage-plugin-ops-health-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useRefreshWhileVisible } from '../../hooks/useRefreshWhileVisible';
import { OpsHealthApi, opsHealthApiRef, OpsHealthSilence } from '../../api';

/** The statuses the page lists, the most severe first. */
export const UNHEALTHY: OpsHealthCheckResult['status'][] = [
  'critical',
  'misconfigured',
  'warning',
  'unknown',
];
const PAGE_SIZE = 500;
// Enough for any catalog this page is meant for; beyond it the page says so.
const MAX_RESULTS = 5000;

/** A result with its entity's owner and whether its alert is silenced. */
export type UnhealthyRow = OpsHealthCheckResult & {
  /** A stable id for the table. */
  id: string;
  owner?: string;
  /** When the silence of its alert ends, if it is silenced. */
  silencedUntil?: string;
};

async function loadUnhealthy(api: OpsHealthApi) {
  const items: OpsHealthCheckResult[] = [];
  let totalCount = 0;
  do {
    const page = await api.listHealth({
      status: ['critical', 'warning', 'misconfigured', 'unknown'],
      limit: PAGE_SIZE,
      offset: items.length,
    });
    totalCount = page.totalCount;
    items.push(...page.items);
    if (page.items.length === 0) break;
  } while (items.length < totalCount && items.length < MAX_RESULTS);
  return { items, totalCount };
}

function ownerRef(owner: unknown, namespace?: string): string | undefined {
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return undefined;
  }
}

/** The most severe first, then the most recently measured. */
export function bySeverity(a: UnhealthyRow, b: UnhealthyRow): number {
  return (
    statusRank(b.status) - statusRank(a.status) ||
    Date.parse(b.measuredAt) - Date.parse(a.measuredAt) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * Every check result that is not ok across the catalog the user can see,
 * with the owner of its entity and the silence of its alert, the most
 * severe first.
 *
 * @internal
 */
export function useUnhealthyRows() {
  const api = useApi(opsHealthApiRef);
  const catalogApi = useApi(catalogApiRef);
  const state = useAsyncRetry(async () => {
    const [{ items, totalCount }, silenced] = await Promise.all([
      loadUnhealthy(api),
      loadSilenced(api),
    ]);
    const refs = [...new Set(items.map(r => r.entityRef))];
    const owners = new Map<string, string | undefined>();
    let ownerError: Error | undefined;
    if (refs.length) {
      try {
        const { items: entities } = await catalogApi.getEntitiesByRefs({
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
        });
        refs.forEach((ref, i) => {
          const entity = entities[i];
          owners.set(
            ref,
            entity
              ? ownerRef(entity.spec?.owner, entity.metadata.namespace)
              : undefined,
          );
        });
      } catch (e) {
        ownerError = e as Error;
      }
    }
    const rows: UnhealthyRow[] = items.map(r => {
      const id = `${r.entityRef}|${r.checkId}|${r.subject}`;
      return {
        ...r,
        id,
        owner: owners.get(r.entityRef),
        silencedUntil: silenced.get(id),
      };
    });
    rows.sort(bySeverity);
    return { rows, totalCount, ownerError };
  }, [api, catalogApi]);
  // Checks measure and alerts resolve while the page is open.
  useRefreshWhileVisible(state.retry);
  return state;
}

/** Every silence in force now, page by page. */
async function listActiveSilences(
  api: OpsHealthApi,
): Promise<{ items: OpsHealthSilence[] }> {
  const items: OpsHealthSilence[] = [];
  for (;;) {
    const page = await api.listSilences({
      active: true,
      limit: 500,
      offset: items.length,
    });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.totalCount) break;
  }
  return { items };
}

/**
 * The alerts that fire silenced, by dedup key (`entity|check|subject`, the
 * id of a row), with when their silence ends. A failure to read them only
 * loses the marks.
 */
async function loadSilenced(api: OpsHealthApi): Promise<Map<string, string>> {
  const silenced = new Map<string, string>();
  try {
    const [alerts, silences] = await Promise.all([
      api.listAlerts({ state: ['firing', 'pending'], limit: 500 }),
      listActiveSilences(api),
    ]);
    for (const alert of alerts.items) {
      if (!alert.silenced) continue;
      const [entityRef, checkId] = alert.dedupKey.split('|');
      const ends = silences.items
        .filter(
          s =>
            !s.expiredAt &&
            (s.dedupKey === alert.dedupKey ||
              (!s.dedupKey &&
                s.entityRef === entityRef &&
                (!s.checkId || s.checkId === checkId))),
        )
        .map(s => s.expiresAt)
        .sort()
        .pop();
      silenced.set(alert.dedupKey, ends ?? '');
    }
  } catch {
    // The marks are extra: the list stands without them.
  }
  return silenced;
}
