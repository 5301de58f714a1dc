import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { opsHealthApiRef } from '../../api';
import {
  OpsHealthIncidentDetails,
  OpsHealthIncidentPhase,
} from '../../api/incidentTypes';
import { useIncidentChange } from '../../hooks/useIncidentChange';
import { ChangeFailure } from './ChangeFailure';
import { MoveBackDialog } from './MoveBackDialog';
import { phaseIndex, phaseLabel, postmortemPartLabel } from './phases';

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
 * The moves the backend allows from the incident's phase: forward moves as
 * buttons (the next phase first and primary), backward moves through a
 * dialog that asks for a note, closing only with a complete post-mortem.
 * Every move sends the version of the incident on screen.
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
  const [movingBack, setMovingBack] = useState(false);

  const byPhase = (a: { to: string }, b: { to: string }) =>
    phaseIndex(a.to) - phaseIndex(b.to);
  const forward = incident.allowedTransitions
    .filter(t => t.direction === 'forward')
    .sort(byPhase);
  const backward = incident.allowedTransitions
    .filter(t => t.direction === 'backward')
    .sort(byPhase);
  const closeBlocked =
    forward.some(t => t.requiresPostmortem) &&
    incident.missingPostmortem.length > 0;

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

  return (
    <Box>
      <div
        className={classes.buttons}
        role="group"
        aria-label="Move the incident"
        aria-describedby={deniedReason ? 'incident-update-denied' : undefined}
      >
        {forward.map((t, index) => {
          const blocked = t.requiresPostmortem && closeBlocked;
          return (
            <Button
              key={t.to}
              variant={index === 0 ? 'contained' : 'outlined'}
              color={index === 0 ? 'primary' : 'default'}
              disabled={!canUpdate || change.busy || blocked}
              aria-describedby={blocked ? 'incident-close-blocked' : undefined}
              onClick={() => move(t.to)}
            >
              {t.to === 'closed' ? 'Close' : `Move to ${phaseLabel(t.to)}`}
            </Button>
          );
        })}
        {backward.length > 0 && (
          <Button
            variant="outlined"
            disabled={!canUpdate || change.busy}
            onClick={() => {
              change.clear();
              setMovingBack(true);
            }}
          >
            {incident.phase === 'closed' ? 'Reopen…' : 'Move back…'}
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
      {closeBlocked && (
        <Box id="incident-close-blocked" mt={1}>
          <Typography variant="body2" color="textSecondary">
            Closing needs a complete post-mortem. Missing:
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
      {!movingBack && failure}
      {movingBack && (
        <MoveBackDialog
          current={incident.phase}
          transitions={backward}
          busy={change.busy}
          failure={failure}
          onClose={() => setMovingBack(false)}
          onSubmit={async (to, note) => {
            if (await move(to, note)) setMovingBack(false);
          }}
        />
      )}
    </Box>
  );
}
