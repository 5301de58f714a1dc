import { Link, StatusWarning } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ChatIcon from '@material-ui/icons/Chat';
import MailIcon from '@material-ui/icons/Mail';
import { OpsHealthContact } from '../../api';

const useStyles = makeStyles(theme => ({
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    overflowWrap: 'anywhere',
  },
}));

function isWebUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/**
 * The email (mailto) and chat links of a contact.
 *
 * @internal
 */
export function ContactLinks({
  name,
  email,
  chat,
}: {
  name: string;
  email?: string;
  chat?: string;
}) {
  const classes = useStyles();
  if (!email && !chat) return null;
  return (
    <Typography variant="body2" component="div" className={classes.links}>
      {email && (
        // A plain anchor: core-components' Link announces every URI with a
        // scheme as opening a new window, which a mail client is not.
        <MuiLink
          href={`mailto:${email}`}
          className={classes.link}
          aria-label={`Email ${name}: ${email}`}
        >
          <MailIcon fontSize="small" aria-hidden />
          {email}
        </MuiLink>
      )}
      {chat &&
        (isWebUrl(chat) ? (
          <Link
            to={chat}
            className={classes.link}
            aria-label={`Chat with ${name}`}
          >
            <ChatIcon fontSize="small" aria-hidden />
            Chat
          </Link>
        ) : (
          <span className={classes.link}>
            <ChatIcon fontSize="small" aria-hidden />
            {chat}
          </span>
        ))}
    </Typography>
  );
}

/**
 * A catalog user or group: its name linked to its catalog page, its email
 * and chat links, where an inherited email comes from, and a warning when it
 * is not in the catalog.
 *
 * @internal
 */
export function ContactDetails({ contact }: { contact: OpsHealthContact }) {
  if (contact.missing) {
    return (
      <Box>
        <StatusWarning>
          {contact.entityRef}: not found in the catalog, no contact details
        </StatusWarning>
      </Box>
    );
  }
  return (
    <Box>
      <Typography variant="body1" component="div">
        <EntityRefLink entityRef={contact.entityRef} hideIcon>
          {contact.displayName}
        </EntityRefLink>{' '}
        <Typography variant="caption" color="textSecondary" component="span">
          ({contact.kind})
        </Typography>
      </Typography>
      <ContactLinks
        name={contact.displayName}
        email={contact.email}
        chat={contact.chat}
      />
      {contact.emailFrom && (
        <Typography variant="caption" color="textSecondary" component="div">
          Email from parent group{' '}
          <EntityRefLink entityRef={contact.emailFrom} hideIcon />
        </Typography>
      )}
      {!contact.email && !contact.chat && (
        <Typography variant="caption" color="textSecondary" component="div">
          No email or chat in the catalog profile
        </Typography>
      )}
    </Box>
  );
}
