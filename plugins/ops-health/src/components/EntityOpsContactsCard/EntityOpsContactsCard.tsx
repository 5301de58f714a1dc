import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import {
  OpsHealthContact,
  OpsHealthContacts,
  OpsHealthEscalationLevel,
  opsHealthApiRef,
} from '../../api';
import { errorMessage } from '../common/errorMessage';
import { formatDuration } from '../common/format';
import { ContactDetails, ContactLinks } from './ContactDetails';
import { CARD_HEADING } from '../common/cardHeading';

const useStyles = makeStyles(theme => ({
  members: {
    marginLeft: theme.spacing(2),
    paddingLeft: theme.spacing(1),
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
  section: {
    marginTop: theme.spacing(2),
  },
}));

/**
 * When a level is reached, e.g. `immediately` or `after 5 min`.
 *
 * @internal
 */
export function levelDelay(delayMs: number): string {
  return delayMs <= 0
    ? 'immediately'
    : `after ${formatDuration(delayMs / 1000)}`;
}

function Target({ target }: { target: OpsHealthContact }) {
  const classes = useStyles();
  const members = target.members;
  return (
    <Box>
      <ContactDetails contact={target} />
      {target.kind === 'group' && !target.missing && members && (
        <Box className={classes.members}>
          {members.length === 0 ? (
            <Typography variant="caption" color="textSecondary">
              This group has no members in the catalog.
            </Typography>
          ) : (
            <List
              dense
              disablePadding
              aria-label={`Members of ${target.displayName}`}
            >
              {members.map(member => (
                <ListItem key={member.entityRef} disableGutters>
                  <ContactDetails contact={member} />
                </ListItem>
              ))}
            </List>
          )}
        </Box>
      )}
    </Box>
  );
}

function Level({ level }: { level: OpsHealthEscalationLevel }) {
  const heading = `Level ${level.level} ${levelDelay(level.delayMs)}`;
  return (
    <ListItem disableGutters alignItems="flex-start">
      <Box width="100%">
        <Typography variant="subtitle2" component="h4">
          {heading}
        </Typography>
        {level.targets.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            Nobody is named at this level.
          </Typography>
        ) : (
          <List dense disablePadding aria-label={heading}>
            {level.targets.map(target => (
              <ListItem key={target.entityRef} disableGutters>
                <Target target={target} />
              </ListItem>
            ))}
          </List>
        )}
      </Box>
    </ListItem>
  );
}

function Contacts({ contacts }: { contacts: OpsHealthContacts }) {
  const classes = useStyles();
  const { owner, escalation, primary } = contacts;
  return (
    <>
      <Box>
        <Typography variant="subtitle1" component="h3">
          Owner
        </Typography>
        {owner ? (
          <ContactDetails contact={owner} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            This entity has no owning user or group in the catalog.
          </Typography>
        )}
      </Box>

      <Box className={classes.section}>
        <Typography variant="subtitle1" component="h3">
          Escalation
          {escalation.policy ? `: ${escalation.policy}` : ''}
        </Typography>
        {escalation.error && (
          <WarningPanel
            severity="warning"
            title="Problem with the escalation policy"
            message={escalation.error}
            defaultExpanded
          />
        )}
        {escalation.levels.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No escalation policy applies to this entity.
          </Typography>
        ) : (
          <List dense disablePadding aria-label="Escalation levels">
            {escalation.levels.map(level => (
              <Level key={level.level} level={level} />
            ))}
          </List>
        )}
      </Box>

      {primary && (
        <>
          <Divider className={classes.section} />
          <Box className={classes.section}>
            <Typography variant="subtitle1" component="h3">
              Primary DevOps contact
            </Typography>
            <Typography variant="body1">{primary.name}</Typography>
            <ContactLinks
              name={primary.name}
              email={primary.email}
              chat={primary.chat}
            />
          </Box>
        </>
      )}
    </>
  );
}

/**
 * Who to reach about the current entity: its owner, the escalation chain
 * level by level (groups with their members) and the primary DevOps contact.
 *
 * @public
 */
export function EntityOpsContactsCard() {
  const { entity } = useEntity();
  const api = useApi(opsHealthApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value, loading, error } = useAsync(
    async () => api.getEntityContacts(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Contacts and escalation"
    >
      {loading && <Progress />}
      {error && (
        <ResponseErrorPanel title={errorMessage(error)} error={error} />
      )}
      {value && <Contacts contacts={value} />}
    </InfoCard>
  );
}
