import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { OpsHealthIncidentDetails } from '../../api/incidentTypes';
import { useIncident } from '../../hooks/useIncident';
import { useIncidentPermissions } from '../../hooks/useIncidentPermissions';
import { errorMessage } from '../common/errorMessage';
import { formatDuration, formatTime } from '../common/format';
import { CommandControls } from './CommandControls';
import { PagedIncidentTimeline } from './IncidentTimeline';
import { NoteForm } from './NoteForm';
import { Person } from '../common/Person';
import { PhaseStepper } from './PhaseStepper';
import { PostmortemEditor } from './PostmortemEditor';
import {
  detectedAt,
  escalationLevelLabel,
  hasPostmortemPhase,
  incidentDurationMs,
  timeToRecoverMs,
  phaseLabel,
  timeToAcknowledgeMs,
} from './phases';
import { SeverityChip } from './SeverityChip';
import { alertTitle, TransitionActions } from './TransitionActions';
import { CARD_HEADING } from '../common/cardHeading';
import { RecoveryRestore } from '../BackupSection/RestoreCommand';
import { useNow } from '../../hooks/useNow';
import { useRefreshWhileVisible } from '../../hooks/useRefreshWhileVisible';
import { opsHealthApiRef } from '../../api';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import { useEffect, useRef, useState } from 'react';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0, 2),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
}));

function Header({ incident }: { incident: OpsHealthIncidentDetails }) {
  const classes = useStyles();
  // "so far" goes on counting while the incident is open.
  const now = useNow(1000, incident.phase !== 'closed');
  const tta = timeToAcknowledgeMs(incident, now);
  const duration = formatDuration(incidentDurationMs(incident, now) / 1000);
  const ttr = timeToRecoverMs(incident);
  return (
    <>
      <div className={classes.title}>
        <Typography variant="h5" component="h2">
          {incident.title}
        </Typography>
        <SeverityChip severity={incident.severity} />
      </div>
      <dl className={classes.facts} aria-label="Incident facts">
        <dt>Phase</dt>
        <dd>{phaseLabel(incident.phase)}</dd>
        <dt>Commander</dt>
        <dd>
          {incident.commander ? (
            <Person entityRef={incident.commander} />
          ) : (
            'None assigned'
          )}
        </dd>
        <dt>Time to acknowledge</dt>
        <dd>
          {tta.acknowledged
            ? formatDuration(tta.ms / 1000)
            : `${formatDuration(tta.ms / 1000)} so far, not acknowledged`}
          {tta.acknowledged && incident.phase === 'detection'
            ? ', before it was moved back to detection'
            : ''}
        </dd>
        <dt>Detected</dt>
        <dd>
          <time dateTime={detectedAt(incident)}>
            {formatTime(detectedAt(incident))}
          </time>{' '}
          by <Person entityRef={incident.createdBy} />
        </dd>
        <dt>Time to recover</dt>
        <dd>
          {ttr === undefined ? 'Not recovered yet' : formatDuration(ttr / 1000)}
        </dd>
        <dt>Open for</dt>
        <dd>
          {duration}
          {incident.phase === 'closed' ? ' (closed)' : ' so far'}
        </dd>
        <dt>Escalation</dt>
        <dd>
          {escalationLevelLabel(incident)}
          {incident.escalationPolicy
            ? ` (policy ${incident.escalationPolicy})`
            : ''}
          {incident.escalationSince && (
            <>
              , restarted when it returned to detection at{' '}
              <time dateTime={incident.escalationSince}>
                {formatTime(incident.escalationSince)}
              </time>
            </>
          )}
        </dd>
        {incident.alerts.length > 0 && (
          <>
            <dt>Linked alerts</dt>
            <dd>
              {incident.alerts
                .map(
                  a =>
                    `${alertTitle(a.dedupKey)}: ${
                      a.resolvedAt ? 'resolved' : 'firing'
                    }`,
                )
                .join(', ')}
            </dd>
          </>
        )}
      </dl>
    </>
  );
}

/** What identifies the incident's state as shown: its version and timeline. */
const stateKey = (incident: OpsHealthIncidentDetails) =>
  `${incident.version}:${incident.eventCount ?? incident.events.length}`;

/**
 * Whether the incident changed since the page read it: asked again while
 * the page is visible. The page is not replaced under the reader (a draft
 * saved over a newer version would undo someone's change); it offers a
 * reload instead.
 */
function useNewerIncident(
  incidentId: string,
  incident: OpsHealthIncidentDetails | undefined,
) {
  const api = useApi(opsHealthApiRef);
  const [newer, setNewer] = useState(false);
  const shown = incident ? stateKey(incident) : undefined;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  useEffect(() => setNewer(false), [shown]);
  useRefreshWhileVisible(
    () => {
      const asked = shownRef.current;
      api
        .getIncident(incidentId)
        .then(latest => {
          // Compared with what is shown now: a reload meanwhile is not news.
          if (asked === shownRef.current && stateKey(latest) !== asked) {
            setNewer(true);
          }
        })
        .catch(() => undefined);
    },
    30_000,
    shown !== undefined && !newer,
  );
  return newer;
}

/**
 * One incident of the entity, at the Operations tab's
 * `incidents/:incidentId`: its facts, phase stepper, timeline, moves, notes
 * and post-mortem. Escalation notifications link here.
 *
 * @internal
 */
export function IncidentView({ incidentId }: { incidentId: string }) {
  const { entity } = useEntity();
  const { value: incident, loading, error, retry } = useIncident(incidentId);
  const newer = useNewerIncident(incidentId, incident);
  // Permissions are on the incident's entity; until it is loaded, the page's.
  const entityRef = incident?.entityRef ?? stringifyEntityRef(entity);
  const permissions = useIncidentPermissions(entityRef);
  const entityName =
    entityRef === stringifyEntityRef(entity)
      ? entity.metadata.title ?? entity.metadata.name
      : parseEntityRef(entityRef).name;
  const canUpdate = !permissions.loading && permissions.canUpdate;
  // Said only once the answer is in, not while it is loading.
  const deniedReason =
    !permissions.loading && !permissions.canUpdate
      ? `Only the owners of ${entityName} and admins can change this incident`
      : undefined;

  const back = (
    <Box mb={2}>
      <Link to="..">
        <Box component="span" display="inline-flex" alignItems="center">
          <ArrowBackIcon fontSize="small" aria-hidden />
          &nbsp;All incidents and operations
        </Box>
      </Link>
    </Box>
  );

  if (loading && !incident) {
    return (
      <>
        {back}
        <Progress />
      </>
    );
  }
  if (error && !incident) {
    return (
      <>
        {back}
        <ResponseErrorPanel title={errorMessage(error)} error={error} />
      </>
    );
  }
  if (!incident) return back;
  const earlierPostmortem =
    !hasPostmortemPhase(incident.phase) &&
    Object.values(incident.postmortem ?? {}).some(part =>
      Array.isArray(part) ? part.length > 0 : !!String(part ?? '').trim(),
    );

  return (
    <>
      {back}
      {newer && (
        <Box
          role="status"
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          mb={2}
          style={{ gap: 8 }}
        >
          <Typography variant="body2">
            This incident changed since the page loaded it.
          </Typography>
          <Button size="small" variant="outlined" onClick={retry}>
            Reload
          </Button>
        </Box>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard titleTypographyProps={CARD_HEADING} title="Incident">
            <Header incident={incident} />
            {incident.phase !== 'closed' && (
              <CommandControls
                incident={incident}
                canUpdate={canUpdate}
                onChanged={retry}
              />
            )}
            <PhaseStepper incident={incident} />
            {incident.phase === 'recovery' && <RecoveryRestore />}
            <TransitionActions
              incident={incident}
              canUpdate={canUpdate}
              deniedReason={deniedReason}
              onChanged={retry}
            />
          </InfoCard>
        </Grid>
        {/* From lessons-learned on, the post-mortem is the work at hand:
            first, and as wide as its action items need. One written
            before the incident was moved back stays in view, read-only. */}
        {(hasPostmortemPhase(incident.phase) || earlierPostmortem) && (
          <Grid item xs={12}>
            <InfoCard titleTypographyProps={CARD_HEADING} title="Post-mortem">
              <PostmortemEditor
                key={incident.id}
                incident={incident}
                canUpdate={canUpdate && !earlierPostmortem}
                deniedReason={
                  earlierPostmortem
                    ? `Written before the incident was moved back to ${phaseLabel(
                        incident.phase,
                      )}; it can be edited again from lessons-learned on`
                    : deniedReason
                }
                onChanged={retry}
              />
            </InfoCard>
          </Grid>
        )}
        <Grid item xs={12}>
          <InfoCard titleTypographyProps={CARD_HEADING} title="Timeline">
            <PagedIncidentTimeline incident={incident} />
            <NoteForm
              incident={incident}
              canUpdate={canUpdate}
              deniedReason={deniedReason}
              onChanged={retry}
            />
          </InfoCard>
        </Grid>
      </Grid>
    </>
  );
}
