import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { OpsHealthIncident } from '../../api/incidentTypes';
import { formatTime } from '../common/format';
import { INCIDENT_PHASES, phaseIndex, phaseLabel } from './phases';

/**
 * The phases of an incident as a stepper: the phases before the current one
 * done, the current one active, each reached phase with the time it was first
 * reached, those after the current one not reached (after a move back);
 * closed last.
 *
 * @internal
 */
export function PhaseStepper({ incident }: { incident: OpsHealthIncident }) {
  const current = phaseIndex(incident.phase);
  const closed = incident.phase === 'closed';
  // Seven steps side by side do not fit below 960 px (with the sidebar):
  // there they go down the page, every one in view.
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <Stepper
      activeStep={closed ? INCIDENT_PHASES.length : current}
      orientation={narrow ? 'vertical' : 'horizontal'}
      alternativeLabel={!narrow}
      // With alternativeLabel the connectors sit inside the steps, so the
      // steps are the only children: a list. Down the page the connectors
      // come between them: a group.
      role={narrow ? 'group' : 'list'}
      aria-label="Incident phases"
      style={{ overflowX: 'auto' }}
    >
      {INCIDENT_PHASES.map((phase, index) => {
        // A phase after the current one was reached before the incident
        // was moved back: not reached now; when it first was, on hover.
        const ahead = !closed && index > current;
        const reachedAt = ahead ? undefined : incident.phaseReachedAt[phase];
        const earlier = ahead ? incident.phaseReachedAt[phase] : undefined;
        return (
          <Step
            key={phase}
            role={narrow ? undefined : 'listitem'}
            completed={closed || index < current}
            aria-current={index === current ? 'step' : undefined}
          >
            <StepLabel
              optional={
                <Typography
                  variant="caption"
                  color="textSecondary"
                  title={
                    earlier
                      ? `First reached ${formatTime(
                          earlier,
                        )}, before the incident was moved back`
                      : undefined
                  }
                >
                  {reachedAt ? (
                    <time dateTime={reachedAt}>{formatTime(reachedAt)}</time>
                  ) : (
                    'Not reached'
                  )}
                </Typography>
              }
            >
              {phaseLabel(phase)}
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
}
