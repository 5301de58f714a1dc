import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { FormEvent, ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef } from '../../api';
import {
  OpsHealthIncidentDetails,
  OpsHealthIncidentSeverity,
  OpsHealthIncidentUpdateRequest,
} from '../../api/incidentTypes';
import { useCatalogPeople } from '../../hooks/useCatalogPeople';
import { useIncidentChange } from '../../hooks/useIncidentChange';
import { ChangeFailure } from './ChangeFailure';
import { SeverityField } from './SeverityField';

const NO_COMMANDER = '';

const useStyles = makeStyles(theme => ({
  buttons: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
  },
}));

function EditDialog({
  incident,
  busy,
  failure,
  onClose,
  onSubmit,
}: {
  incident: OpsHealthIncidentDetails;
  busy: boolean;
  failure: ReactNode;
  onClose: () => void;
  onSubmit: (request: Omit<OpsHealthIncidentUpdateRequest, 'version'>) => void;
}) {
  const users = useCatalogPeople({
    kinds: ['User'],
    keep: [incident.commander],
  });
  const [commander, setCommander] = useState(
    incident.commander ?? NO_COMMANDER,
  );
  const [severity, setSeverity] = useState<OpsHealthIncidentSeverity>(
    incident.severity,
  );
  const [note, setNote] = useState('');
  const commanderChanged = commander !== (incident.commander ?? NO_COMMANDER);
  const severityChanged = severity !== incident.severity;

  const options = users.people;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      ...(commanderChanged ? { commander: commander || null } : {}),
      ...(severityChanged ? { severity } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="edit-incident-title"
      fullWidth
    >
      <form onSubmit={submit}>
        <DialogTitle id="edit-incident-title">
          Commander and severity
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Each change is on the timeline with your note.
          </DialogContentText>
          <TextField
            id="edit-incident-commander"
            select
            label="Commander"
            fullWidth
            margin="normal"
            value={commander}
            onChange={e => setCommander(e.target.value)}
            helperText={
              users.error
                ? `The catalog's users could not be loaded: ${users.error.message}`
                : 'A user from the catalog leads the response'
            }
            error={!!users.error}
          >
            <MenuItem value={NO_COMMANDER}>No commander</MenuItem>
            {options.map(option => (
              <MenuItem key={option.ref} value={option.ref}>
                {option.label}
              </MenuItem>
            ))}
          </TextField>
          <SeverityField
            id="edit-incident-severity"
            value={severity}
            onChange={setSeverity}
          />
          <TextField
            id="edit-incident-note"
            label="Note"
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            value={note}
            onChange={e => setNote(e.target.value)}
            helperText="Why, e.g. Handing over to the night shift"
          />
          {failure}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || (!commanderChanged && !severityChanged)}
          >
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/**
 * Who leads the incident and how bad it is: "Take command" makes the
 * signed-in user the commander; the dialog hands command to any catalog
 * user (or nobody) and changes the severity. Both send the version on
 * screen; a stale one shows the reload offer.
 *
 * @internal
 */
export function CommandControls({
  incident,
  canUpdate,
  onChanged,
}: {
  incident: OpsHealthIncidentDetails;
  canUpdate: boolean;
  onChanged: () => void;
}) {
  const classes = useStyles();
  const api = useApi(opsHealthApiRef);
  const identityApi = useApi(identityApiRef);
  const me = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  const change = useIncidentChange(onChanged);
  const [editing, setEditing] = useState(false);

  const update = (request: Omit<OpsHealthIncidentUpdateRequest, 'version'>) =>
    change.run(() =>
      api.updateIncident(incident.id, {
        ...request,
        version: incident.version,
      }),
    );
  const failure = change.error && (
    <ChangeFailure error={change.error} onReload={change.reload} />
  );
  const myRef = me.value;
  // Guests and other users not in the catalog cannot be commanders.
  const canTakeCommand =
    myRef?.startsWith('user:') && myRef !== incident.commander;

  return (
    <Box>
      <div
        className={classes.buttons}
        role="group"
        aria-label="Commander and severity"
        aria-describedby={canUpdate ? undefined : 'incident-update-denied'}
      >
        {canTakeCommand && (
          <Button
            variant="outlined"
            size="small"
            disabled={!canUpdate || change.busy}
            onClick={() => update({ commander: myRef })}
          >
            Take command
          </Button>
        )}
        <Button
          variant="outlined"
          size="small"
          disabled={!canUpdate || change.busy}
          onClick={() => {
            change.clear();
            setEditing(true);
          }}
        >
          Change commander or severity…
        </Button>
      </div>
      {!editing && failure}
      {editing && (
        <EditDialog
          incident={incident}
          busy={change.busy}
          failure={failure}
          onClose={() => setEditing(false)}
          onSubmit={async request => {
            if (await update(request)) setEditing(false);
          }}
        />
      )}
    </Box>
  );
}
