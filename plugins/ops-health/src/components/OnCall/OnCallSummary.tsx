import { Link, StatusWarning } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  OpsHealthOnCall,
  OpsHealthSchedule,
  OpsHealthScheduleShift,
} from '../../api';
import { formatHandoff } from '../common/format';
import { schedulePath, useOpsHealthPagePath } from './paths';

/**
 * The now-and-next part of a schedule.
 *
 * @internal
 */
export function onCallOf(schedule: OpsHealthSchedule): OpsHealthOnCall {
  const { name, title, team, timeZone, current, next, missing } = schedule;
  return { name, title, team, timeZone, current, next, missing };
}

/**
 * Links within a line of text are underlined: colour alone does not set
 * them apart (WCAG 1.4.1).
 *
 * @internal
 */
export const useInlineLinkStyles = makeStyles({
  inline: { '& a': { textDecoration: 'underline' } },
});

/**
 * The person of a shift, linked to their catalog page, marked when they
 * stand in through an override.
 *
 * @internal
 */
export function ShiftPerson({ shift }: { shift: OpsHealthScheduleShift }) {
  if (!shift.person) {
    return (
      <StatusWarning>
        Nobody: every member is missing from the catalog
      </StatusWarning>
    );
  }
  return (
    <>
      <EntityRefLink entityRef={shift.person.entityRef} hideIcon>
        {shift.person.displayName}
      </EntityRefLink>
      {shift.overrideId && (
        <>
          {' '}
          <Chip size="small" variant="outlined" label="override" />
        </>
      )}
    </>
  );
}

/**
 * Who is on call on a schedule now (until the next hand-off) and who takes
 * over then, in the viewer's time zone; members the rotation skips because
 * they left the catalog; a link to the schedule and its overrides.
 *
 * @internal
 */
export function OnCallSummary({
  onCall,
  linkToSchedule = true,
  heading = 'h4',
}: {
  onCall: OpsHealthOnCall;
  /** Whether to link the schedule's page (not on that page itself). */
  linkToSchedule?: boolean;
  /** The schedule's heading: one level under the card's section. */
  heading?: 'h3' | 'h4';
}) {
  const pagePath = useOpsHealthPagePath();
  const classes = useInlineLinkStyles();
  const title = onCall.title ?? onCall.name;
  return (
    <Box component="section" aria-label={`On call: ${title}`}>
      <Typography variant="subtitle2" component={heading}>
        {title}
      </Typography>
      {onCall.current ? (
        <Typography variant="body1" component="div" className={classes.inline}>
          On call now: <ShiftPerson shift={onCall.current} />
          <Typography variant="body2" color="textSecondary" component="span">
            {onCall.current.openEnded
              ? ' (no hand-off scheduled)'
              : ` until ${formatHandoff(onCall.current.to)}`}
          </Typography>
        </Typography>
      ) : (
        <StatusWarning>Nobody is on call</StatusWarning>
      )}
      {onCall.next?.person && (
        <Typography variant="body2" color="textSecondary" component="div">
          Next: {onCall.next.person.displayName} from{' '}
          {formatHandoff(onCall.next.from)}
        </Typography>
      )}
      {onCall.missing.length > 0 && (
        <StatusWarning>
          Skipped, not in the catalog: {onCall.missing.join(', ')}. Remove them
          from opsHealth.schedules or add them back to the catalog.
        </StatusWarning>
      )}
      {linkToSchedule && (
        <Typography variant="body2" component="div">
          <Link to={schedulePath(pagePath, onCall.name)}>
            Shifts and overrides
          </Link>
        </Typography>
      )}
    </Box>
  );
}
