import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  StatusOK,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import {
  OpsHealthAcknowledgement,
  OpsHealthApi,
  opsHealthApiRef,
} from '../../api';
import { errorMessage } from '../common/errorMessage';
import { useInlineLinkStyles } from './OnCallSummary';
import { useOpsHealthPagePath } from './paths';

/**
 * Each link is posted once per page load: a link works once, and a second
 * post (React running an effect twice, a re-render) would answer "already
 * used" to the person who just used it.
 */
const attempts = new Map<string, Promise<OpsHealthAcknowledgement>>();

function acknowledgeOnce(api: OpsHealthApi, token: string) {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = api.acknowledgeFromLink(token);
    attempts.set(token, attempt);
    // A refusal (with its reason) stands; a failure without one (network,
    // sign-in) may be tried again.
    attempt.catch(error => {
      if (!reasonOf(error)) attempts.delete(token);
    });
  }
  return attempt;
}

const REFUSALS: Record<string, string> = {
  tampered: 'This acknowledge link is damaged',
  expired: 'This acknowledge link has expired',
  used: 'This acknowledge link was already used',
  'wrong-recipient': 'This acknowledge link is for someone else',
  'unknown-incident': 'The incident of this link no longer exists',
};

function reasonOf(error: unknown): string | undefined {
  return (error as ResponseError)?.body
    ? ((error as ResponseError).body as { reason?: string }).reason
    : undefined;
}

function refusalTitle(error: unknown): string {
  const reason = reasonOf(error);
  return (
    (reason && REFUSALS[reason]) ?? 'The incident could not be acknowledged'
  );
}

/**
 * Where the one-click acknowledge link of an escalation or alert message
 * leads: posts the link's token as the signed-in user and says what
 * happened — acknowledged (the incident moved to assessment and its
 * escalation stopped), already acknowledged by someone, or why the link was
 * refused (damaged, expired, used, someone else's), with the way on.
 *
 * @internal
 */
export function AcknowledgePage() {
  const api = useApi(opsHealthApiRef);
  const pagePath = useOpsHealthPagePath();
  const classes = useInlineLinkStyles();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { value, loading, error } = useAsync(
    async () => (token ? acknowledgeOnce(api, token) : undefined),
    [api, token],
  );

  let body;
  if (!token) {
    body = (
      <WarningPanel
        severity="warning"
        title="No acknowledge link"
        message="Open this page from the Acknowledge link or button of an Ops Health message."
        defaultExpanded
      />
    );
  } else if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <>
        <WarningPanel
          severity="error"
          title={refusalTitle(error)}
          message={errorMessage(error)}
          defaultExpanded
        />
        <Typography
          variant="body1"
          style={{ marginTop: 16 }}
          className={classes.inline}
        >
          The incident itself is on its entity's Operations tab; open incidents
          are listed on the <Link to={pagePath}>Ops Health page</Link>.
        </Typography>
      </>
    );
  } else if (value) {
    const { incident } = value;
    body = (
      <InfoCard>
        {value.acknowledged ? (
          <StatusOK>
            You acknowledged the {incident.severity} incident “{incident.title}”
            on {incident.entityRef}. It moved to {incident.phase}, and its
            escalation stopped.
          </StatusOK>
        ) : (
          <Typography variant="body1">
            The {incident.severity} incident “{incident.title}” on{' '}
            {incident.entityRef} was already acknowledged
            {value.alreadyBy ? ` by ${value.alreadyBy}` : ''}; it is in{' '}
            {incident.phase}.
          </Typography>
        )}
        <Typography variant="body1" style={{ marginTop: 16 }}>
          <Link to={value.link}>Open the incident</Link>
        </Typography>
      </InfoCard>
    );
  }

  return (
    <Page themeId="tool">
      <Header title="Acknowledge incident" />
      <Content>{body}</Content>
    </Page>
  );
}
