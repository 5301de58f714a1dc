import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
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
import { FormEvent, useState } from 'react';
import { OpsHealthAlert, opsHealthApiRef, OpsHealthSilence } from '../../api';
import { errorMessage, errorStatus } from '../common/errorMessage';
import { newIdempotencyKey } from '../common/idempotencyKey';

const DURATIONS = [
  { value: '1h', label: '1 hour' },
  { value: '4h', label: '4 hours' },
  { value: '1d', label: '1 day' },
  { value: '7d', label: '1 week' },
];

/**
 * Silences one alert (by its dedup key) for a duration, with a reason.
 *
 * @internal
 */
export function SilenceDialog({
  alert,
  onClose,
  onSilenced,
}: {
  alert: OpsHealthAlert;
  onClose: () => void;
  onSilenced: (silence: OpsHealthSilence) => void;
}) {
  const api = useApi(opsHealthApiRef);
  const [duration, setDuration] = useState('4h');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  // One key per silence: a second click, or a retry after an answer that
  // never came, gets the silence the first created.
  const [silenceKey] = useState(newIdempotencyKey);
  const titleId = `silence-dialog-${alert.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const silence = await api.createSilence(
        { dedupKey: alert.dedupKey, duration, reason: reason.trim() },
        { idempotencyKey: silenceKey },
      );
      onSilenced(silence);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <form onSubmit={submit}>
        <DialogTitle id={titleId}>Silence alert</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {/\.\s*$/.test(alert.message) ? alert.message : `${alert.message}.`}{' '}
            A silenced alert is still recorded and shown, but no notifications
            are sent for it until the silence expires.
          </DialogContentText>
          <FormControl component="fieldset" margin="normal">
            <FormLabel component="legend">Duration</FormLabel>
            <RadioGroup
              row
              name="duration"
              value={duration}
              onChange={e => setDuration(e.target.value)}
            >
              {DURATIONS.map(d => (
                <FormControlLabel
                  key={d.value}
                  value={d.value}
                  control={<Radio color="primary" />}
                  label={d.label}
                />
              ))}
            </RadioGroup>
          </FormControl>
          <TextField
            id={`${titleId}-reason`}
            label="Reason"
            required
            fullWidth
            margin="normal"
            value={reason}
            onChange={e => setReason(e.target.value)}
            helperText="Why the alert may be ignored for now, e.g. a planned migration"
          />
          {error && (
            <WarningPanel
              severity="error"
              title={
                // Only a key reused with other fields is refused as a
                // conflict: an earlier send from this dialog went through.
                errorStatus(error) === 409
                  ? 'This dialog already silenced the alert: an earlier try went through though its answer did not arrive. Close the dialog to see the silence; end it there and silence again to change its duration or reason.'
                  : errorMessage(error)
              }
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || reason.trim() === ''}
          >
            Silence
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
