import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusError,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ANNOTATION_EDIT_URL,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CopyableCode } from '../common/CopyableCode';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  checkTitle,
  OPS_HEALTH_ANNOTATION_DOCS,
  OpsHealthEntityHealth,
  safeLink,
  statusRank,
} from '@ops-health/backstage-plugin-ops-health-common';
import { Fragment } from 'react';
import { StatusLight } from '../common/StatusLight';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { EntityRunbookLink } from './EntityRunbookLink';
import { HealthLights } from './HealthLights';
import { OpenIncidents } from './OpenIncidents';
import { CARD_HEADING } from '../common/cardHeading';
import { isAwsAccountEntity } from '@ops-health/backstage-plugin-ops-health-common';

const SUMMARY: Record<OpsHealthEntityHealth['status'], string> = {
  ok: 'All checks are healthy.',
  warning: 'Some checks need attention.',
  critical: 'Some checks are failing.',
  unknown: 'Waiting for the first measurements.',
  misconfigured: 'Some Ops Health annotations of this entity are malformed.',
  'not-configured': 'This entity has no Ops Health annotations yet.',
};

/** The worst result when it fails (critical or warning): the card's answer. */
function failing(health: OpsHealthEntityHealth) {
  const worst = health.checks.reduce<
    OpsHealthEntityHealth['checks'][number] | undefined
  >(
    (w, c) => (!w || statusRank(c.status) > statusRank(w.status) ? c : w),
    undefined,
  );
  return worst && (worst.status === 'critical' || worst.status === 'warning')
    ? worst
    : undefined;
}

/** The overall status, and the worst check's headline when one fails. */
function Summary({ health }: { health: OpsHealthEntityHealth }) {
  const worst = failing(health);
  if (worst) {
    return (
      <Box mb={1}>
        <StatusLight status={worst.status}>
          <Typography variant="subtitle1" component="span">
            {checkTitle(worst.checkId)}: {worst.headline}
          </Typography>
        </StatusLight>
      </Box>
    );
  }
  return (
    <Typography variant="body1">
      {health.status === 'unknown' && health.checks.length > 0
        ? 'Some checks could not be measured yet.'
        : SUMMARY[health.status]}
    </Typography>
  );
}

/**
 * What each annotation means, with an example, to read before editing: the
 * text comes with this package (the summary carries each one's state).
 */
function AnnotationReference({
  setup,
}: {
  setup: OpsHealthEntityHealth['setup'];
}) {
  return (
    <details>
      <summary>
        <Typography variant="body2" component="span">
          What each annotation means
        </Typography>
      </summary>
      <dl aria-label="Ops Health annotations">
        {setup.annotations.map(a => (
          <Fragment key={a.annotation}>
            <dt>
              <Typography variant="body2" component="code">
                {a.annotation}
              </Typography>
              {a.check && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="span"
                >
                  {' '}
                  ({checkTitle(a.check)})
                </Typography>
              )}
            </dt>
            <dd style={{ marginLeft: 16, marginBottom: 8 }}>
              <Typography variant="body2" color="textSecondary">
                {OPS_HEALTH_ANNOTATION_DOCS[a.key].description}, e.g.{' '}
                <code>{OPS_HEALTH_ANNOTATION_DOCS[a.key].example}</code>
              </Typography>
            </dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}

function Setup({ health }: { health: OpsHealthEntityHealth }) {
  const { setup } = health;
  const { entity } = useEntity();
  // Where the entity's catalog-info.yaml is edited, when the catalog knows.
  const editUrl = safeLink(
    entity.metadata.annotations?.[ANNOTATION_EDIT_URL] ?? '',
  );
  return (
    <>
      {setup.problems.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2" component="h3">
            Malformed annotations
          </Typography>
          <List dense aria-label="Malformed annotations">
            {setup.problems.map(p => (
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
      {setup.snippet && (
        <Box mt={1}>
          <Typography variant="subtitle2" component="p" gutterBottom>
            {setup.status === 'not-configured'
              ? 'To set it up, add these annotations to catalog-info.yaml'
              : 'To finish the setup, change these annotations in catalog-info.yaml'}
            , replacing each &lt;placeholder&gt; with this entity's own value:
          </Typography>
          <CopyableCode text={setup.snippet} language="yaml" />
          {editUrl && (
            <Box mt={1}>
              <Link to={editUrl}>Edit catalog-info.yaml</Link>
            </Box>
          )}
          <AnnotationReference setup={setup} />
        </Box>
      )}
    </>
  );
}

/**
 * Ops Health overview of the current entity: a light per check with its
 * reason and the time of the last measurement, how to set up the rest, the
 * open incidents and the runbook.
 *
 * @public
 */
export function EntityOpsHealthCard() {
  const { entity } = useEntity();
  const api = useApi(opsHealthApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntityHealth(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );

  // An AWS account shows its posture, not the services' annotation setup.
  const isAccount = isAwsAccountEntity(entity);

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Ops Health"
      subheader={
        isAccount
          ? 'Compliance and access posture of the AWS account'
          : 'AWS cost, S3 replication and backups'
      }
    >
      {loading && <Progress />}
      {error && (
        <ResponseErrorPanel title={errorMessage(error)} error={error} />
      )}
      {value && <Summary health={value} />}
      {/* The answer first: what is wrong, the incident, the runbook. */}
      <OpenIncidents />
      <EntityRunbookLink />
      {value && (
        <>
          <HealthLights
            health={value}
            hideNotSetUp={isAccount}
            headlineShown={failing(value)}
          />
          {!isAccount && <Setup health={value} />}
        </>
      )}
    </InfoCard>
  );
}
