import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { OpsHealthCanaryRun } from '../../api';
import { formatDuration, formatTime, timeAgo } from '../common/format';
import { StatusLight } from '../common/StatusLight';

// The outcome the backend stores for a finished run (`result`).
type CanaryOutcome = {
  message?: string;
  error?: string;
  destinations?: Array<{
    bucket: string;
    ruleId?: string;
    replicatedAfterMs?: number;
    timedOut?: boolean;
    error?: string;
  }>;
};

const STATUS_TEXT: Record<OpsHealthCanaryRun['status'], string> = {
  running: 'running',
  ok: 'replicated',
  warning: 'replicated slowly',
  critical: 'failed',
  error: 'could not run',
};

function destinationText(d: NonNullable<CanaryOutcome['destinations']>[0]) {
  if (d.replicatedAfterMs !== undefined) {
    return `${d.bucket}: replicated in ${formatDuration(
      d.replicatedAfterMs / 1000,
    )}`;
  }
  if (d.timedOut) return `${d.bucket}: timed out, the probe did not arrive`;
  return `${d.bucket}: ${d.error ?? 'not replicated'}`;
}

function Outcome({ run }: { run: OpsHealthCanaryRun }) {
  const outcome = (run.result ?? {}) as CanaryOutcome;
  const lines = (outcome.destinations ?? []).map(destinationText);
  return (
    <>
      {outcome.message ?? outcome.error}
      {lines.map(line => (
        <Box component="span" display="block" key={line}>
          {line}
        </Box>
      ))}
    </>
  );
}

/**
 * The latest replication test of each bucket: progress while it runs, the
 * measured replication time or why it failed once it has finished.
 *
 * @internal
 */
export function CanaryRuns({ runs }: { runs: OpsHealthCanaryRun[] }) {
  if (runs.length === 0) return null;
  return (
    <List dense aria-label="Replication tests">
      {runs.map(run => (
        <ListItem key={run.id} disableGutters>
          <ListItemText
            disableTypography
            primary={
              <StatusLight status={run.status}>
                Test of {run.bucket}: {STATUS_TEXT[run.status] ?? run.status}
              </StatusLight>
            }
            secondary={
              <Box
                component="div"
                fontSize="body2.fontSize"
                color="text.secondary"
                aria-live="polite"
              >
                {run.status === 'running' ? (
                  <>
                    {run.progress ?? 'Starting'}
                    <LinearProgress
                      aria-label={`Test of ${run.bucket} running`}
                    />
                  </>
                ) : (
                  <Outcome run={run} />
                )}
                <Box component="span" display="block">
                  Started by {run.createdBy}{' '}
                  <time
                    dateTime={run.startedAt}
                    title={formatTime(run.startedAt)}
                  >
                    {timeAgo(run.startedAt)}
                  </time>
                </Box>
              </Box>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
