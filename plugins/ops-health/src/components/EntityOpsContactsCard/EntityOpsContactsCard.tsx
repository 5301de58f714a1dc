import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusWarning,
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
  OpsHealthOnCall,
  opsHealthApiRef,
} from '../../api';
import { OnCallSummary } from '../OnCall/OnCallSummary';
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
  onCall: {
    marginBottom: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
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

function ScheduleTarget({
  target,
  onCall,
}: {
  target: OpsHealthContact;
  onCall?: OpsHealthOnCall;
}) {
  return (
    <Box>
      <Typography variant="body1" component="div">
        {target.displayName}{' '}
        <Typography variant="caption" color="textSecondary" component="span">
          (on-call schedule)
        </Typography>
      </Typography>
      {target.missing || !onCall ? (
        <StatusWarning>
          {target.entityRef}: no such schedule is configured
        </StatusWarning>
      ) : (
        <Typography variant="body2" color="textSecondary" component="div">
          Pages whoever is on call:{' '}
          {onCall.current?.person?.displayName ?? 'nobody'} now
        </Typography>
      )}
    </Box>
  );
}

function Target({
  target,
  onCall,
}: {
  target: OpsHealthContact;
  onCall: OpsHealthOnCall[];
}) {
  const classes = useStyles();
  const members = target.members;
  if (target.kind === 'schedule') {
    const name = target.entityRef.replace(/^schedule:/, '');
    return (
      <ScheduleTarget
        target={target}
        onCall={onCall.find(o => o.name === name)}
      />
    );
  }
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

function Level({
  level,
  onCall,
}: {
  level: OpsHealthEscalationLevel;
  onCall: OpsHealthOnCall[];
}) {
  const heading = `Level ${level.level}${
    level.name ? ` · ${level.name}` : ''
  } ${levelDelay(level.delayMs)}`;
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
                <Target target={target} onCall={onCall} />
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
  const onCall = contacts.onCall ?? [];
  return (
    <>
      {onCall.length > 0 && (
        <Box className={classes.onCall}>
          <Typography variant="subtitle1" component="h3">
            On call
          </Typography>
          {onCall.map(o => (
            <OnCallSummary key={o.name} onCall={o} />
          ))}
        </Box>
      )}
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
              <Level key={level.level} level={level} onCall={onCall} />
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
 * Who to reach about the current entity: who is on call now and next on its
 * schedules, its owner, the escalation chain level by level (groups with
 * their members, schedules with who they page now) and the primary DevOps
 * contact.
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
