import {
  Progress,
  ResponseErrorPanel,
  StatusError,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { OpsHealthCheckSummary, opsHealthApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { RelativeTime } from '../common/RelativeTime';
import { checkTitle } from '@ops-health/backstage-plugin-ops-health-common';

const STATUS_ORDER = ['critical', 'warning', 'misconfigured', 'unknown', 'ok'];

function statusCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  entries.sort(
    ([a], [b]) =>
      (STATUS_ORDER.indexOf(a) + 1 || 99) - (STATUS_ORDER.indexOf(b) + 1 || 99),
  );
  return entries.map(([status, n]) => `${n} ${status}`).join(', ') || '—';
}

type Row = OpsHealthCheckSummary & { id: string };

// Defined once: material-table resets its state when columns change.
const COLUMNS: TableColumn<Row>[] = [
  {
    title: 'Check',
    field: 'checkId',
    render: c => checkTitle(c.checkId),
  },
  {
    title: 'Last measured',
    field: 'lastMeasuredAt',
    render: c =>
      c.lastMeasuredAt ? (
        <RelativeTime iso={c.lastMeasuredAt} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          never
        </Typography>
      ),
  },
  { title: 'Entities', field: 'entityCount', type: 'numeric' },
  { title: 'Stale', field: 'staleCount', type: 'numeric' },
  {
    title: 'Results',
    field: 'statusCounts',
    sorting: false,
    render: c => statusCounts(c.statusCounts),
  },
  {
    title: 'Last error',
    field: 'lastError',
    // The error is the long text of the row: room for it, not a column of
    // a few characters.
    width: '40%',
    cellStyle: { overflowWrap: 'anywhere', minWidth: 280 },
    render: c =>
      c.lastError ? (
        <>
          <StatusError>{c.lastError}</StatusError>
          {c.lastErrorAt && (
            <Typography variant="caption" display="block">
              <RelativeTime iso={c.lastErrorAt} />
            </Typography>
          )}
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          none
        </Typography>
      ),
  },
];

/**
 * Per check: when it last measured something, how many entities it covers,
 * how many results are stale, and its last collection error.
 *
 * @internal
 */
export function CollectionTable() {
  const api = useApi(opsHealthApiRef);
  const { value, loading, error } = useAsync(
    async () => api.getCheckSummary(),
    [api],
  );

  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        title={`Could not load the collection status: ${errorMessage(error)}`}
        error={error}
      />
    );
  }

  const items: Row[] = (value?.items ?? []).map(c => ({ ...c, id: c.checkId }));
  return (
    <Table<Row>
      title="Collection"
      subtitle="The checks' measurements across the entities you can see"
      options={{ search: false, paging: false, padding: 'dense' }}
      columns={COLUMNS}
      data={items}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">
            No check has measured anything yet.
          </Typography>
        </Box>
      }
    />
  );
}
