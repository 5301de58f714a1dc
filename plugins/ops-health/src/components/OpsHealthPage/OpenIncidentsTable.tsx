import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useRefreshWhileVisible } from '../../hooks/useRefreshWhileVisible';
import { OpsHealthIncident, opsHealthApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { RelativeTime } from '../common/RelativeTime';
import { escalationLevelLabel, phaseLabel } from '../Incidents/phases';
import { clampLines } from '../common/clampLines';
import { SeverityChip } from '../Incidents/SeverityChip';
import { NO_OWNER } from './pageFilters';

/** The check of the alert that opened an incident, if an alert did. */
function sourceCheck(incident: OpsHealthIncident): string | undefined {
  return incident.sourceDedupKey?.split('|')[1];
}

/**
 * What of the page's filters the table does not apply, said in its
 * subtitle: incidents have a severity and a phase, not a check status, and
 * the catalog is not asked for incidents of entities without an owner.
 */
function unfiltered(statuses: string[], owners: string[]): string {
  const ignored = [
    ...(statuses.length ? ['status'] : []),
    ...(owners.includes(NO_OWNER) ? ['"No owner"'] : []),
  ];
  if (!ignored.length) return '';
  return ` (the ${ignored.join(' and ')} filter${
    ignored.length > 1 ? 's apply' : ' applies'
  } to the unhealthy entities only)`;
}

/**
 * The open incidents across the catalog the user can see, each linked to
 * its page on the entity's Operations tab; with the page's owner filter,
 * those of the owners' entities, and with its check filter, those opened by
 * an alert of the checks.
 *
 * @internal
 */
export function OpenIncidentsTable({
  owners = [],
  checks = [],
  statuses = [],
}: {
  owners?: string[];
  checks?: string[];
  /** The page's status filter: check statuses, which incidents do not have. */
  statuses?: string[];
}) {
  const api = useApi(opsHealthApiRef);
  const entityLink = useEntityRefLink();
  const realOwners = owners.filter(o => o !== NO_OWNER);
  const ownerKey = realOwners.join(',');
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      api.listIncidents({
        open: true,
        limit: 1000,
        ...(ownerKey ? { owner: ownerKey.split(',') } : {}),
      }),
    [api, ownerKey],
  );
  useRefreshWhileVisible(retry);

  // Memoized: material-table resets its state when columns change.
  const columns = useMemo<TableColumn<OpsHealthIncident>[]>(
    () => [
      {
        title: 'Incident',
        field: 'title',
        render: i => (
          <Link
            to={`${entityLink(
              i.entityRef,
            )}/ops-health/incidents/${encodeURIComponent(i.id)}`}
            title={i.title}
            style={clampLines(3)}
          >
            {i.title}
          </Link>
        ),
      },
      {
        title: 'Entity',
        field: 'entityRef',
        render: i => <EntityRefLink entityRef={i.entityRef} />,
      },
      {
        title: 'Severity',
        field: 'severity',
        render: i => <SeverityChip severity={i.severity} />,
      },
      { title: 'Phase', field: 'phase', render: i => phaseLabel(i.phase) },
      {
        title: 'Commander',
        field: 'commander',
        render: i =>
          i.commander ? (
            <EntityRefLink entityRef={i.commander} />
          ) : (
            <Typography variant="body2" color="textSecondary">
              none
            </Typography>
          ),
      },
      {
        title: 'Escalation level',
        field: 'escalationLevel',
        type: 'numeric',
        render: i => escalationLevelLabel(i),
      },
      {
        title: 'Opened',
        field: 'createdAt',
        defaultSort: 'desc',
        render: i => <RelativeTime iso={i.createdAt} />,
      },
    ],
    [entityLink],
  );
  const checkKey = checks.join(',');
  const items = useMemo(
    () =>
      (value?.items ?? []).filter(
        i => !checkKey || checkKey.split(',').includes(sourceCheck(i) ?? ''),
      ),
    [value, checkKey],
  );

  if (loading && !value) return <Progress />;
  if (error && !value) {
    return (
      <ResponseErrorPanel
        title={`Could not load the open incidents: ${errorMessage(error)}`}
        error={error}
      />
    );
  }

  return (
    <Table<OpsHealthIncident>
      title="Open incidents"
      subtitle={`${
        items.length === 1
          ? '1 open incident'
          : `${items.length} open incidents`
      }${unfiltered(statuses, owners)}`}
      options={{
        search: false,
        paging: items.length > 10,
        pageSize: 10,
        padding: 'dense',
      }}
      columns={columns}
      data={items}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">No open incidents.</Typography>
        </Box>
      }
    />
  );
}
