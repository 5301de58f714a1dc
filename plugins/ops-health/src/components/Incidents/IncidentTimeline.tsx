import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import AddAlertIcon from '@material-ui/icons/AddAlert';
import ChatBubbleOutlineIcon from '@material-ui/icons/ChatBubbleOutline';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import DescriptionOutlinedIcon from '@material-ui/icons/DescriptionOutlined';
import FiberNewOutlinedIcon from '@material-ui/icons/FiberNewOutlined';
import NotificationsActiveOutlinedIcon from '@material-ui/icons/NotificationsActiveOutlined';
import PersonOutlineIcon from '@material-ui/icons/PersonOutline';
import PriorityHighIcon from '@material-ui/icons/PriorityHigh';
import SwapHorizIcon from '@material-ui/icons/SwapHoriz';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import Button from '@material-ui/core/Button';
import { useApi } from '@backstage/core-plugin-api';
import { Fragment, ReactNode, useState } from 'react';
import { opsHealthApiRef } from '../../api';
import {
  OpsHealthIncidentDetails,
  OpsHealthIncidentEvent,
} from '../../api/incidentTypes';
import { errorMessage } from '../common/errorMessage';
import { formatTime } from '../common/format';
import { Person } from '../common/Person';
import { phaseLabel } from './phases';
import { Link } from '@backstage/core-components';
import { schedulePath, useOpsHealthPagePath } from '../OnCall/paths';
import { scheduleNameOf } from '@ops-health/backstage-plugin-ops-health-common';

type EventType = OpsHealthIncidentEvent['type'];

const useStyles = makeStyles(theme => ({
  item: {
    alignItems: 'flex-start',
    borderLeft: `2px solid ${theme.palette.divider}`,
    marginLeft: theme.spacing(1),
  },
  icon: { minWidth: theme.spacing(5), marginTop: theme.spacing(0.5) },
  created: { color: theme.palette.info.main },
  'phase-changed': { color: theme.palette.primary.main },
  note: { color: theme.palette.text.secondary },
  escalated: { color: theme.palette.error.main },
  notification: { color: theme.palette.info.main },
  'alert-firing': { color: theme.palette.warning.main },
  'alert-resolved': { color: theme.palette.success.main },
  'postmortem-updated': { color: theme.palette.text.secondary },
  'commander-changed': { color: theme.palette.text.secondary },
  'severity-changed': { color: theme.palette.warning.main },
  // A long URL or token breaks rather than running out of the card.
  note_text: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    color: theme.palette.text.primary,
  },
}));

const ICONS: Record<EventType, typeof AddAlertIcon> = {
  created: FiberNewOutlinedIcon,
  'phase-changed': SwapHorizIcon,
  note: ChatBubbleOutlineIcon,
  escalated: TrendingUpIcon,
  notification: NotificationsActiveOutlinedIcon,
  'alert-firing': AddAlertIcon,
  'alert-resolved': CheckCircleOutlineIcon,
  'postmortem-updated': DescriptionOutlinedIcon,
  'commander-changed': PersonOutlineIcon,
  'severity-changed': PriorityHighIcon,
};

function summary(event: OpsHealthIncidentEvent): ReactNode {
  const data = event.data ?? {};
  switch (event.type) {
    case 'created':
      return 'Incident declared';
    case 'phase-changed': {
      const skipped = Array.isArray(data.skipped)
        ? data.skipped.filter((p): p is string => typeof p === 'string')
        : [];
      return `Phase changed: ${phaseLabel(
        event.fromPhase ?? '?',
      )} → ${phaseLabel(event.toPhase ?? '?')}${
        skipped.length
          ? ` (skipped ${skipped.map(p => phaseLabel(p)).join(', ')})`
          : ''
      }`;
    }
    case 'note':
      return 'Note';
    case 'escalated':
      return `Escalated to level ${data.level ?? '?'}${
        typeof data.levelName === 'string' ? ` · ${data.levelName}` : ''
      }${data.policy ? ` (policy ${data.policy})` : ''}`;
    case 'notification':
      return 'Notification sent';
    case 'alert-firing':
      return 'Alert firing';
    case 'alert-resolved':
      return data.allResolved ? 'All linked alerts resolved' : 'Alert resolved';
    case 'postmortem-updated': {
      const changes = Array.isArray(data.changes)
        ? data.changes.filter((c): c is string => typeof c === 'string')
        : [];
      return `Post-mortem updated${
        changes.length ? `: ${changes.join('; ')}` : ''
      }`;
    }
    case 'commander-changed': {
      const ref = (value: unknown) =>
        typeof value === 'string' && value ? value : undefined;
      const from = ref(data.from);
      const to = ref(data.to);
      if (!to) {
        return from ? (
          <>
            Commander <Person entityRef={from} /> stepped down
          </>
        ) : (
          'Commander removed'
        );
      }
      return (
        <>
          Commander: <Person entityRef={to} />
          {from && (
            <>
              {' '}
              (was <Person entityRef={from} />)
            </>
          )}
        </>
      );
    }
    case 'severity-changed':
      return `Severity changed: ${data.from ?? '?'} → ${data.to ?? '?'}`;
    default:
      return event.type;
  }
}

/** An escalation target: a person or team, or an on-call schedule. */
function Target({ target }: { target: string }) {
  const pagePath = useOpsHealthPagePath();
  const name = scheduleNameOf(target);
  if (name !== undefined) {
    return (
      <Link to={schedulePath(pagePath, name)}>on-call schedule {name}</Link>
    );
  }
  return <Person entityRef={target} />;
}

/** The strings of an event's data field: a list, or one string. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v !== '')
    : [];
}

/**
 * An escalation the backend recorded with its data (who was paged): the
 * data says what its note says, with people by name, so the note is not
 * shown as well.
 */
function isStructuredEscalation(event: OpsHealthIncidentEvent): boolean {
  return event.type === 'escalated' && Array.isArray(event.data?.recipients);
}

function details(event: OpsHealthIncidentEvent): ReactNode[] {
  const data = event.data ?? {};
  const lines: ReactNode[] = [];
  const targets = strings(data.targets);
  const channels = strings(data.channels);
  if (event.type === 'escalated' && typeof data.waitedMinutes === 'number') {
    lines.push(`Still in detection after ${data.waitedMinutes} min`);
  }
  if (isStructuredEscalation(event)) {
    const paged = strings(data.recipients);
    lines.push(
      paged.length > 0 ? (
        <>
          Paged:{' '}
          {paged.map((ref, i) => (
            <Fragment key={ref}>
              {i > 0 && ', '}
              <Person entityRef={ref} />
            </Fragment>
          ))}
        </>
      ) : (
        'Paged: nobody (no one on call and no team to page)'
      ),
    );
  }
  if (targets.length > 0) {
    lines.push(
      <>
        Targets:{' '}
        {targets.map((target, i) => (
          <Fragment key={target}>
            {i > 0 && ', '}
            <Target target={target} />
          </Fragment>
        ))}
      </>,
    );
  }
  if (channels.length > 0) lines.push(`Channels: ${channels.join(', ')}`);
  else if (event.type === 'escalated') lines.push('Channels: none');
  return lines;
}

/**
 * An incident's timeline, oldest first: who did what when, with the note,
 * the phase change and an escalation's level, targets and channels.
 *
 * @internal
 */
export function IncidentTimeline({
  events,
}: {
  events: OpsHealthIncidentEvent[];
}) {
  const classes = useStyles();
  const sorted = [...events].sort(
    (a, b) =>
      new Date(a.at).getTime() - new Date(b.at).getTime() || a.id - b.id,
  );
  if (sorted.length === 0) {
    return (
      <Typography color="textSecondary">
        Nothing on the timeline yet.
      </Typography>
    );
  }
  return (
    <List aria-label="Timeline" dense>
      {sorted.map(event => {
        const Icon = ICONS[event.type] ?? ChatBubbleOutlineIcon;
        return (
          <ListItem key={event.id} className={classes.item}>
            <ListItemIcon className={classes.icon}>
              <Icon className={classes[event.type]} aria-hidden />
            </ListItemIcon>
            <ListItemText
              disableTypography
              // Wrapped, not cut at the card's edge: the theme keeps list
              // items on one line.
              style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
              primary={
                <Typography variant="body2" component="div">
                  <strong>{summary(event)}</strong>
                </Typography>
              }
              secondary={
                <Box fontSize="body2.fontSize" color="text.secondary">
                  <Box component="span" display="block">
                    <Person entityRef={event.actor} /> ·{' '}
                    <time dateTime={event.at}>{formatTime(event.at)}</time>
                  </Box>
                  {event.note && !isStructuredEscalation(event) && (
                    <Box
                      component="span"
                      display="block"
                      className={classes.note_text}
                    >
                      {event.note}
                    </Box>
                  )}
                  {details(event).map((line, i) => (
                    <Box component="span" display="block" key={i}>
                      {line}
                    </Box>
                  ))}
                </Box>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}

/**
 * The timeline of an incident as the backend pages it: the newest events
 * first loaded, and a button that loads older ones, a page at a time.
 *
 * @internal
 */
export function PagedIncidentTimeline({
  incident,
}: {
  incident: Pick<OpsHealthIncidentDetails, 'id' | 'events' | 'eventCount'>;
}) {
  const api = useApi(opsHealthApiRef);
  const [older, setOlder] = useState<OpsHealthIncidentEvent[]>([]);
  const [state, setState] = useState<{ loading: boolean; error?: Error }>({
    loading: false,
  });
  const seen = new Set(incident.events.map(e => e.id));
  const events = [...older.filter(e => !seen.has(e.id)), ...incident.events];
  const remaining = Math.max(0, incident.eventCount - events.length);

  const loadOlder = async () => {
    const oldest = events.reduce<OpsHealthIncidentEvent | undefined>(
      (o, e) =>
        !o ||
        new Date(e.at).getTime() - new Date(o.at).getTime() < 0 ||
        (e.at === o.at && e.id < o.id)
          ? e
          : o,
      undefined,
    );
    setState({ loading: true });
    try {
      const page = await api.listIncidentEvents(incident.id, {
        before: oldest?.id,
      });
      setOlder(current => [...page.items, ...current]);
      setState({ loading: false });
    } catch (error) {
      setState({ loading: false, error: error as Error });
    }
  };

  return (
    <>
      {remaining > 0 && (
        <Box mb={1}>
          <Button
            size="small"
            variant="outlined"
            onClick={loadOlder}
            disabled={state.loading}
          >
            {state.loading
              ? 'Loading older events…'
              : `Show older events (${remaining} more)`}
          </Button>
          {state.error && (
            <Typography variant="body2" color="error" role="alert">
              Could not load older events: {errorMessage(state.error)}
            </Typography>
          )}
        </Box>
      )}
      <IncidentTimeline events={events} />
    </>
  );
}
