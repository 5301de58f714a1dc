import { Link, StatusWarning } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { FormEvent, Fragment, useState } from 'react';
import { opsHealthApiRef } from '../../api';
import {
  OpsHealthIncident,
  OpsHealthIncidentSeverity,
} from '../../api/incidentTypes';
import { newIdempotencyKey } from '../common/idempotencyKey';
import { ChangeFailure } from './ChangeFailure';
import { phaseLabel } from './phases';
import { SeverityField } from './SeverityField';

/** The longest title and note the API takes (its OpenAPI spec). */
const TITLE_MAX = 500;
const NOTE_MAX = 10_000;

/**
 * Declares an incident on an entity: title, severity and a first note. The
 * incident starts in detection.
 *
 * @internal
 */
export function DeclareIncidentDialog({
  entityRef,
  entityName,
  openIncidents = [],
  onClose,
  onDeclared,
}: {
  entityRef: string;
  entityName: string;
  /** Incidents of the entity not yet closed: a second one is rarely wanted. */
  openIncidents?: OpsHealthIncident[];
  onClose: () => void;
  onDeclared: (incident: OpsHealthIncident) => void;
}) {
  const api = useApi(opsHealthApiRef);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<OpsHealthIncidentSeverity>('SEV2');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  // One key per declaration: a second click, or a retry after an answer
  // that never came, gets the incident the first declared.
  const [declarationKey] = useState(newIdempotencyKey);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const incident = await api.createIncident(
        {
          entityRef,
          title: title.trim(),
          severity,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        { idempotencyKey: declarationKey },
      );
      onDeclared(incident);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="declare-incident-title"
      fullWidth
    >
      <form onSubmit={submit}>
        <DialogTitle id="declare-incident-title">Declare incident</DialogTitle>
        <DialogContent>
          {openIncidents.length > 0 && (
            <DialogContentText id="declare-incident-open" role="alert">
              <StatusWarning />
              {entityName} already has{' '}
              {openIncidents.length === 1
                ? 'an open incident'
                : `${openIncidents.length} open incidents`}
              :{' '}
              {openIncidents.map((incident, index) => (
                <Fragment key={incident.id}>
                  {index > 0 && ', '}
                  <Link to={`incidents/${encodeURIComponent(incident.id)}`}>
                    {incident.title}
                  </Link>{' '}
                  ({incident.severity}, {phaseLabel(incident.phase)})
                </Fragment>
              ))}
              . Add to {openIncidents.length === 1 ? 'it' : 'one of them'}{' '}
              rather than declaring a second one, unless this is a separate
              problem.
            </DialogContentText>
          )}
          <DialogContentText>
            The incident on {entityName} starts in detection; the escalation
            policy runs until someone moves it to assessment.
          </DialogContentText>
          <TextField
            id="declare-incident-name"
            label="Title"
            required
            fullWidth
            margin="normal"
            value={title}
            onChange={e => setTitle(e.target.value)}
            inputProps={{ maxLength: TITLE_MAX }}
            helperText={
              title.length > TITLE_MAX - 50
                ? `${title.length} of ${TITLE_MAX} characters`
                : 'What is broken, e.g. Checkout returns 500 for card payments'
            }
          />
          <SeverityField
            id="declare-incident-severity"
            value={severity}
            onChange={setSeverity}
          />
          <TextField
            id="declare-incident-note"
            label="First note"
            fullWidth
            multiline
            minRows={3}
            margin="normal"
            value={note}
            onChange={e => setNote(e.target.value)}
            inputProps={{ maxLength: NOTE_MAX }}
            helperText="What you see so far; it starts the timeline"
          />
          {error && <ChangeFailure error={error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || title.trim() === ''}
          >
            Declare
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
