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
import useAsync from 'react-use/esm/useAsync';
import { OpsHealthIncident, opsHealthApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { RelativeTime } from '../common/RelativeTime';
import { StatusLight } from '../common/StatusLight';

const SEVERITY_STATUS: Record<string, string> = {
  SEV1: 'critical',
  SEV2: 'critical',
  SEV3: 'warning',
  SEV4: 'unknown',
};

/**
 * The open incidents across the catalog the user can see, each linked to
 * its page on the entity's Operations tab.
 *
 * @internal
 */
export function OpenIncidentsTable() {
  const api = useApi(opsHealthApiRef);
  const entityLink = useEntityRefLink();
  const { value, loading, error } = useAsync(
    async () => api.listIncidents({ open: true, limit: 1000 }),
    [api],
  );

  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        title={`Could not load the open incidents: ${errorMessage(error)}`}
        error={error}
      />
    );
  }

  const columns: TableColumn<OpsHealthIncident>[] = [
    {
      title: 'Incident',
      field: 'title',
      render: i => (
        <Link
          to={`${entityLink(
            i.entityRef,
          )}/ops-health/incidents/${encodeURIComponent(i.id)}`}
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
      render: i => (
        <StatusLight status={SEVERITY_STATUS[i.severity] ?? 'unknown'}>
          {i.severity}
        </StatusLight>
      ),
    },
    { title: 'Phase', field: 'phase' },
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
      render: i =>
        i.escalationLevel > 0 ? `Level ${i.escalationLevel}` : 'not escalated',
    },
    {
      title: 'Opened',
      field: 'createdAt',
      defaultSort: 'desc',
      render: i => <RelativeTime iso={i.createdAt} />,
    },
  ];

  const items = value?.items ?? [];
  return (
    <Table<OpsHealthIncident>
      title="Open incidents"
      subtitle={
        items.length === 1
          ? '1 open incident'
          : `${items.length} open incidents`
      }
      options={{
        search: false,
        paging: items.length > 10,
        pageSize: 10,
        padding: 'dense',
      }}
      columns={columns}
      data={items.map(i => ({ ...i }))}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">No open incidents.</Typography>
        </Box>
      }
    />
  );
}
