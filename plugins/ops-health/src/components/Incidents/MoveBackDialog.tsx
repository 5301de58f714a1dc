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
import { FormEvent, ReactNode, useState } from 'react';
import {
  OpsHealthIncidentPhase,
  OpsHealthIncidentTransition,
} from '../../api/incidentTypes';
import { phaseLabel } from './phases';

/**
 * Moves an incident back to an earlier phase; the backend needs a note
 * saying why.
 *
 * @internal
 */
export function MoveBackDialog({
  current,
  transitions,
  busy,
  failure,
  onClose,
  onSubmit,
}: {
  current: OpsHealthIncidentPhase;
  transitions: OpsHealthIncidentTransition[];
  busy: boolean;
  failure?: ReactNode;
  onClose: () => void;
  onSubmit: (to: OpsHealthIncidentPhase, note: string) => void;
}) {
  // The nearest earlier phase is the usual step back.
  const [to, setTo] = useState<OpsHealthIncidentPhase>(
    transitions[transitions.length - 1].to,
  );
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(to, note.trim());
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="move-back-title" fullWidth>
      <form onSubmit={submit}>
        <DialogTitle id="move-back-title">
          {current === 'closed' ? 'Reopen incident' : 'Move incident back'}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            The incident is in {phaseLabel(current)}. Moving it back is recorded
            on the timeline with your note.
          </DialogContentText>
          <FormControl component="fieldset" margin="normal">
            <FormLabel component="legend">Back to</FormLabel>
            <RadioGroup
              name="move-back-to"
              value={to}
              onChange={e => setTo(e.target.value as OpsHealthIncidentPhase)}
            >
              {transitions.map(t => (
                <FormControlLabel
                  key={t.to}
                  value={t.to}
                  control={<Radio color="primary" />}
                  label={phaseLabel(t.to)}
                />
              ))}
            </RadioGroup>
          </FormControl>
          <TextField
            id="move-back-note"
            label="Why"
            required
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            value={note}
            onChange={e => setNote(e.target.value)}
            helperText="Required: what made the incident go back, e.g. the fix did not hold"
          />
          {failure}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || note.trim() === ''}
          >
            {current === 'closed' ? 'Reopen' : 'Move back'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
