import { StatusPending } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import {
  checkTitle,
  isNotMeasuredYet,
  OpsHealthCheckResult,
  OpsHealthEntityHealth,
  statusRank,
} from '@ops-health/backstage-plugin-ops-health-common';
import { formatClock, formatTime } from '../common/format';
import { RelativeTime } from '../common/RelativeTime';
import { StaleChip } from '../common/StaleChip';
import { staleReason } from '../common/staleness';
import { StatusLight } from '../common/StatusLight';

function worst(results: OpsHealthCheckResult[]): OpsHealthCheckResult {
  return results.reduce((a, b) =>
    statusRank(b.status) > statusRank(a.status) ? b : a,
  );
}

function latest(results: OpsHealthCheckResult[]): string {
  return results.reduce(
    (a, r) => (Date.parse(r.measuredAt) > Date.parse(a) ? r.measuredAt : a),
    results[0].measuredAt,
  );
}

// Lines wrap, also inside an annotation name, in the narrow column of an
// info card at 1024 px.
const WRAP = {
  style: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
} as const;

/**
 * The three health lights of an entity: one line per check with its reason
 * and when it was measured.
 *
 * @internal
 */
export function HealthLights({
  health,
  hideNotSetUp = false,
  headlineShown,
}: {
  health: OpsHealthEntityHealth;
  /** Leave out the annotation checks that are not set up (e.g. on an AWS account). */
  hideNotSetUp?: boolean;
  /** A result whose headline the card already shows above: not said twice. */
  headlineShown?: OpsHealthEntityHealth['checks'][number];
}) {
  // Checks added by modules (e.g. posture) have no annotation setup: they
  // are shown when they have results.
  const moduleChecks = [...new Set(health.checks.map(r => r.checkId))]
    .filter(id => !health.setup.checks.some(c => c.id === id))
    .map(id => ({ id, configured: true, missing: [] as string[] }));
  const checks = [
    ...health.setup.checks.filter(c => c.configured || !hideNotSetUp),
    ...moduleChecks,
  ];
  return (
    <List dense aria-label="Ops Health checks">
      {checks.map(check => {
        const results = health.checks.filter(r => r.checkId === check.id);
        const title = checkTitle(check.id);
        if (!check.configured) {
          return (
            <ListItem key={check.id} disableGutters>
              <ListItemText
                primaryTypographyProps={WRAP}
                secondaryTypographyProps={WRAP}
                primary={<StatusPending>{title}: not set up</StatusPending>}
                secondary={`Add ${check.missing.join(' and ')}`}
              />
            </ListItem>
          );
        }
        if (results.length === 0) {
          const due = health.pending?.find(p => p.checkId === check.id);
          return (
            <ListItem key={check.id} disableGutters>
              <ListItemText
                primaryTypographyProps={WRAP}
                secondaryTypographyProps={WRAP}
                primary={
                  <StatusPending>
                    {title}: waiting for the first measurement
                  </StatusPending>
                }
                secondary={due && <DueBy dueBy={due.dueBy} />}
              />
            </ListItem>
          );
        }
        const shown = worst(results);
        // The backend's flag (last collection failed) first, then age.
        const stale = [...results]
          .sort((a, b) => Number(b.stale) - Number(a.stale))
          .map(r => staleReason(r))
          .find(Boolean);
        return (
          <ListItem key={check.id} disableGutters>
            <ListItemText
              primaryTypographyProps={WRAP}
              secondaryTypographyProps={WRAP}
              primary={
                <Box display="flex" alignItems="center" flexWrap="wrap">
                  <StatusLight status={shown.status}>
                    {title}: {shown.status}
                  </StatusLight>
                  {stale && <StaleChip reason={stale} />}
                </Box>
              }
              secondary={
                <>
                  {shown === headlineShown
                    ? results.length > 1 &&
                      `worst of ${results.length} shown above · `
                    : `${shown.headline}${
                        results.length > 1
                          ? ` (worst of ${results.length})`
                          : ''
                      } · `}
                  {results.every(isNotMeasuredYet)
                    ? 'first tried '
                    : 'last measured '}
                  <RelativeTime iso={latest(results)} />
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}

/** When a check's first measurement is due: its next catch-up run. */
function DueBy({ dueBy }: { dueBy?: string }) {
  if (!dueBy) {
    // Catch-up runs only when triggered (a manual schedule).
    return <>Measured when the next catch-up run is triggered</>;
  }
  return (
    <>
      Due by{' '}
      <time dateTime={dueBy} title={formatTime(dueBy)}>
        {formatClock(dueBy)}
      </time>
    </>
  );
}
