import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { OpsHealthIncidentSeverity } from '../../api/incidentTypes';
import { INCIDENT_SEVERITIES } from './phases';

const SEVERITY_HINTS: Record<OpsHealthIncidentSeverity, string> = {
  SEV1: 'SEV1: critical, customers cannot use the service',
  SEV2: 'SEV2: major, a core function is degraded',
  SEV3: 'SEV3: minor, limited impact or a workaround exists',
  SEV4: 'SEV4: low, no customer impact yet',
};

/**
 * The severity picker of the incident dialogs, each level with what it
 * means.
 *
 * @internal
 */
export function SeverityField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: OpsHealthIncidentSeverity;
  onChange: (severity: OpsHealthIncidentSeverity) => void;
}) {
  return (
    <TextField
      id={id}
      select
      label="Severity"
      required
      fullWidth
      margin="normal"
      value={value}
      onChange={e => onChange(e.target.value as OpsHealthIncidentSeverity)}
    >
      {INCIDENT_SEVERITIES.map(s => (
        <MenuItem key={s} value={s}>
          {SEVERITY_HINTS[s]}
        </MenuItem>
      ))}
    </TextField>
  );
}
