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
  exact,
}: {
  checkId: string;
  section?: string;
  /** Link this section, a procedure finer than the check's own. */
  exact?: boolean;
}) {
  const classes = useStyles();
  const url = useRunbookUrl(checkId, section, { exact });
  if (!url) return null;
  // The label names the section the link opens.
  const hash = url.indexOf('#');
  const shown = hash >= 0 ? decodeURIComponent(url.slice(hash + 1)) : section;
  return (
    <Typography variant="body2" component="span">
      <Link to={url} className={classes.link}>
        <MenuBookIcon fontSize="small" aria-hidden />
        Runbook{shown ? `: ${shown}` : ''}
      </Link>
    </Typography>
  );
}
