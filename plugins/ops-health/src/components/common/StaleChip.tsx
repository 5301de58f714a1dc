import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  chip: { marginLeft: theme.spacing(1) },
}));

/**
 * A "stale" chip whose tooltip (and accessible description) says why.
 *
 * @internal
 */
export function StaleChip({ reason }: { reason: string }) {
  const classes = useStyles();
  return (
    <Tooltip title={reason}>
      <Chip
        size="small"
        label="stale"
        aria-label={`stale: ${reason}`}
        className={classes.chip}
        // Focusable so keyboard users get the tooltip too.
        tabIndex={0}
      />
    </Tooltip>
  );
}
