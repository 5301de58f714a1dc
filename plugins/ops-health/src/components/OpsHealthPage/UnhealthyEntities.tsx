import { memo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import NotificationsOffOutlinedIcon from '@material-ui/icons/NotificationsOffOutlined';
import {
  checkTitle,
  isNotMeasuredYet,
} from '@ops-health/backstage-plugin-ops-health-common';
import { formatTime, silencedUntil } from '../common/format';
import { RelativeTime } from '../common/RelativeTime';
import { StaleChip } from '../common/StaleChip';
import { staleReason } from '../common/staleness';
import { StatusLight } from '../common/StatusLight';
import { UnhealthyRow } from './useUnhealthyRows';

// Defined once: material-table resets its state when columns change.
const COLUMNS: TableColumn<UnhealthyRow>[] = [
  {
    title: 'Status',
    field: 'status',
    render: r => (
      <Box>
        {/* The status on one line; a silence's chip below it. */}
        <Box whiteSpace="nowrap">
          <StatusLight status={r.status}>{r.status}</StatusLight>
        </Box>
        {r.silencedUntil !== undefined && (
          <Tooltip
            title={
              r.silencedUntil
                ? `Its alert is silenced until ${formatTime(r.silencedUntil)}`
                : 'Its alert is silenced'
            }
          >
            <Chip
              size="small"
              variant="outlined"
              icon={<NotificationsOffOutlinedIcon fontSize="small" />}
              label={
                r.silencedUntil ? silencedUntil(r.silencedUntil) : 'silenced'
              }
            />
          </Tooltip>
        )}
      </Box>
    ),
  },
  {
    title: 'Entity',
    field: 'entityRef',
    cellStyle: { minWidth: '8rem' },
    render: r => <EntityRefLink entityRef={r.entityRef} />,
  },
  {
    title: 'Check',
    field: 'checkId',
    cellStyle: { minWidth: '7rem' },
    render: r => (
      <>
        {checkTitle(r.checkId)}
        {r.subject ? (
          <Typography variant="caption" display="block" color="textSecondary">
            {r.subject}
          </Typography>
        ) : null}
      </>
    ),
  },
  {
    title: 'Reason',
    field: 'headline',
    cellStyle: { overflowWrap: 'anywhere', minWidth: '13rem' },
    render: r => (
      <Tooltip title={r.message}>
        <span>{r.headline}</span>
      </Tooltip>
    ),
  },
  {
    title: 'Owner',
    field: 'owner',
    cellStyle: { minWidth: '7rem' },
    render: r =>
      r.owner ? (
        <EntityRefLink entityRef={r.owner} defaultKind="group" />
      ) : (
        <Typography variant="body2" color="textSecondary">
          unknown
        </Typography>
      ),
  },
  {
    title: 'Last measured',
    field: 'measuredAt',
    cellStyle: { minWidth: '7rem' },
    render: r => {
      // Never measured: when it was first tried, not a measurement's age.
      if (isNotMeasuredYet(r)) {
        return (
          <Typography variant="body2" component="span">
            never (first tried <RelativeTime iso={r.measuredAt} />)
          </Typography>
        );
      }
      const stale = staleReason(r);
      return (
        <Box display="flex" alignItems="center" flexWrap="wrap">
          <RelativeTime iso={r.measuredAt} />
          {stale && <StaleChip reason={stale} />}
        </Box>
      );
    },
  },
];

/**
 * The unhealthy results the filters let through, the most severe first,
 * with the entity's owner, a mark on those whose alert is silenced, and the
 * check by its name. Memoized: material-table draws every row again when it
 * re-renders, e.g. when the owners' display names arrive for the filters.
 *
 * @internal
 */
export const UnhealthyEntities = memo(function UnhealthyEntitiesTable({
  rows,
  total,
  truncatedOf,
}: {
  /** The rows to show, filtered and sorted. */
  rows: UnhealthyRow[];
  /** How many rows there are before filtering. */
  total: number;
  /** When the backend has more results than were read, how many. */
  truncatedOf?: number;
}) {
  return (
    <Table<UnhealthyRow>
      title="Unhealthy entities"
      subtitle={
        truncatedOf
          ? `${rows.length} shown of the first ${total} of ${truncatedOf} results`
          : `${rows.length} of ${total} results, the most severe first`
      }
      options={{
        search: false,
        paging: rows.length > 20,
        pageSize: 20,
        padding: 'dense',
        tableLayout: 'auto',
      }}
      columns={COLUMNS}
      data={rows}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">
            {total === 0
              ? 'All checks of the entities you can see are healthy.'
              : 'No results match these filters.'}
          </Typography>
        </Box>
      }
    />
  );
});
