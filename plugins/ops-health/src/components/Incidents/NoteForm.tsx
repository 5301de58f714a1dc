import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useState } from 'react';
import { opsHealthApiRef } from '../../api';
import { OpsHealthIncidentDetails } from '../../api/incidentTypes';
import { useIncidentChange } from '../../hooks/useIncidentChange';
import { ChangeFailure } from './ChangeFailure';

/**
 * Adds a note to the incident's timeline, sending the version on screen.
 *
 * @internal
 */
export function NoteForm({
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
  const api = useApi(opsHealthApiRef);
  const change = useIncidentChange(onChanged);
  const [note, setNote] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const added = await change.run(() =>
      api.addIncidentNote(incident.id, {
        note: note.trim(),
        version: incident.version,
      }),
    );
    if (added) setNote('');
  };

  return (
    <form onSubmit={submit} aria-label="Add a note">
      <TextField
        id={`incident-note-${incident.id}`}
        label="Note"
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        margin="dense"
        disabled={!canUpdate}
        value={note}
        onChange={e => setNote(e.target.value)}
        helperText={
          deniedReason ??
          'What you found or did; it goes on the timeline with your name'
        }
      />
      <Box display="flex" justifyContent="flex-end">
        <Button
          type="submit"
          variant="outlined"
          color="primary"
          disabled={!canUpdate || change.busy || note.trim() === ''}
        >
          Add note
        </Button>
      </Box>
      {change.error && (
        <ChangeFailure error={change.error} onReload={change.reload} />
      )}
    </form>
  );
}
