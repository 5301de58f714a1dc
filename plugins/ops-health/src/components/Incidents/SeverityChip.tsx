import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { OpsHealthIncidentSeverity } from '../../api/incidentTypes';

const useStyles = makeStyles(theme => ({
  SEV1: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  SEV2: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  SEV3: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  SEV4: {},
}));

/**
 * An incident's severity, coloured from the theme: SEV1 error, SEV2 warning,
 * SEV3 info, SEV4 plain.
 *
 * @internal
 */
export function SeverityChip({
  severity,
}: {
  severity: OpsHealthIncidentSeverity;
}) {
  const classes = useStyles();
  return <Chip size="small" label={severity} className={classes[severity]} />;
}
