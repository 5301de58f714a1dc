import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { OpsHealthCanaryRun } from '../../api';
import { formatDuration, formatTime, timeAgo } from '../common/format';
import { Person } from '../common/Person';
import { StatusLight } from '../common/StatusLight';

// The outcome the backend stores for a finished run (`result`).
type CanaryOutcome = {
  message?: string;
  error?: string;
  /** Why a run did not run: its process stopped, or another bucket was busy. */
  reason?: 'abandoned' | 'busy';
  /** `bucket/key: error` for each copy of the probe that stayed behind. */
  cleanupErrors?: string[];
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
    // Under 10 s to a tenth, as the check's headline says it.
    const seconds = d.replicatedAfterMs / 1000;
    return `${d.bucket}: replicated in ${
      seconds < 10
        ? `${Math.round(seconds * 10) / 10} s`
        : formatDuration(seconds)
    }`;
  }
  if (d.timedOut) return `${d.bucket}: timed out, the probe did not arrive`;
  return `${d.bucket}: ${d.error ?? 'not replicated'}`;
}

/**
 * A run closed without an outcome because its process stopped (runs closed
 * before the backend said so in `reason` say it in their error).
 */
function abandoned(run: OpsHealthCanaryRun, outcome: CanaryOutcome) {
  return (
    run.status === 'error' &&
    (outcome.reason === 'abandoned' ||
      /^(did not finish|abandoned)\b/.test(outcome.error ?? ''))
  );
}

/** What to do after a test that did not replicate in time. */
function nextStep(run: OpsHealthCanaryRun, outcome: CanaryOutcome) {
  const destinations = outcome.destinations ?? [];
  if (abandoned(run, outcome)) {
    return "Next: run the test again; if it keeps ending like this, the backend's logs say why its process stopped.";
  }
  if (run.status === 'error' && outcome.reason === 'busy') {
    return 'Next: run the test again once the test of the other bucket has finished.';
  }
  if (run.status === 'error') {
    return `Next: the test could not write its probe to ${run.bucket}. Ops Health's AWS role needs s3:PutObject and s3:DeleteObject on it; fix that and run the test again.`;
  }
  if (run.status === 'critical') {
    if (destinations.some(d => d.error && !d.timedOut)) {
      return 'Next: Ops Health could not read the destination (see above); give its role s3:GetObject and s3:ListBucket there and run the test again.';
    }
    return "Next: fix what this section lists for the bucket (rule enabled, the replication role assumable by S3 and allowed to replicate, versioning on both buckets), then run the test again. The runbook's replication section has the steps.";
  }
  if (run.status === 'warning') {
    return 'Next: replication works but is slow; watch the latency above and see the runbook if it stays high.';
  }
  return undefined;
}

function Outcome({ run }: { run: OpsHealthCanaryRun }) {
  const outcome = (run.result ?? {}) as CanaryOutcome;
  const destinations = outcome.destinations ?? [];
  const lines = destinations.map(destinationText);
  // The message repeats the destinations: said only when there are none
  // (the run could not start); the clean-up, which they do not say, apart.
  const cleanup = outcome.cleanupErrors ?? [];
  const next = nextStep(run, outcome);
  return (
    <>
      {lines.length === 0 && (outcome.message ?? outcome.error)}
      {lines.map(line => (
        <Box component="span" display="block" key={line}>
          {line}
        </Box>
      ))}
      {lines.length > 0 && cleanup.length > 0 && (
        <Box component="span" display="block">
          Could not delete the probe: {cleanup.join('; ')}
        </Box>
      )}
      {next && (
        <Box component="span" display="block" color="text.primary">
          {next}
        </Box>
      )}
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
            // Wrapped, not cut: the outcome says what to do next.
            style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
            primary={
              <StatusLight status={run.status}>
                Test of {run.bucket}:{' '}
                {abandoned(run, (run.result ?? {}) as CanaryOutcome)
                  ? 'did not finish'
                  : STATUS_TEXT[run.status] ?? run.status}
              </StatusLight>
            }
            secondary={
              <Box
                component="div"
                fontSize="body2.fontSize"
                color="text.secondary"
              >
                {/* Only the progress is announced as it changes: not who
                    started the test, nor its age ticking on. */}
                <Box
                  component="div"
                  role="status"
                  aria-label={`Progress of the test of ${run.bucket}`}
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
                </Box>
                <Box component="span" display="block">
                  Started by <Person entityRef={run.createdBy} />{' '}
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
