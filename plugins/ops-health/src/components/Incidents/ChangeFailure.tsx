import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import { errorMessage, errorStatus } from '../common/errorMessage';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
    padding: theme.spacing(1, 2),
    marginTop: theme.spacing(1),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.error.main}`,
    color: theme.palette.text.primary,
  },
  conflict: { borderColor: theme.palette.warning.main },
  icon: { color: theme.palette.error.main },
  conflictIcon: { color: theme.palette.warning.main },
  message: { flex: 1, minWidth: theme.spacing(30) },
}));

/**
 * A change of an incident that failed, with the backend's message. A 409
 * means someone changed the incident meanwhile (or the move is not allowed):
 * it offers to read the incident again.
 *
 * @internal
 */
export function ChangeFailure({
  error,
  onReload,
}: {
  error: Error;
  onReload?: () => void;
}) {
  const classes = useStyles();
  const conflict = errorStatus(error) === 409;
  // The incident moved on since this page read it: said in people's words
  // (a version number means nothing here), the backend's words on hover.
  const stale =
    conflict && / changed since you read it \(/.test(errorMessage(error));
  return (
    <Box
      role="alert"
      className={`${classes.root} ${conflict ? classes.conflict : ''}`}
    >
      <ErrorOutlineIcon
        aria-hidden
        className={conflict ? classes.conflictIcon : classes.icon}
      />
      <Typography
        variant="body2"
        className={classes.message}
        title={stale ? errorMessage(error) : undefined}
      >
        {stale
          ? 'The incident changed since this page loaded it (someone else changed it, or you did in another tab). Reload to see the change, then try again.'
          : errorMessage(error)}
      </Typography>
      {conflict && onReload && (
        <Button size="small" variant="outlined" onClick={onReload}>
          Reload
        </Button>
      )}
    </Box>
  );
}
