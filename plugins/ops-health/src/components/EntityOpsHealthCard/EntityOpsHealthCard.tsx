import {
  CodeSnippet,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { OpsHealthSetupReport } from '@ops-health/backstage-plugin-ops-health-common';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef } from '../../api';

const CHECK_TITLES: Record<string, string> = {
  cost: 'AWS cost',
  replication: 'S3 replication',
  backup: 'Disaster-recovery backup',
};

const STATUS_TEXT: Record<OpsHealthSetupReport['status'], string> = {
  configured: 'All Ops Health checks are set up for this entity.',
  partial: 'Some Ops Health checks are set up for this entity.',
  'not-configured': 'This entity has no Ops Health annotations yet.',
  misconfigured: 'Some Ops Health annotations of this entity are malformed.',
};

function SetupReport({ report }: { report: OpsHealthSetupReport }) {
  const set = report.annotations.filter(a => a.state === 'set');
  return (
    <>
      <Typography variant="body1" gutterBottom>
        {STATUS_TEXT[report.status]}
      </Typography>
      <List dense aria-label="Ops Health checks">
        {report.checks.map(check => (
          <ListItem key={check.id} disableGutters>
            <ListItemText
              primary={
                check.configured ? (
                  <StatusOK>{CHECK_TITLES[check.id]}: configured</StatusOK>
                ) : (
                  <StatusPending>
                    {CHECK_TITLES[check.id]}: not set up
                  </StatusPending>
                )
              }
              secondary={
                check.configured
                  ? undefined
                  : `Add ${check.missing.join(' and ')}`
              }
            />
          </ListItem>
        ))}
      </List>
      {report.problems.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Malformed annotations</Typography>
          <List dense aria-label="Malformed annotations">
            {report.problems.map(p => (
              <ListItem key={p.annotation} disableGutters>
                <ListItemText
                  primary={
                    <StatusError>
                      {p.annotation}: {JSON.stringify(p.value)}
                    </StatusError>
                  }
                  secondary={p.message}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
      {set.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Annotations found</Typography>
          <List dense aria-label="Annotations found">
            {set.map(a => (
              <ListItem key={a.annotation} disableGutters>
                <ListItemText primary={`${a.annotation}: ${a.value}`} />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
      {report.snippet && (
        <Box mt={1}>
          <Typography variant="subtitle2" gutterBottom>
            {report.status === 'not-configured' ? (
              'Add these annotations to catalog-info.yaml to set it up:'
            ) : (
              <StatusWarning>
                Add these annotations to catalog-info.yaml for the remaining
                checks:
              </StatusWarning>
            )}
          </Typography>
          <CodeSnippet
            text={report.snippet}
            language="yaml"
            showCopyCodeButton
          />
        </Box>
      )}
    </>
  );
}

/**
 * Ops Health overview of the current entity.
 *
 * @public
 */
export function EntityOpsHealthCard() {
  const { entity } = useEntity();
  const api = useApi(opsHealthApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntitySetup(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );

  return (
    <InfoCard
      title="Ops Health"
      subheader="AWS cost, S3 replication and backups"
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && <SetupReport report={value} />}
    </InfoCard>
  );
}
