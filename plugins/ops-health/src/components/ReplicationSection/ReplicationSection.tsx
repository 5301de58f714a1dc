import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  OpsHealthCheckResult,
  parseOpsHealthAnnotations,
  isReplicationCheckDetails,
  ReplicationRuleDetails,
} from '@ops-health/backstage-plugin-ops-health-common';
import { useCheckDetail } from '../../hooks/useCheckDetail';
import { useReplicationCanary } from '../../hooks/useReplicationCanary';
import { errorMessage, errorStatus } from '../common/errorMessage';
import { formatCount, formatDuration } from '../common/format';
import { CheckNowButton } from '../common/CheckNowButton';
import { ResultSummary } from '../common/ResultSummary';
import { CanaryRuns } from './CanaryRuns';
import { CARD_HEADING } from '../common/cardHeading';

function metric(value: number | undefined, format: (v: number) => string) {
  return value === undefined ? '–' : format(value);
}

function RulesTable({
  bucket,
  rules,
}: {
  bucket: string;
  rules: ReplicationRuleDetails[];
}) {
  return (
    <Table size="small" aria-label={`Replication rules of ${bucket}`}>
      <TableHead>
        <TableRow>
          <TableCell>Rule</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Destination</TableCell>
          <TableCell align="right">Latency</TableCell>
          <TableCell align="right">Pending operations</TableCell>
          <TableCell align="right">Failed operations</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rules.map(rule => (
          <TableRow key={rule.id}>
            <TableCell component="th" scope="row">
              {rule.id}
              {rule.prefix ? ` (${rule.prefix})` : ''}
            </TableCell>
            <TableCell>
              {rule.status === 'Enabled' ? (
                <StatusOK>Enabled</StatusOK>
              ) : (
                <StatusWarning>Disabled</StatusWarning>
              )}
            </TableCell>
            <TableCell>
              {rule.destinationBucket}
              {rule.destinationVersioning !== 'Enabled' && (
                <Typography variant="caption" display="block" color="error">
                  {rule.destinationVersioning === 'BucketMissing'
                    ? 'bucket missing'
                    : `versioning ${rule.destinationVersioning.toLocaleLowerCase(
                        'en-US',
                      )}`}
                </Typography>
              )}
            </TableCell>
            {rule.metricsEnabled ? (
              <>
                <TableCell align="right">
                  {metric(rule.metrics.latencySeconds, formatDuration)}
                </TableCell>
                <TableCell align="right">
                  {metric(rule.metrics.pendingOperations, formatCount)}
                </TableCell>
                <TableCell align="right">
                  {rule.metrics.failedOperations ? (
                    <StatusError>
                      {formatCount(rule.metrics.failedOperations)}
                    </StatusError>
                  ) : (
                    metric(rule.metrics.failedOperations, formatCount)
                  )}
                </TableCell>
              </>
            ) : (
              <TableCell align="right" colSpan={3}>
                no replication metrics
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function BucketReplication({ result }: { result: OpsHealthCheckResult }) {
  const details = isReplicationCheckDetails(result.details)
    ? result.details
    : undefined;
  return (
    <Box mb={3} component="section" aria-label={`Bucket ${result.subject}`}>
      <ResultSummary
        result={result}
        title={result.subject}
        explained={Boolean(details && details.problems.length > 0)}
      />
      {details && (
        <>
          {details.problems.length > 0 && (
            <ul aria-label={`Problems of ${result.subject}`}>
              {details.problems.map(p => (
                <li key={p}>
                  <Typography variant="body2">{p}</Typography>
                </li>
              ))}
            </ul>
          )}
          {details.role && (
            <Typography variant="body2" color="textSecondary">
              Replication role {details.role.name}:{' '}
              {!details.role.exists && 'missing'}
              {details.role.exists &&
                (details.role.trustsS3
                  ? 'assumable by S3'
                  : 'S3 may not assume it')}
            </Typography>
          )}
          {details.metricsError && (
            <WarningPanel
              title="Replication metrics could not be read"
              message={details.metricsError}
            />
          )}
          {details.rules.length > 0 ? (
            <RulesTable bucket={result.subject} rules={details.rules} />
          ) : (
            <Typography variant="body2">
              No replication rules on this bucket.
            </Typography>
          )}
          {details.notes.map(n => (
            <Typography key={n} variant="caption" display="block">
              {n}
            </Typography>
          ))}
        </>
      )}
    </Box>
  );
}

function CanaryPanel({ onFinished }: { onFinished: () => void }) {
  const canary = useReplicationCanary({ onFinished });
  const busy = canary.starting || canary.running;
  return (
    <Box component="section" aria-label="Replication test">
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Replication test
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Writes a probe object to each source bucket and measures how long it
        takes to appear in the destinations.
      </Typography>
      <Button
        variant="outlined"
        color="primary"
        onClick={canary.start}
        disabled={busy}
      >
        {busy ? 'Replication test running…' : 'Run replication test'}
      </Button>
      {canary.conflict && (
        <Box mt={1}>
          <WarningPanel
            severity="info"
            title={`A test is already running: ${canary.conflict}`}
          />
        </Box>
      )}
      {canary.error && (
        <Box mt={1}>
          <WarningPanel
            severity="error"
            title={
              errorStatus(canary.error) === 403
                ? `Not allowed: ${errorMessage(canary.error)}`
                : errorMessage(canary.error)
            }
          />
        </Box>
      )}
      {canary.loadError && (
        <Box mt={1}>
          <WarningPanel
            title={`Could not read the replication tests: ${errorMessage(
              canary.loadError,
            )}`}
          />
        </Box>
      )}
      <CanaryRuns runs={canary.runs} />
    </Box>
  );
}

/**
 * S3 replication of the entity's buckets: rules with status, latency and
 * failed operations, and the on-demand replication test.
 *
 * @internal
 */
export function ReplicationSection() {
  const { entity } = useEntity();
  const { value, loading, error, retry } = useCheckDetail('replication');
  const buckets = parseOpsHealthAnnotations(entity).replicationBuckets ?? [];

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel title={errorMessage(error)} error={error} />;
  } else if (value) {
    const results = value.results
      .filter(r => r.checkId === 'replication')
      .sort((a, b) => a.subject.localeCompare(b.subject));
    content =
      results.length === 0 ? (
        <Typography variant="body2">
          {buckets.length > 0
            ? 'No replication has been measured for this entity yet.'
            : 'Add the ops-health/s3-replication annotation (source buckets, comma separated) to follow S3 replication of this entity.'}
        </Typography>
      ) : (
        results.map(r => <BucketReplication key={r.subject} result={r} />)
      );
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Replication"
      subheader="S3 replication of the entity's buckets"
      action={
        value?.results.some(r => r.checkId === 'replication') ? (
          <CheckNowButton
            checkId="replication"
            title="replication"
            onMeasured={retry}
          />
        ) : undefined
      }
    >
      {content}
      {buckets.length > 0 && <CanaryPanel onFinished={retry} />}
    </InfoCard>
  );
}
