import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  isPostureCheckDetails,
  PostureControl,
} from '@ops-health/backstage-plugin-ops-health-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { opsHealthApiRef } from '../../api';
import { CARD_HEADING } from '../common/cardHeading';
import { errorMessage } from '../common/errorMessage';
import { ResultSummary } from '../common/ResultSummary';
import { RunbookLink } from '../common/RunbookLink';
import { StatusLight } from '../common/StatusLight';

const CONTROL_TITLES: Record<PostureControl, string> = {
  account: 'Account',
  cloudtrail: 'CloudTrail',
  'trail-bucket': 'Trail bucket',
  'iam-change-alarm': 'IAM change alarm',
  'access-keys': 'Access keys',
  'reader-permissions': "Ops Health's own permissions",
};

/**
 * The compliance and access posture of an AWS account entity: each control
 * with its finding, the access keys that need attention, and the runbook's
 * audit logging and access control sections.
 *
 * @internal
 */
export function PostureSection() {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const ref = getCompoundEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getEntityHealth(ref, { details: true }),
    [api, ref.kind, ref.namespace, ref.name],
  );

  let content;
  // Read again after "Check now": the last answer stays meanwhile.
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel title={errorMessage(error)} error={error} />;
  } else {
    const result = value?.checks.find(c => c.checkId === 'posture');
    const details =
      result && isPostureCheckDetails(result.details)
        ? result.details
        : undefined;
    content = !result ? (
      <Typography variant="body2">
        The posture of this account has not been measured yet. It is read when
        the entity has the ops-health/aws-account-id annotation and is listed
        under opsHealth.posture.accounts.
      </Typography>
    ) : (
      <>
        <ResultSummary result={result} title="Posture" onMeasured={retry} />
        {details && (
          <Table size="small" aria-label="Posture controls">
            <TableHead>
              <TableRow>
                <TableCell>Control</TableCell>
                <TableCell>Finding</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {details.findings.map(f => (
                <TableRow key={`${f.control}:${f.message}`}>
                  <TableCell component="th" scope="row">
                    {CONTROL_TITLES[f.control] ?? f.control}
                  </TableCell>
                  <TableCell style={{ overflowWrap: 'anywhere' }}>
                    <StatusLight status={f.status}>{f.message}</StatusLight>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {details && details.accessKeys.length > 0 && (
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3">
              Access keys to rotate or deactivate
            </Typography>
            <Table
              size="small"
              aria-label="Access keys to rotate or deactivate"
            >
              <TableBody>
                {details.accessKeys.map(k => (
                  <TableRow key={`${k.userName}:${k.keyIdEnding}`}>
                    <TableCell>
                      {k.userName} …{k.keyIdEnding}
                    </TableCell>
                    <TableCell>{k.problem}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
        <Box mt={1} display="flex" style={{ gap: 16 }} flexWrap="wrap">
          <RunbookLink checkId="posture" section="audit-logging" exact />
          <RunbookLink checkId="posture" section="access-control" exact />
        </Box>
      </>
    );
  }
  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Compliance and access posture"
      subheader="CloudTrail, its bucket, the IAM change alarm, access keys and Ops Health's own permissions"
    >
      {content}
    </InfoCard>
  );
}
