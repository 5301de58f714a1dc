import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  StatusWarning,
} from '@backstage/core-components';
import {
  alertApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  opsHealthApiRef,
  OpsHealthSchedule,
  OpsHealthScheduleShift,
} from '../../api';
import { CARD_HEADING } from '../common/cardHeading';
import { errorMessage } from '../common/errorMessage';
import { Person } from '../common/Person';
import {
  formatHandoff,
  formatTime,
  localTimeZone,
  fromLocalInput,
  toLocalInput,
} from '../common/format';
import {
  onCallOf,
  OnCallSummary,
  ShiftPerson,
  useInlineLinkStyles,
} from './OnCallSummary';
import { useOpsHealthPagePath } from './paths';

type ShiftRequest = { from: string; to: string; note: string };

/** Whether two entity refs name the same entity (the catalog ignores case). */
function sameRef(a?: string, b?: string): boolean {
  return (
    !!a && !!b && a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}

/**
 * Asks for the shift to take: from and to in the viewer's time zone, and a
 * note for the team; the backend's refusal (not a member, a time in the
 * past) is shown in the dialog.
 */
function TakeShiftDialog({
  schedule,
  initial,
  onClose,
  onTaken,
}: {
  schedule: OpsHealthSchedule;
  initial: ShiftRequest;
  onClose: () => void;
  onTaken: () => void;
}) {
  const api = useApi(opsHealthApiRef);
  const [from, setFrom] = useState(toLocalInput(initial.from));
  const [to, setTo] = useState(toLocalInput(initial.to));
  const [note, setNote] = useState(initial.note);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  // A time left as offered is sent as it was offered: in the hour clocks
  // repeat in autumn the input's local time is ambiguous.
  const instant = (value: string, offered: string) =>
    value === toLocalInput(offered) ? offered : fromLocalInput(value);

  const submit = async () => {
    const fromIso = instant(from, initial.from);
    const toIso = instant(to, initial.to);
    if (!from || !to) {
      setError(`Enter ${!from ? 'a start' : 'an end'} date and time.`);
      return;
    }
    if (!fromIso || !toIso) {
      // A wall time the clocks skip (spring forward) is no instant.
      setError(
        `${(!fromIso ? from : to).replace(
          'T',
          ' ',
        )} is not a time your clock shows (the clocks skip it when they go forward); pick another ${
          !fromIso ? 'start' : 'end'
        }.`,
      );
      return;
    }
    // What the backend would refuse, said here in the viewer's own time.
    if (Date.parse(toIso) <= Date.parse(fromIso)) {
      setError(
        `The end (${formatTime(toIso)}) must be after the start (${formatTime(
          fromIso,
        )}).`,
      );
      return;
    }
    if (Date.parse(toIso) <= Date.now()) {
      setError(
        `The shift would end in the past (${formatTime(
          toIso,
        )}); pick an end after now.`,
      );
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await api.createScheduleOverride(schedule.name, {
        from: fromIso,
        to: toIso,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onTaken();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="take-shift-title">
      <DialogTitle id="take-shift-title">
        Take a shift on {schedule.title ?? schedule.name}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          You are on call from the start to the end instead of the rotation, and
          escalation pages you. Times are in your time zone ({localTimeZone()}).
        </Typography>
        <TextField
          id="take-shift-from"
          label="From"
          type="datetime-local"
          value={from}
          onChange={e => setFrom(e.target.value)}
          fullWidth
          margin="dense"
          InputLabelProps={{ shrink: true }}
          required
        />
        <TextField
          id="take-shift-to"
          label="To"
          type="datetime-local"
          value={to}
          onChange={e => setTo(e.target.value)}
          fullWidth
          margin="dense"
          InputLabelProps={{ shrink: true }}
          required
        />
        <TextField
          id="take-shift-note"
          label="Note for the team"
          value={note}
          onChange={e => setNote(e.target.value)}
          fullWidth
          margin="dense"
          inputProps={{ maxLength: 500 }}
        />
        {error && (
          <Typography color="error" role="alert" variant="body2">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          onClick={submit}
          color="primary"
          variant="contained"
          disabled={saving}
        >
          Take the shift
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ShiftsTable({
  schedule,
  me,
  onTake,
}: {
  schedule: OpsHealthSchedule;
  me?: string;
  onTake: (shift: OpsHealthScheduleShift) => void;
}) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Shifts">
        <TableHead>
          <TableRow>
            <TableCell>From</TableCell>
            <TableCell>To</TableCell>
            <TableCell>On call</TableCell>
            <TableCell>
              <span className="MuiTypography-srOnly">Actions</span>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {schedule.shifts.map(shift => (
            <TableRow key={shift.from}>
              <TableCell>
                {shift.openStart
                  ? `before ${formatHandoff(shift.from)}`
                  : formatHandoff(shift.from)}
              </TableCell>
              <TableCell>
                {shift.openEnded
                  ? 'no hand-off scheduled'
                  : formatHandoff(shift.to)}
              </TableCell>
              <TableCell>
                <ShiftPerson shift={shift} />
                {shift.skipped.length > 0 && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    Skipped (not in the catalog): {shift.skipped.join(', ')}
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">
                {!sameRef(shift.person?.entityRef, me) && (
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => onTake(shift)}
                    aria-label={`Take the shift from ${formatHandoff(
                      shift.from,
                    )}`}
                  >
                    Take this shift
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function OverridesTable({
  schedule,
  me,
  onGiveBack,
}: {
  schedule: OpsHealthSchedule;
  me?: string;
  onGiveBack: (override: OpsHealthSchedule['overrides'][number]) => void;
}) {
  if (!schedule.overrides.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No overrides: the rotation decides.
      </Typography>
    );
  }
  return (
    // Scrolls sideways on a narrow screen, its buttons within reach.
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Overrides">
        <TableHead>
          <TableRow>
            <TableCell>Who</TableCell>
            <TableCell>From</TableCell>
            <TableCell>To</TableCell>
            <TableCell>Note</TableCell>
            <TableCell>Set in</TableCell>
            <TableCell>
              <span className="MuiTypography-srOnly">Actions</span>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {schedule.overrides.map(o => (
            <TableRow key={o.id}>
              <TableCell>
                {o.person.missing ? (
                  <StatusWarning>
                    {o.person.entityRef} (not in the catalog, skipped)
                  </StatusWarning>
                ) : (
                  <EntityRefLink entityRef={o.person.entityRef} hideIcon>
                    {o.person.displayName}
                  </EntityRefLink>
                )}
              </TableCell>
              <TableCell>{formatHandoff(o.from)}</TableCell>
              <TableCell>{formatHandoff(o.to)}</TableCell>
              <TableCell>{o.note ?? ''}</TableCell>
              <TableCell>
                {o.source === 'config' ? (
                  'app-config (opsHealth.schedules)'
                ) : (
                  <>
                    the portal, by{' '}
                    {o.createdBy ? (
                      <Person entityRef={o.createdBy} />
                    ) : (
                      'someone'
                    )}
                  </>
                )}
              </TableCell>
              <TableCell align="right">
                {o.source === 'portal' && sameRef(o.createdBy, me) && (
                  <Button
                    size="small"
                    onClick={() => onGiveBack(o)}
                    // Which of several overrides the button gives back.
                    aria-label={`Give back the shift from ${formatHandoff(
                      o.from,
                    )} to ${formatHandoff(o.to)}`}
                  >
                    Give back
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/**
 * Asks before giving a shift back (the giver is off call at once), and
 * gives it back once however often the button is pressed.
 */
function GiveBackDialog({
  override,
  onClose,
  onGiveBack,
}: {
  override: OpsHealthSchedule['overrides'][number];
  onClose: () => void;
  onGiveBack: (id: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="give-back-title"
    >
      <DialogTitle id="give-back-title">Give back this shift?</DialogTitle>
      <DialogContent>
        <Typography variant="body1">
          From {formatHandoff(override.from)} to {formatHandoff(override.to)}:
          the rotation decides who is on call again, from now on.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Keep it
        </Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onGiveBack(override.id);
            } finally {
              setBusy(false);
            }
          }}
        >
          Give back
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * One on-call schedule: who is on call now and next, the shifts of the next
 * two weeks with "Take this shift", the overrides (portal ones can be given
 * back), and the rotation's layers and members. Times are the viewer's.
 *
 * @internal
 */
export function SchedulePage() {
  const { name = '' } = useParams();
  const api = useApi(opsHealthApiRef);
  const alertApi = useApi(alertApiRef);
  const identityApi = useApi(identityApiRef);
  const pagePath = useOpsHealthPagePath();
  const classes = useInlineLinkStyles();
  const [taking, setTaking] = useState<ShiftRequest>();
  const [givingBack, setGivingBack] =
    useState<OpsHealthSchedule['overrides'][number]>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getSchedule(name, { days: 14 }),
    [api, name],
  );
  const { value: identity } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );

  const giveBack = async (id: string) => {
    try {
      await api.deleteScheduleOverride(name, id);
      alertApi.post({
        message: 'Shift given back: the rotation decides again.',
        severity: 'success',
        display: 'transient',
      });
      setGivingBack(undefined);
      retry();
    } catch (e) {
      alertApi.post({ message: errorMessage(e), severity: 'error' });
    }
  };

  // A shift from the portal starts now at the earliest.
  const now = new Date().toISOString();
  const title = value?.title ?? name;
  return (
    <Page themeId="tool">
      <Header
        title={`On call: ${title}`}
        subtitle={
          value
            ? `Team ${humanizeEntityRef(parseEntityRef(value.team), {
                defaultKind: 'group',
              })} · ${value.timeZone}`
            : undefined
        }
      />
      <Content>
        <Typography variant="body2" paragraph className={classes.inline}>
          <Link to={pagePath}>Ops Health</Link> › On call › {title}
        </Typography>
        {loading && !value && <Progress />}
        {error && (
          <ResponseErrorPanel
            title={`Could not load the schedule: ${errorMessage(error)}`}
            error={error}
          />
        )}
        {value && (
          <Grid container spacing={3}>
            <Grid item xs={12} md={5}>
              <InfoCard titleTypographyProps={CARD_HEADING} title="Now">
                <OnCallSummary
                  heading="h3"
                  linkToSchedule={false}
                  onCall={onCallOf(value)}
                />
                <Button
                  variant="contained"
                  color="primary"
                  style={{ marginTop: 16 }}
                  onClick={() =>
                    setTaking({
                      from: now,
                      to: new Date(
                        new Date(now).getTime() + 86_400_000,
                      ).toISOString(),
                      note: '',
                    })
                  }
                >
                  Take a shift
                </Button>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={7}>
              <InfoCard titleTypographyProps={CARD_HEADING} title="Rotation">
                {value.layers.map(layer => (
                  <Typography
                    key={layer.name}
                    variant="body2"
                    component="div"
                    paragraph
                  >
                    {/* One layer is the rotation (the card's title); several
                        are told apart by their names. */}
                    {value.layers.length > 1 && (
                      <>
                        <strong>{layer.name}</strong>:{' '}
                      </>
                    )}
                    {value.layers.length > 1
                      ? layer.rotation
                      : `${layer.rotation
                          .charAt(0)
                          .toUpperCase()}${layer.rotation.slice(1)}`}
                    , hand-off {layer.handoff}
                    {layer.restriction ? `, on duty ${layer.restriction}` : ''}.
                    Members in order:{' '}
                    {layer.members
                      .map(m =>
                        m.missing
                          ? `${m.entityRef} (not in the catalog, skipped)`
                          : m.displayName,
                      )
                      .join(', ')}
                  </Typography>
                ))}
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard
                titleTypographyProps={CARD_HEADING}
                title="Shifts, next 14 days"
              >
                <ShiftsTable
                  schedule={value}
                  me={identity?.userEntityRef}
                  onTake={shift =>
                    setTaking({
                      // The shift under way is taken from now.
                      from: shift.from < now ? now : shift.from,
                      to: shift.to,
                      note: shift.person
                        ? `Taking over from ${shift.person.displayName}`
                        : '',
                    })
                  }
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard titleTypographyProps={CARD_HEADING} title="Overrides">
                <OverridesTable
                  schedule={value}
                  me={identity?.userEntityRef}
                  onGiveBack={setGivingBack}
                />
              </InfoCard>
            </Grid>
          </Grid>
        )}
        {givingBack && (
          <GiveBackDialog
            override={givingBack}
            onClose={() => setGivingBack(undefined)}
            onGiveBack={giveBack}
          />
        )}
        {value && taking && (
          <TakeShiftDialog
            schedule={value}
            initial={taking}
            onClose={() => setTaking(undefined)}
            onTaken={() => {
              setTaking(undefined);
              alertApi.post({
                message: 'Shift taken: escalation pages you then.',
                severity: 'success',
                display: 'transient',
              });
              retry();
            }}
          />
        )}
      </Content>
    </Page>
  );
}
