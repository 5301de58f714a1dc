import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { PageFilters } from './pageFilters';

const useStyles = makeStyles(theme => ({
  // On the paper colour: the outlined labels lack contrast on the grey.
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(2),
    backgroundColor: theme.palette.background.paper,
    borderRadius: theme.shape.borderRadius,
    boxShadow: theme.shadows[2],
  },
  filter: { minWidth: 200, maxWidth: 320 },
}));

/** A choice of a filter: its value and what people read. */
export type FilterOption = { value: string; label: string };

function MultiFilter({
  name,
  label,
  values,
  options,
  onChange,
}: {
  name: keyof PageFilters;
  label: string;
  values: string[];
  options: FilterOption[];
  onChange: (values: string[]) => void;
}) {
  const classes = useStyles();
  const labelOf = (value: string) =>
    options.find(o => o.value === value)?.label ?? value;
  // Values from a shared URL that no row has any more stay listed, so they
  // can be cleared.
  const all = [
    ...options,
    ...values
      .filter(v => !options.some(o => o.value === v))
      .map(v => ({ value: v, label: v })),
  ];
  return (
    <TextField
      select
      id={`ops-health-filter-${name}`}
      label={label}
      value={values}
      variant="outlined"
      size="small"
      className={classes.filter}
      InputLabelProps={{ shrink: true }}
      SelectProps={{
        multiple: true,
        displayEmpty: true,
        renderValue: selected =>
          (selected as string[]).length === 0
            ? 'All'
            : (selected as string[]).map(labelOf).join(', '),
      }}
      onChange={e => onChange(e.target.value as unknown as string[])}
    >
      {all.map(option => (
        <MenuItem key={option.value} value={option.value} dense>
          <Checkbox
            size="small"
            color="primary"
            checked={values.includes(option.value)}
            inputProps={{ 'aria-hidden': true }}
            tabIndex={-1}
          />
          <ListItemText primary={option.label} />
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The page's filters, each choosing any number of values; they apply to
 * the unhealthy entities, and check and owner also to the open incidents
 * and the incident metrics.
 *
 * @internal
 */
export function FilterBar({
  filters,
  options,
  onChange,
  onClear,
  active,
}: {
  filters: PageFilters;
  options: Record<keyof PageFilters, FilterOption[]>;
  onChange: (key: keyof PageFilters, values: string[]) => void;
  onClear: () => void;
  active: boolean;
}) {
  const classes = useStyles();
  return (
    <Box className={classes.bar} role="group" aria-label="Filters">
      <MultiFilter
        name="status"
        label="Status"
        values={filters.status}
        options={options.status}
        onChange={v => onChange('status', v)}
      />
      <MultiFilter
        name="check"
        label="Check"
        values={filters.check}
        options={options.check}
        onChange={v => onChange('check', v)}
      />
      <MultiFilter
        name="owner"
        label="Owner"
        values={filters.owner}
        options={options.owner}
        onChange={v => onChange('owner', v)}
      />
      {active && (
        <Button size="small" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
