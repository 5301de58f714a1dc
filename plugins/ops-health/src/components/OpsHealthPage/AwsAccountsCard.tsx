import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { isPostureCheckDetails } from '@ops-health/backstage-plugin-ops-health-common';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef } from '../../api';
import { CARD_HEADING } from '../common/cardHeading';
import { errorMessage } from '../common/errorMessage';
import { RelativeTime } from '../common/RelativeTime';
import { StatusLight } from '../common/StatusLight';

/**
 * The AWS accounts of the catalog (Resources of type aws-account) with
 * their compliance and access posture: CloudTrail, its bucket, the IAM
 * change alarm, access keys and Ops Health's own permissions.
 *
 * @internal
 */
export function AwsAccountsCard() {
  const api = useApi(opsHealthApiRef);
  const { value, loading, error } = useAsync(
    () => api.listHealth({ check: ['posture'], limit: 100, details: true }),
    [api],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the accounts: ${errorMessage(error)}`}
        error={error}
      />
    );
  } else if (!value || value.items.length === 0) {
    content = (
      <Typography variant="body2">
        No AWS account is modelled yet. Add a catalog Resource of type
        aws-account with the ops-health/aws-account-id annotation, and list it
        under opsHealth.posture.accounts.
      </Typography>
    );
  } else {
    content = (
      <Table size="small" aria-label="AWS accounts and their posture">
        <TableHead>
          <TableRow>
            <TableCell>Account</TableCell>
            <TableCell>Posture</TableCell>
            <TableCell>Findings</TableCell>
            <TableCell>Measured</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.items.map(item => {
            const details = isPostureCheckDetails(item.details)
              ? item.details
              : undefined;
            const findings = details?.findings.filter(f => f.status !== 'ok');
            return (
              <TableRow key={item.entityRef}>
                <TableCell>
                  <EntityRefLink entityRef={item.entityRef} />
                  {details && (
                    <Typography
                      variant="caption"
                      display="block"
                      color="textSecondary"
                    >
                      {details.accountId}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <StatusLight status={item.status}>{item.status}</StatusLight>
                </TableCell>
                <TableCell style={{ overflowWrap: 'anywhere' }}>
                  {findings && findings.length > 0 ? (
                    findings.map(f => (
                      <Typography
                        key={`${f.control}:${f.message}`}
                        variant="body2"
                      >
                        {f.message}
                      </Typography>
                    ))
                  ) : (
                    <Typography variant="body2">{item.headline}</Typography>
                  )}
                </TableCell>
                <TableCell>
                  <RelativeTime iso={item.measuredAt} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  }
  const more =
    value && value.totalCount > value.items.length
      ? ` (the first ${value.items.length} of ${value.totalCount})`
      : '';
  return (
    <InfoCard
      title={`AWS accounts${more}`}
      subheader="Audit logging and access control, as the runbook asks"
      titleTypographyProps={CARD_HEADING}
    >
      {content}
    </InfoCard>
  );
}
