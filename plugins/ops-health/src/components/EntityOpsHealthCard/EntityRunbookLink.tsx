import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';

const useStyles = makeStyles(theme => ({
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

const SOURCES = {
  annotation: 'from the entity annotation',
  link: 'from the entity links',
  config: 'the default runbook',
};

/**
 * The entity's runbook; nothing when it has none (the backend answers 404).
 *
 * @internal
 */
export function EntityRunbookLink() {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(opsHealthApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value, error } = useAsync(
    async () => api.getEntityRunbook(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );

  if (error) {
    return (
      <Box mt={2}>
        <Typography variant="body2" color="error" role="alert">
          Could not load the runbook link: {errorMessage(error)}
        </Typography>
      </Box>
    );
  }
  if (!value) return null;
  return (
    <Box mt={2}>
      <Typography variant="body2" component="div">
        <Link to={value.url} className={classes.link}>
          <MenuBookIcon fontSize="small" aria-hidden />
          Runbook{value.section ? `: ${value.section}` : ''}
        </Link>{' '}
        <Typography variant="caption" color="textSecondary" component="span">
          ({SOURCES[value.source] ?? value.source})
        </Typography>
      </Typography>
    </Box>
  );
}
