import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { OpsHealthCheckResult } from '@ops-health/backstage-plugin-ops-health-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { OpsHealthApi, opsHealthApiRef } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { RelativeTime } from '../common/RelativeTime';
import { StaleChip } from '../common/StaleChip';
import { staleReason } from '../common/staleness';
import { StatusLight } from '../common/StatusLight';
import { checkTitle } from '@ops-health/backstage-plugin-ops-health-common';

const UNHEALTHY: OpsHealthCheckResult['status'][] = [
  'critical',
  'warning',
  'misconfigured',
  'unknown',
];
const PAGE_SIZE = 500;
// Enough for any catalog this page is meant for; beyond it the page says so.
const MAX_RESULTS = 5000;
const ALL = '';
const NO_OWNER = '-';

type Row = OpsHealthCheckResult & { owner?: string };

const useStyles = makeStyles(theme => ({
  // On the paper colour, like the table below: the outlined labels sit on
  // this background, and on the page's grey they lack contrast.
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
    padding: theme.spacing(2),
    backgroundColor: theme.palette.background.paper,
    borderRadius: theme.shape.borderRadius,
    boxShadow: theme.shadows[2],
  },
  filter: { minWidth: 180 },
}));

async function loadUnhealthy(api: OpsHealthApi) {
  const items: OpsHealthCheckResult[] = [];
  let totalCount = 0;
  do {
    const page = await api.listHealth({
      status: UNHEALTHY,
      limit: PAGE_SIZE,
      offset: items.length,
    });
    totalCount = page.totalCount;
    items.push(...page.items);
    if (page.items.length === 0) break;
  } while (items.length < totalCount && items.length < MAX_RESULTS);
  return { items, totalCount };
}

function ownerRef(owner: unknown, namespace?: string): string | undefined {
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return undefined;
  }
}

function Filter({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      id={`ops-health-filter-${label.toLocaleLowerCase('en-US')}`}
      label={label}
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      variant="outlined"
      size="small"
      className={classes.filter}
    >
      <option value={ALL}>All</option>
      {options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

/**
 * Every check result that is not ok across the catalog the user can see,
 * with the entity's owner, filterable by check, status and owner.
 *
 * @internal
 */
export function UnhealthyEntities() {
  const classes = useStyles();
  const api = useApi(opsHealthApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [check, setCheck] = useState(ALL);
  const [status, setStatus] = useState(ALL);
  const [owner, setOwner] = useState(ALL);

  const { value, loading, error } = useAsync(async () => {
    const { items, totalCount } = await loadUnhealthy(api);
    const refs = [...new Set(items.map(r => r.entityRef))];
    const owners = new Map<string, string | undefined>();
    let ownerError: Error | undefined;
    if (refs.length) {
      try {
        const { items: entities } = await catalogApi.getEntitiesByRefs({
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
        });
        refs.forEach((ref, i) => {
          const entity = entities[i];
          owners.set(
            ref,
            entity
              ? ownerRef(entity.spec?.owner, entity.metadata.namespace)
              : undefined,
          );
        });
      } catch (e) {
        ownerError = e as Error;
      }
    }
    const rows: Row[] = items.map(r => ({
      ...r,
      owner: owners.get(r.entityRef),
    }));
    return { rows, totalCount, ownerError };
  }, [api, catalogApi]);

  const rows = useMemo(() => value?.rows ?? [], [value]);
  const options = useMemo(() => {
    const distinct = (values: (string | undefined)[]) =>
      [...new Set(values.filter((v): v is string => !!v))].sort();
    return {
      checks: distinct(rows.map(r => r.checkId)).map(c => ({
        value: c,
        label: checkTitle(c),
      })),
      statuses: UNHEALTHY.filter(s => rows.some(r => r.status === s)).map(
        s => ({ value: s, label: s }),
      ),
      owners: [
        ...distinct(rows.map(r => r.owner)).map(o => ({
          value: o,
          label: humanizeEntityRef(parseEntityRef(o), { defaultKind: 'group' }),
        })),
        ...(rows.some(r => !r.owner)
          ? [{ value: NO_OWNER, label: 'No owner' }]
          : []),
      ],
    };
  }, [rows]);

  const shown = rows.filter(
    r =>
      (check === ALL || r.checkId === check) &&
      (status === ALL || r.status === status) &&
      (owner === ALL || (owner === NO_OWNER ? !r.owner : r.owner === owner)),
  );

  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        title={`Could not load the unhealthy entities: ${errorMessage(error)}`}
        error={error}
      />
    );
  }

  const columns: TableColumn<Row>[] = [
    {
      title: 'Entity',
      field: 'entityRef',
      render: r => <EntityRefLink entityRef={r.entityRef} />,
    },
    {
      title: 'Owner',
      field: 'owner',
      render: r =>
        r.owner ? (
          <EntityRefLink entityRef={r.owner} defaultKind="group" />
        ) : (
          <Typography variant="body2" color="textSecondary">
            unknown
          </Typography>
        ),
    },
    {
      title: 'Check',
      field: 'checkId',
      render: r => (
        <>
          {checkTitle(r.checkId)}
          {r.subject ? (
            <Typography variant="caption" display="block" color="textSecondary">
              {r.subject}
            </Typography>
          ) : null}
        </>
      ),
    },
    {
      title: 'Status',
      field: 'status',
      render: r => <StatusLight status={r.status}>{r.status}</StatusLight>,
    },
    {
      title: 'Reason',
      field: 'headline',
      cellStyle: { overflowWrap: 'anywhere', minWidth: '16rem' },
      render: r => <span title={r.message}>{r.headline}</span>,
    },
    {
      title: 'Last measured',
      field: 'measuredAt',
      defaultSort: 'desc',
      render: r => {
        const stale = staleReason(r);
        return (
          <Box display="flex" alignItems="center" flexWrap="wrap">
            <RelativeTime iso={r.measuredAt} />
            {stale && <StaleChip reason={stale} />}
          </Box>
        );
      },
    },
  ];

  const truncated = value && value.totalCount > rows.length;
  return (
    <>
      {value?.ownerError && (
        <Typography variant="body2" color="error" role="alert" gutterBottom>
          Could not read the owners from the catalog:{' '}
          {errorMessage(value.ownerError)}
        </Typography>
      )}
      <Box
        className={classes.filters}
        role="group"
        aria-label="Filter unhealthy entities"
      >
        <Filter
          label="Check"
          value={check}
          onChange={setCheck}
          options={options.checks}
        />
        <Filter
          label="Status"
          value={status}
          onChange={setStatus}
          options={options.statuses}
        />
        <Filter
          label="Owner"
          value={owner}
          onChange={setOwner}
          options={options.owners}
        />
      </Box>
      <Table<Row>
        title="Unhealthy entities"
        subtitle={
          truncated
            ? `${shown.length} shown of the first ${rows.length} of ${value.totalCount} results`
            : `${shown.length} of ${rows.length} results`
        }
        options={{
          search: false,
          paging: shown.length > 20,
          pageSize: 20,
          padding: 'dense',
        }}
        columns={columns}
        data={shown.map(r => ({ ...r }))}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2">
              {rows.length === 0
                ? 'All checks of the entities you can see are healthy.'
                : 'No results match these filters.'}
            </Typography>
          </Box>
        }
      />
    </>
  );
}
