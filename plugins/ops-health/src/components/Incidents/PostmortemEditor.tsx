import { MarkdownContent } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles, Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import { FormEvent, useRef, useState } from 'react';
import { opsHealthApiRef } from '../../api';
import {
  OpsHealthIncidentDetails,
  OpsHealthPostmortem,
} from '../../api/incidentTypes';
import { useCatalogPeople } from '../../hooks/useCatalogPeople';
import { useIncidentChange } from '../../hooks/useIncidentChange';
import { ChangeFailure } from './ChangeFailure';
import { Person } from '../common/Person';

type TextPart = 'summary' | 'impact' | 'rootCause' | 'monitoringChanges';

type ActionItemDraft = {
  key: number;
  text: string;
  owner: string;
  dueDate: string;
  done: boolean;
  /** The text as read from the incident; absent for an item added here. */
  saved?: string;
};

/** As many as the API accepts (schema Postmortem). */
const MAX_ACTION_ITEMS = 100;

type Draft = Record<TextPart, string> & { actionItems: ActionItemDraft[] };

type TextPartField = { part: TextPart; label: string; helperText: string };

const TEXT_PARTS: TextPartField[] = [
  {
    part: 'summary',
    label: 'Summary',
    helperText: 'What happened, in a few sentences (Markdown)',
  },
  {
    part: 'impact',
    label: 'Impact',
    helperText: 'Who was affected, how badly and for how long (Markdown)',
  },
  {
    part: 'rootCause',
    label: 'Root cause',
    helperText: 'Why it happened (Markdown)',
  },
];

const MONITORING: TextPartField = {
  part: 'monitoringChanges',
  label: 'Monitoring rules to change',
  helperText:
    'Alerts to add, tighten or remove so this is caught earlier (Markdown)',
};

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  preview: {
    '& h3': { marginTop: theme.spacing(2) },
  },
  save: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  cell: { verticalAlign: 'top' },
  // The error red on a striped row is below 4.5:1; its darker shade (its
  // lighter one on the dark theme) reads.
  overdue: {
    color:
      theme.palette.type === 'dark'
        ? theme.palette.error.light
        : theme.palette.error.dark,
  },
  // Wide enough to read at 1024 px; the box scrolls rather than squeeze.
  items: { minWidth: 720, tableLayout: 'fixed' },
  // Below 960 px (a phone, a half screen): two columns that fit.
  itemsNarrow: { tableLayout: 'fixed' },
  actionColumn: { width: '42%' },
  ownerColumn: { width: '30%', minWidth: 200 },
  dueColumn: { width: 170 },
  // Room for the header's "Done" beside the checkbox's 42 px.
  narrowColumn: { width: 72, whiteSpace: 'nowrap', textAlign: 'center' },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

function toDraft(postmortem: OpsHealthPostmortem | undefined): Draft {
  return {
    summary: postmortem?.summary ?? '',
    impact: postmortem?.impact ?? '',
    rootCause: postmortem?.rootCause ?? '',
    monitoringChanges: postmortem?.monitoringChanges ?? '',
    actionItems: (postmortem?.actionItems ?? []).map((item, key) => ({
      key,
      text: item.text,
      owner: item.owner,
      dueDate: item.dueDate ?? '',
      done: item.done ?? false,
      saved: item.text.trim(),
    })),
  };
}

function fromDraft(draft: Draft): OpsHealthPostmortem {
  return {
    summary: draft.summary,
    impact: draft.impact,
    rootCause: draft.rootCause,
    monitoringChanges: draft.monitoringChanges,
    actionItems: draft.actionItems.map(item => ({
      text: item.text.trim(),
      owner: item.owner.trim(),
      ...(item.dueDate ? { dueDate: item.dueDate } : {}),
      done: item.done,
    })),
  };
}

function Preview({ draft }: { draft: Draft }) {
  const classes = useStyles();
  const markdown = (text: string) =>
    text.trim() ? (
      <MarkdownContent content={text} />
    ) : (
      <Typography color="textSecondary">Not written yet.</Typography>
    );
  return (
    <section aria-label="Post-mortem preview" className={classes.preview}>
      {TEXT_PARTS.map(({ part, label }) => (
        <div key={part}>
          <Typography variant="h6" component="h3">
            {label}
          </Typography>
          {markdown(draft[part])}
        </div>
      ))}
      <Typography variant="h6" component="h3">
        Action items
      </Typography>
      {draft.actionItems.length === 0 ? (
        <Typography color="textSecondary">No action items yet.</Typography>
      ) : (
        <Table size="small" aria-label="Action items preview">
          <TableHead>
            <TableRow>
              <TableCell>Action</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Due</TableCell>
              <TableCell>Done</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {draft.actionItems.map(item => (
              <TableRow key={item.key}>
                <TableCell>{item.text}</TableCell>
                <TableCell>
                  {item.owner ? <Person entityRef={item.owner} /> : '–'}
                </TableCell>
                <TableCell>{item.dueDate || '–'}</TableCell>
                <TableCell>{item.done ? 'Yes' : 'No'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="h6" component="h3">
        {MONITORING.label}
      </Typography>
      {markdown(draft.monitoringChanges)}
    </section>
  );
}

/**
 * The post-mortem of an incident, from lessons-learned on: summary, impact,
 * root cause, action items with owners and due dates, and the monitoring
 * rules to change; Markdown with a preview. Saving sends the version on
 * screen.
 *
 * @internal
 */
export function PostmortemEditor({
  incident,
  canUpdate,
  deniedReason,
  onChanged,
}: {
  incident: OpsHealthIncidentDetails;
  canUpdate: boolean;
  /** Why the user cannot change the incident, once known. */
  deniedReason?: string;
  onChanged: () => void;
}) {
  const classes = useStyles();
  const api = useApi(opsHealthApiRef);
  const change = useIncidentChange(onChanged);
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  // The draft outlives reloads: text typed before a 409 is not lost.
  const [draft, setDraft] = useState(() => toDraft(incident.postmortem));
  const nextKey = useRef(draft.actionItems.length);
  const [preview, setPreview] = useState(false);
  const [saved, setSaved] = useState(false);
  // Today in the viewer's calendar, as the date fields write days.
  const today = new Date().toLocaleDateString('en-CA');
  // Owners are the catalog's people and teams, so an item has someone to
  // chase; owners already written stay choosable.
  const people = useCatalogPeople({
    kinds: ['User', 'Group'],
    keep: draft.actionItems.map(item => item.owner),
  });

  // A closed incident keeps what it closed with: its findings, and its
  // action items (matched by their text); items may be done, reassigned,
  // rescheduled or added.
  const closed = incident.phase === 'closed';
  const closedItems = new Set(
    closed
      ? (incident.postmortem?.actionItems ?? []).map(item => item.text.trim())
      : [],
  );
  const keeps = (item: ActionItemDraft) =>
    item.saved !== undefined && closedItems.has(item.saved);

  const edit = (update: (d: Draft) => Draft) => {
    setSaved(false);
    setDraft(update);
  };
  const editItem = (key: number, patch: Partial<ActionItemDraft>) =>
    edit(d => ({
      ...d,
      actionItems: d.actionItems.map(item =>
        item.key === key ? { ...item, ...patch } : item,
      ),
    }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await change.run(() =>
      api.updateIncidentPostmortem(incident.id, {
        version: incident.version,
        postmortem: fromDraft(draft),
      }),
    );
    setSaved(ok);
  };

  const textField = ({ part, label, helperText }: TextPartField) => (
    <TextField
      key={part}
      id={`postmortem-${part}`}
      label={label}
      helperText={helperText}
      fullWidth
      multiline
      minRows={3}
      variant="outlined"
      margin="normal"
      disabled={!canUpdate}
      // Kept as closed: readable (and copyable) at full contrast, not editable.
      InputProps={{ readOnly: closed }}
      value={draft[part]}
      onChange={e => {
        const value = e.target.value;
        edit(d => ({ ...d, [part]: value }));
      }}
    />
  );

  return (
    <form onSubmit={save} aria-label="Post-mortem">
      <div className={classes.toolbar}>
        <FormControlLabel
          control={
            <Switch
              color="primary"
              checked={preview}
              onChange={e => setPreview(e.target.checked)}
            />
          }
          label="Preview"
        />
        <div className={classes.save}>
          {saved && (
            <Typography role="status" variant="body2" color="textSecondary">
              Saved
            </Typography>
          )}
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={!canUpdate || change.busy}
          >
            Save post-mortem
          </Button>
        </div>
      </div>
      {deniedReason && (
        <Typography variant="body2" color="textSecondary">
          {deniedReason}
        </Typography>
      )}
      {closed && canUpdate && (
        <Typography variant="body2" color="textSecondary" paragraph>
          The incident is closed, so its post-mortem keeps what it closed with:
          mark action items done, change their owners or due dates, or add
          items. To rework it, move the incident back to lessons-learned.
        </Typography>
      )}
      {change.error && (
        <ChangeFailure error={change.error} onReload={change.reload} />
      )}
      {preview ? (
        <Preview draft={draft} />
      ) : (
        <>
          {TEXT_PARTS.map(textField)}
          <Typography variant="h6" component="h3">
            Action items
          </Typography>
          {/* Relative: the hidden column labels stay inside the scroller. */}
          <Box overflow="auto" position="relative">
            <Table
              size="small"
              aria-label="Action items"
              className={narrow ? classes.itemsNarrow : classes.items}
            >
              <TableHead>
                {narrow ? (
                  <TableRow>
                    <TableCell>Action</TableCell>
                    <TableCell>Owner and due date</TableCell>
                  </TableRow>
                ) : (
                  <TableRow>
                    <TableCell className={classes.actionColumn}>
                      Action
                    </TableCell>
                    <TableCell className={classes.ownerColumn}>Owner</TableCell>
                    <TableCell className={classes.dueColumn}>
                      Due date
                    </TableCell>
                    <TableCell padding="none" className={classes.narrowColumn}>
                      Done
                    </TableCell>
                    <TableCell padding="none" className={classes.narrowColumn}>
                      <span className={classes.visuallyHidden}>Remove</span>
                    </TableCell>
                  </TableRow>
                )}
              </TableHead>
              <TableBody>
                {draft.actionItems.map((item, index) => {
                  const name = `Action item ${index + 1}`;
                  const actionField = (
                    <TextField
                      fullWidth
                      multiline
                      disabled={!canUpdate}
                      value={item.text}
                      inputProps={{
                        'aria-label': `${name}: action`,
                        readOnly: keeps(item),
                      }}
                      onChange={e =>
                        editItem(item.key, { text: e.target.value })
                      }
                    />
                  );
                  const ownerField = (
                    <TextField
                      select
                      fullWidth
                      disabled={!canUpdate}
                      value={item.owner}
                      inputProps={{ 'aria-label': `${name}: owner` }}
                      SelectProps={{
                        displayEmpty: true,
                        // The name only in the narrow column; the
                        // options say whose ref it is.
                        renderValue: value =>
                          value ? (
                            people.people.find(p => p.ref === value)?.name ??
                            String(value)
                          ) : (
                            <em>Choose a person or team</em>
                          ),
                      }}
                      onChange={e =>
                        editItem(item.key, { owner: e.target.value })
                      }
                    >
                      <MenuItem value="">
                        <em>Choose a person or team</em>
                      </MenuItem>
                      {people.people.map(person => (
                        <MenuItem key={person.ref} value={person.ref}>
                          {person.label}
                        </MenuItem>
                      ))}
                    </TextField>
                  );
                  const dueField = (
                    <TextField
                      type="date"
                      disabled={!canUpdate}
                      value={item.dueDate}
                      inputProps={{ 'aria-label': `${name}: due date` }}
                      onChange={e =>
                        editItem(item.key, { dueDate: e.target.value })
                      }
                      // A date before today on an item not done: said,
                      // not refused (an item may be recorded late).
                      helperText={
                        !item.done && item.dueDate && item.dueDate < today
                          ? 'Overdue'
                          : undefined
                      }
                      FormHelperTextProps={{ className: classes.overdue }}
                    />
                  );
                  const doneBox = (
                    <Checkbox
                      color="primary"
                      disabled={!canUpdate}
                      checked={item.done}
                      inputProps={{ 'aria-label': `${name}: done` }}
                      onChange={e =>
                        editItem(item.key, { done: e.target.checked })
                      }
                    />
                  );
                  const removeButton = (
                    <IconButton
                      size="small"
                      disabled={!canUpdate || keeps(item)}
                      aria-label={`Remove ${name.toLocaleLowerCase('en-US')}`}
                      onClick={() =>
                        edit(d => ({
                          ...d,
                          actionItems: d.actionItems.filter(
                            i => i.key !== item.key,
                          ),
                        }))
                      }
                    >
                      <DeleteOutlineIcon />
                    </IconButton>
                  );
                  // Narrow: two columns, what with its done box and
                  // removal, and who and when; wide: one column each.
                  return narrow ? (
                    <TableRow key={item.key}>
                      <TableCell className={classes.cell}>
                        {actionField}
                        <Box display="flex" alignItems="center" mt={1}>
                          <FormControlLabel control={doneBox} label="Done" />
                          {removeButton}
                        </Box>
                      </TableCell>
                      <TableCell className={classes.cell}>
                        {ownerField}
                        <Box mt={2}>{dueField}</Box>
                      </TableCell>
                    </TableRow>
                  ) : (
                    <TableRow key={item.key}>
                      <TableCell className={classes.cell}>
                        {actionField}
                      </TableCell>
                      <TableCell className={classes.cell}>
                        {ownerField}
                      </TableCell>
                      <TableCell className={classes.cell}>{dueField}</TableCell>
                      <TableCell padding="checkbox" className={classes.cell}>
                        {doneBox}
                      </TableCell>
                      <TableCell padding="checkbox" className={classes.cell}>
                        {removeButton}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Box>
          <Button
            startIcon={<AddIcon />}
            disabled={
              !canUpdate || draft.actionItems.length >= MAX_ACTION_ITEMS
            }
            onClick={() =>
              edit(d => ({
                ...d,
                actionItems: [
                  ...d.actionItems,
                  {
                    key: nextKey.current++,
                    text: '',
                    owner: '',
                    dueDate: '',
                    done: false,
                  },
                ],
              }))
            }
          >
            Add action item
          </Button>
          {draft.actionItems.length >= MAX_ACTION_ITEMS && (
            <Typography variant="caption" color="textSecondary">
              A post-mortem holds at most {MAX_ACTION_ITEMS} action items.
            </Typography>
          )}
          {textField(MONITORING)}
        </>
      )}
    </form>
  );
}
