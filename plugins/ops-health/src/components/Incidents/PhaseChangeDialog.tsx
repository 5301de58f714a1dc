import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import { WarningPanel } from '@backstage/core-components';
import { FormEvent, ReactNode, useState } from 'react';
import {
  OpsHealthIncidentPhase,
  OpsHealthIncidentTransition,
} from '../../api/incidentTypes';
import {
  INCIDENT_PHASES,
  phaseIndex,
  phaseLabel,
  transitionLabel,
} from './phases';

/** `in the containment phase`, `closed`: where the incident is, in words. */
function whereItIs(phase: OpsHealthIncidentPhase): string {
  return phase === 'closed'
    ? 'closed'
    : `in the ${phaseLabel(phase).toLocaleLowerCase('en-US')} phase`;
}

/**
 * Every phase change of an incident, in one dialog: the target (the next
 * step preselected when the dialog is for it; otherwise none, so that no
 * single click makes a move nobody chose), and a note that goes on the
 * timeline — optional going forward, required going back, and required
 * when the move counts as recovered while linked alerts still fire. A move
 * forward past phases says which it records as reached.
 *
 * @internal
 */
export function PhaseChangeDialog({
  current,
  transitions,
  initial,
  firingAlerts,
  busy,
  failure,
  onClose,
  onSubmit,
}: {
  current: OpsHealthIncidentPhase;
  transitions: OpsHealthIncidentTransition[];
  /** The move preselected, if any. */
  initial?: OpsHealthIncidentPhase;
  /** Titles of the linked alerts that still fire. */
  firingAlerts: string[];
  busy: boolean;
  failure?: ReactNode;
  onClose: () => void;
  onSubmit: (to: OpsHealthIncidentPhase, note?: string) => void;
}) {
  const [to, setTo] = useState<OpsHealthIncidentPhase | undefined>(initial);
  const [note, setNote] = useState('');
  const target = transitions.find(t => t.to === to);
  const recovering =
    to !== undefined &&
    phaseIndex(current) < phaseIndex('recovery') &&
    phaseIndex(to) >= phaseIndex('recovery');
  // The phases a move forward passes: recorded as reached now.
  const skipped =
    to !== undefined && target?.direction === 'forward'
      ? INCIDENT_PHASES.filter(
          p =>
            phaseIndex(p) > phaseIndex(current) &&
            phaseIndex(p) < phaseIndex(to),
        )
      : [];
  // "(back, with a reason)" tells the moves apart only when both kinds
  // are offered (a reopen is all back).
  const mixed =
    transitions.some(t => t.direction === 'backward') &&
    transitions.some(t => t.direction === 'forward');
  const firingNeedsNote =
    firingAlerts.length > 0 &&
    (recovering || to === 'closed') &&
    target?.direction === 'forward';
  const noteRequired = Boolean(target?.requiresNote) || firingNeedsNote;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (to) onSubmit(to, note.trim() || undefined);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="phase-change-title"
      fullWidth
    >
      <form onSubmit={submit}>
        <DialogTitle id="phase-change-title">
          {current === 'closed' ? 'Reopen incident' : 'Change phase'}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            The incident is {whereItIs(current)}. The change goes on the
            timeline with your note.
          </DialogContentText>
          <FormControl component="fieldset" margin="normal">
            <FormLabel component="legend">Move to</FormLabel>
            <RadioGroup
              name="phase-change-to"
              value={to ?? ''}
              onChange={e => setTo(e.target.value as OpsHealthIncidentPhase)}
            >
              {transitions.map(t => (
                <FormControlLabel
                  key={t.to}
                  value={t.to}
                  control={<Radio color="primary" />}
                  label={`${transitionLabel(current, t.to)}${
                    mixed && t.direction === 'backward'
                      ? ' (back, with a reason)'
                      : ''
                  }`}
                />
              ))}
            </RadioGroup>
          </FormControl>
          {skipped.length > 0 && (
            <DialogContentText id="phase-change-skipped" role="status">
              This skips {skipped.map(p => phaseLabel(p)).join(', ')}:{' '}
              {skipped.length === 1 ? 'it is' : 'they are'} recorded as reached
              now{recovering ? ', and the time to recover ends now' : ''}.
            </DialogContentText>
          )}
          {firingNeedsNote && (
            <WarningPanel
              severity="warning"
              title="Linked alerts still fire"
              message={`${firingAlerts.join(
                ', ',
              )}: the incident would count as recovered while they do. Say why in the note; it is recorded.`}
            />
          )}
          <TextField
            id="phase-change-note"
            label={noteRequired ? 'Why' : 'Note (optional)'}
            required={noteRequired}
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            value={note}
            onChange={e => setNote(e.target.value)}
            helperText={
              target?.direction === 'backward'
                ? 'Required: what made the incident go back, e.g. the fix did not hold'
                : 'What was done or found, for the timeline'
            }
          />
          {failure}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || !to || (noteRequired && note.trim() === '')}
          >
            {to ? transitionLabel(current, to) : 'Choose where to move it'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
