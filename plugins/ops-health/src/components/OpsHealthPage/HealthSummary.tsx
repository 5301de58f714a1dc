import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { FilterOption } from './FilterBar';
import { NO_OWNER, PageFilters } from './pageFilters';
import { UNHEALTHY, UnhealthyRow } from './useUnhealthyRows';
import { StatusLight } from '../common/StatusLight';
import { CARD_HEADING } from '../common/cardHeading';

const TOP_OWNERS = 8;

/**
 * The portal at a glance, above the tables: how many results are in each
 * status, and which owners have the most; each count filters the page.
 *
 * @internal
 */
export function HealthSummary({
  rows,
  filters,
  ownerOptions,
  onToggle,
}: {
  rows: UnhealthyRow[];
  filters: PageFilters;
  ownerOptions: FilterOption[];
  onToggle: (key: keyof PageFilters, value: string) => void;
}) {
  const byStatus = UNHEALTHY.map(status => ({
    status,
    count: rows.filter(r => r.status === status).length,
  }));
  const ownerCounts = new Map<string, number>();
  for (const row of rows) {
    const owner = row.owner ?? NO_OWNER;
    ownerCounts.set(owner, (ownerCounts.get(owner) ?? 0) + 1);
  }
  const owners = [...ownerCounts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_OWNERS);
  const ownerLabel = (owner: string) =>
    ownerOptions.find(o => o.value === owner)?.label ?? owner;
  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Summary"
      subheader="Results that are not ok; click to filter"
    >
      <Box display="flex" flexWrap="wrap" alignItems="baseline" mb={1}>
        <Typography
          variant="subtitle2"
          component="h3"
          style={{ minWidth: '6rem' }}
        >
          By status
        </Typography>
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          {byStatus.map(({ status, count }) => (
            <Chip
              key={status}
              clickable
              variant={filters.status.includes(status) ? 'default' : 'outlined'}
              aria-pressed={filters.status.includes(status)}
              aria-label={`${count} ${status}`}
              onClick={() => onToggle('status', status)}
              label={
                <StatusLight status={status}>
                  {count} {status}
                </StatusLight>
              }
            />
          ))}
        </Box>
      </Box>
      <Box display="flex" flexWrap="wrap" alignItems="baseline">
        <Typography
          variant="subtitle2"
          component="h3"
          style={{ minWidth: '6rem' }}
        >
          By owner
        </Typography>
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          {owners.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              Nobody has an unhealthy result.
            </Typography>
          )}
          {owners.map(([owner, count]) => (
            <Chip
              key={owner}
              clickable
              variant={filters.owner.includes(owner) ? 'default' : 'outlined'}
              aria-pressed={filters.owner.includes(owner)}
              onClick={() => onToggle('owner', owner)}
              label={`${ownerLabel(owner)}: ${count}`}
            />
          ))}
        </Box>
      </Box>
    </InfoCard>
  );
}
