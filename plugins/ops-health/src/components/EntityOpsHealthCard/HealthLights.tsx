import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Tooltip from '@material-ui/core/Tooltip';
import {
  OpsHealthCheckResult,
  OpsHealthCheckStatus,
  OpsHealthEntityHealth,
} from '@ops-health/backstage-plugin-ops-health-common';
import { ReactNode } from 'react';

const CHECK_TITLES: Record<string, string> = {
  cost: 'AWS cost',
  replication: 'S3 replication',
  backup: 'Disaster-recovery backup',
};

const SEVERITY: OpsHealthCheckStatus[] = [
  'ok',
  'unknown',
  'warning',
  'misconfigured',
  'critical',
];

function Light({ status, children }: { status: string; children: ReactNode }) {
  switch (status) {
    case 'ok':
      return <StatusOK>{children}</StatusOK>;
    case 'warning':
      return <StatusWarning>{children}</StatusWarning>;
    case 'critical':
      return <StatusError>{children}</StatusError>;
    case 'misconfigured':
      return <StatusAborted>{children}</StatusAborted>;
    default:
      return <StatusPending>{children}</StatusPending>;
  }
}

function worst(results: OpsHealthCheckResult[]): OpsHealthCheckResult {
  return results.reduce((a, b) =>
    SEVERITY.indexOf(b.status) > SEVERITY.indexOf(a.status) ? b : a,
  );
}

function timeAgo(iso: string): string {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 90) return 'just now';
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/**
 * The three health lights of an entity: one line per check with its reason
 * and when it was measured.
 *
 * @internal
 */
export function HealthLights({ health }: { health: OpsHealthEntityHealth }) {
  return (
    <List dense aria-label="Ops Health checks">
      {health.setup.checks.map(check => {
        const results = health.checks.filter(r => r.checkId === check.id);
        const title = CHECK_TITLES[check.id] ?? check.id;
        if (!check.configured) {
          return (
            <ListItem key={check.id} disableGutters>
              <ListItemText
                primary={<StatusPending>{title}: not set up</StatusPending>}
                secondary={`Add ${check.missing.join(' and ')}`}
              />
            </ListItem>
          );
        }
        if (results.length === 0) {
          return (
            <ListItem key={check.id} disableGutters>
              <ListItemText
                primary={
                  <StatusPending>
                    {title}: waiting for the first measurement
                  </StatusPending>
                }
              />
            </ListItem>
          );
        }
        const shown = worst(results);
        const stale = results.find(r => r.stale);
        return (
          <ListItem key={check.id} disableGutters>
            <ListItemText
              secondaryTypographyProps={{
                style: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
              }}
              primary={
                <Box display="flex" alignItems="center" flexWrap="wrap">
                  <Light status={shown.status}>
                    {title}: {shown.status}
                  </Light>
                  {stale && (
                    <Tooltip
                      title={`Last collection failed ${timeAgo(
                        stale.errorAt ?? stale.measuredAt,
                      )}: ${stale.error}`}
                    >
                      <Chip
                        size="small"
                        label="stale"
                        style={{ marginLeft: 8 }}
                      />
                    </Tooltip>
                  )}
                </Box>
              }
              secondary={
                <>
                  {shown.message}
                  {results.length > 1 ? ` (worst of ${results.length})` : ''}
                  {' · measured '}
                  <time dateTime={shown.measuredAt} title={shown.measuredAt}>
                    {timeAgo(shown.measuredAt)}
                  </time>
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
