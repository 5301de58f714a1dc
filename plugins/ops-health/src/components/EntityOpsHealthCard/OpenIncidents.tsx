import {
  Link,
  Progress,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { RelativeTime } from '../common/RelativeTime';
import { phaseLabel } from '../Incidents/phases';

const SHOWN = 3;

// Long titles wrap inside the narrow info column instead of being cut.
const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;
/**
 * The open incidents of the current entity: how many, and the newest few
 * linked to their page on the entity's Operations tab.
 *
 * @internal
 */
export function OpenIncidents() {
  const { entity } = useEntity();
  const api = useApi(opsHealthApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    async () => api.listIncidents({ entityRef, open: true }),
    [api, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress aria-label="Loading open incidents" />;
  } else if (error) {
    content = (
      <Typography variant="body2" color="error" role="alert">
        Could not load the open incidents: {errorMessage(error)}
      </Typography>
    );
  } else if (!value || value.items.length === 0) {
    content = <StatusOK>No open incidents</StatusOK>;
  } else {
    const items = value.items;
    content = (
      <>
        <StatusError>
          {items.length === 1
            ? '1 open incident'
            : `${items.length} open incidents`}
        </StatusError>
        <List dense disablePadding aria-label="Open incidents">
          {items.slice(0, SHOWN).map(incident => (
            <ListItem key={incident.id} disableGutters>
              <ListItemText
                style={{ minWidth: 0 }}
                primaryTypographyProps={{ style: WRAP }}
                secondaryTypographyProps={{ style: WRAP }}
                primary={
                  // Relative to the entity page: the incident on its
                  // Operations tab.
                  <Link
                    to={`ops-health/incidents/${encodeURIComponent(
                      incident.id,
                    )}`}
                  >
                    {incident.title}
                  </Link>
                }
                secondary={
                  <>
                    {incident.severity} · {phaseLabel(incident.phase)} · opened{' '}
                    <RelativeTime iso={incident.createdAt} />
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
        {items.length > SHOWN && (
          <Link to="ops-health">All {items.length} open incidents</Link>
        )}
      </>
    );
  }

  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        Incidents
      </Typography>
      {content}
    </Box>
  );
}
