import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import { makeStyles } from '@material-ui/core/styles';
import { useRunbookUrl } from '../../hooks/useRunbookUrl';

const useStyles = makeStyles(theme => ({
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

/**
 * A link to the runbook section of a failing check; nothing when the entity
 * has no runbook.
 *
 * @internal
 */
export function RunbookLink({
  checkId,
  section,
}: {
  checkId: string;
  section?: string;
}) {
  const classes = useStyles();
  const url = useRunbookUrl(checkId, section);
  if (!url) return null;
  return (
    <Typography variant="body2" component="span">
      <Link to={url} className={classes.link}>
        <MenuBookIcon fontSize="small" aria-hidden />
        Runbook{section ? `: ${section}` : ''}
      </Link>
    </Typography>
  );
}
