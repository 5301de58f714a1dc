import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  WarningPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  BackupCheckDetails,
  BackupRestorePoint,
  isBackupCheckDetails,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import { useState } from 'react';
import { opsHealthApiRef, OpsHealthBackupTrigger } from '../../api';
import { useCheckDetail } from '../../hooks/useCheckDetail';
import { errorMessage, errorStatus } from '../common/errorMessage';
import { formatDuration, formatTime, timeAgo } from '../common/format';
import { ResultSummary } from '../common/ResultSummary';
import { CARD_HEADING } from '../common/cardHeading';
import { RestoreCommand } from './RestoreCommand';
import { FunctionTuning } from './FunctionTuning';

const KIND_TEXT: Record<BackupRestorePoint['kind'], string> = {
  's3-object': 'S3 object',
  'recovery-point': 'AWS Backup recovery point',
};

function RestorePoint({ details }: { details: BackupCheckDetails }) {
  const point = details.restorePoint;
  if (!point) {
    return (
      <StatusError>
        No successful backup found: there is nothing to restore from.
      </StatusError>
    );
  }
  // The age now, not when it was measured.
  const ageSeconds = (Date.now() - new Date(point.time).getTime()) / 1000;
  const tooOld = ageSeconds > details.maxAgeSeconds;
  const age = `${formatDuration(
    ageSeconds,
  )} old, the maximum is ${formatDuration(details.maxAgeSeconds)}`;
  return (
    <Box>
      <Typography variant="overline" component="div" color="textSecondary">
        Last successful backup (restore point)
      </Typography>
      <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
        {KIND_TEXT[point.kind]} {point.identifier}
      </Typography>
      <Typography variant="body2">
        Taken{' '}
        <time dateTime={point.time} title={formatTime(point.time)}>
          {formatTime(point.time)}
        </time>
      </Typography>
      {tooOld ? <StatusError>{age}</StatusError> : <StatusOK>{age}</StatusOK>}
      <RestoreCommand details={details} />
    </Box>
  );
}

function FailedJobs({ details }: { details: BackupCheckDetails }) {
  const jobs = details.awsBackup?.failedJobs ?? [];
  if (!details.awsBackup) return null;
  if (jobs.length === 0) {
    return (
      <Typography variant="body2">
        No failed backup jobs since the last completed one.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Failed jobs
      </Typography>
      <List dense aria-label="Failed backup jobs">
        {jobs.map(job => (
          <ListItem key={job.jobId} disableGutters>
            <ListItemText
              primary={
                <StatusError>
                  {job.jobId}: {job.state}
                </StatusError>
              }
              secondary={[
                job.createdAt && `started ${timeAgo(job.createdAt)}`,
                job.statusMessage,
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}

function LogErrors({ details }: { details: BackupCheckDetails }) {
  if (details.logErrors.length === 0) return null;
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Errors in the backup function's logs
        {details.logs ? ` (${details.logs.matchedCount} in the window)` : ''}
      </Typography>
      <List dense aria-label="Backup function log errors">
        {details.logErrors.slice(0, 5).map(line => (
          <ListItem key={`${line.timestamp}${line.logStream}`} disableGutters>
            <ListItemText
              primary={line.message}
              secondary={timeAgo(line.timestamp)}
              primaryTypographyProps={{
                style: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
              }}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}

function TriggerBackup({ functionName }: { functionName: string }) {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const [state, setState] = useState<{
    busy: boolean;
    result?: OpsHealthBackupTrigger;
    error?: Error;
  }>({ busy: false });

  const trigger = async () => {
    setState({ busy: true });
    try {
      const result = await api.triggerBackup(getCompoundEntityRef(entity));
      setState({ busy: false, result });
    } catch (error) {
      setState({ busy: false, error: error as Error });
    }
  };

  return (
    <Box mt={2} component="section" aria-label="Manual backup">
      <Button
        variant="outlined"
        color="primary"
        onClick={trigger}
        disabled={state.busy}
      >
        {state.busy ? 'Triggering backup…' : 'Trigger backup'}
      </Button>
      <Typography variant="caption" display="block" color="textSecondary">
        Invokes {functionName}; the new backup shows here after the next check.
      </Typography>
      <Box aria-live="polite">
        {state.result && (
          <StatusOK>
            Backup function {state.result.functionName} invoked at{' '}
            {formatTime(state.result.invokedAt)}
            {state.result.requestId
              ? ` (request ${state.result.requestId})`
              : ''}
          </StatusOK>
        )}
      </Box>
      {state.error && errorStatus(state.error) === 429 && (
        // Triggered moments ago (by anyone): information, not a failure.
        <Box mt={1} role="status">
          <StatusPending>{errorMessage(state.error)}</StatusPending>
        </Box>
      )}
      {state.error && errorStatus(state.error) !== 429 && (
        <Box mt={1}>
          <WarningPanel
            severity="error"
            title={
              errorStatus(state.error) === 403
                ? `Not allowed: ${errorMessage(state.error)}`
                : errorMessage(state.error)
            }
          />
        </Box>
      )}
    </Box>
  );
}

/**
 * The entity's disaster-recovery backups: the restore point and its age
 * against the maximum, failed jobs, and a manual trigger.
 *
 * @internal
 */
export function BackupSection() {
  const { entity } = useEntity();
  const { value, loading, error, retry } = useCheckDetail('backup');
  const config = parseOpsHealthAnnotations(entity);

  let content;
  // Read again after "Check now": the last answer stays meanwhile.
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel title={errorMessage(error)} error={error} />;
  } else if (value) {
    const results = value.results.filter(r => r.checkId === 'backup');
    content =
      results.length === 0 ? (
        <Typography variant="body2">
          {config.checks.backup
            ? 'No backup has been checked for this entity yet.'
            : 'Add ops-health/backup-s3 and ops-health/backup-max-age to follow the backups of this entity (or ops-health/backup-resource-arn for AWS Backup); the Ops Health card on the Overview tab shows the lines to add.'}
        </Typography>
      ) : (
        results.map(result => {
          const details = isBackupCheckDetails(result.details)
            ? result.details
            : undefined;
          return (
            <Box key={result.subject} mb={2}>
              <ResultSummary
                result={result}
                title="Backup"
                onMeasured={retry}
              />
              {details && (
                <>
                  <RestorePoint details={details} />
                  <Box mt={1}>
                    <FailedJobs details={details} />
                  </Box>
                  <LogErrors details={details} />
                  {details.tuning && <FunctionTuning tuning={details.tuning} />}
                  {details.errors.map(e => (
                    <WarningPanel
                      key={e.part}
                      title={`Could not check ${e.part}`}
                      message={e.message}
                    />
                  ))}
                </>
              )}
            </Box>
          );
        })
      );
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Backups"
      subheader="Disaster-recovery backups"
    >
      {content}
      {config.backupLambda && (
        <TriggerBackup functionName={config.backupLambda} />
      )}
    </InfoCard>
  );
}
