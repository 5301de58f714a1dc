import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { checkTitle } from '@ops-health/backstage-plugin-ops-health-common';
import { useState } from 'react';
import { opsHealthApiRef } from '../../api';
import {
  OpsHealthIncidentDetails,
  OpsHealthIncidentPhase,
} from '../../api/incidentTypes';
import { useIncidentChange } from '../../hooks/useIncidentChange';
import { ChangeFailure } from './ChangeFailure';
import { PhaseChangeDialog } from './PhaseChangeDialog';
import { phaseIndex, postmortemPartLabel, transitionLabel } from './phases';

const useStyles = makeStyles(theme => ({
  buttons: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'center',
  },
  missing: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(3) },
}));

/**
 * The moves the backend allows from the incident's phase, shaped like the
 * pager products: one primary next step (Acknowledge in detection), and
 * every other move in the same dialog, each with a note for the timeline.
 * Closing is only offered in lessons learned, where the post-mortem is
 * written, and only once it is complete. Every move sends the version of
 * the incident on screen.
 *
 * @internal
 */
export function TransitionActions({
  incident,
  canUpdate,
  deniedReason,
  onChanged,
}: {
  incident: OpsHealthIncidentDetails;
  canUpdate: boolean;
  /** Why the user cannot change the incident, once known. */
  deniedReason?: string;
  onChanged: () => void;
}) {
  const classes = useStyles();
  const api = useApi(opsHealthApiRef);
  const change = useIncidentChange(onChanged);
  // Open: the move preselected (the next step's button), or none (Other
  // phase…, Reopen…).
  const [dialog, setDialog] = useState<{ initial?: OpsHealthIncidentPhase }>();

  const byPhase = (a: { to: string }, b: { to: string }) =>
    phaseIndex(a.to) - phaseIndex(b.to);
  const transitions = [...incident.allowedTransitions].sort(byPhase);
  const closeBlocked = incident.missingPostmortem.length > 0;
  // Closing with a post-mortem still incomplete is not offered at all.
  const offered = transitions.filter(
    t => !(t.requiresPostmortem && closeBlocked),
  );
  const next = offered.find(t => t.direction === 'forward');
  const others = offered.filter(t => t !== next);
  const firingAlerts = incident.alerts
    .filter(a => !a.resolvedAt)
    .map(a => alertTitle(a.dedupKey));

  const move = (to: OpsHealthIncidentPhase, note?: string) =>
    change.run(() =>
      api.transitionIncident(incident.id, {
        to,
        version: incident.version,
        ...(note ? { note } : {}),
      }),
    );
  const failure = change.error && (
    <ChangeFailure error={change.error} onReload={change.reload} />
  );
  const open = (initial?: OpsHealthIncidentPhase) => {
    change.clear();
    setDialog({ initial });
  };

  return (
    <Box>
      <div
        className={classes.buttons}
        role="group"
        aria-label="Move the incident"
        aria-describedby={deniedReason ? 'incident-update-denied' : undefined}
      >
        {next && (
          <Button
            variant="contained"
            color="primary"
            disabled={!canUpdate || change.busy}
            onClick={() => open(next.to)}
          >
            {transitionLabel(incident.phase, next.to)}
          </Button>
        )}
        {others.length > 0 && (
          <Button
            variant="outlined"
            disabled={!canUpdate || change.busy}
            onClick={() => open()}
          >
            {incident.phase === 'closed' ? 'Reopen…' : 'Other phase…'}
          </Button>
        )}
      </div>
      {deniedReason && (
        <Typography
          id="incident-update-denied"
          variant="body2"
          color="textSecondary"
        >
          {deniedReason}
        </Typography>
      )}
      {incident.phase === 'lessons-learned' && closeBlocked && (
        <Box id="incident-close-blocked" mt={1}>
          <Typography variant="body2" color="textSecondary">
            Closing needs a complete post-mortem (below), saved. Missing from
            what is saved:
          </Typography>
          <ul
            className={classes.missing}
            aria-label="Missing post-mortem parts"
          >
            {incident.missingPostmortem.map(part => (
              <li key={part}>
                <Typography variant="body2" color="textSecondary">
                  {postmortemPartLabel(part)}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
      {!dialog && failure}
      {dialog && (
        <PhaseChangeDialog
          current={incident.phase}
          transitions={offered}
          initial={dialog.initial}
          firingAlerts={firingAlerts}
          busy={change.busy}
          failure={failure}
          onClose={() => setDialog(undefined)}
          onSubmit={async (to, note) => {
            if (await move(to, note)) setDialog(undefined);
          }}
        />
      )}
    </Box>
  );
}

/** `AWS cost` or `S3 replication (bucket)` for an alert's dedup key. */
export function alertTitle(dedupKey: string): string {
  const [, checkId = '', ...subject] = dedupKey.split('|');
  const rest = subject.join('|');
  return `${checkTitle(checkId)}${rest ? ` (${rest})` : ''}`;
}
