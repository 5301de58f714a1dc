import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  entityPresentationApiRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { useApiHolder } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { checkTitle } from '@ops-health/backstage-plugin-ops-health-common';
import { useMemo } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AcknowledgePage } from '../OnCall/AcknowledgePage';
import { OnCallCard } from '../OnCall/OnCallCard';
import { SchedulePage } from '../OnCall/SchedulePage';
import { WholeWords } from '../common/WholeWords';
import { errorMessage } from '../common/errorMessage';
import { AwsAccountsCard } from './AwsAccountsCard';
import { ChannelsCard } from './ChannelsCard';
import { CollectionTable } from './CollectionTable';
import { FilterBar, FilterOption } from './FilterBar';
import { HealthSummary } from './HealthSummary';
import { IncidentMetricsCards } from './IncidentMetricsCards';
import { OpenIncidentsTable } from './OpenIncidentsTable';
import { NO_OWNER, passes, usePageFilters } from './pageFilters';
import { UnhealthyEntities } from './UnhealthyEntities';
import { UNHEALTHY, UnhealthyRow, useUnhealthyRows } from './useUnhealthyRows';

const NO_TITLES: Record<string, string> = {};

/**
 * The owners' display names as the catalog presents them (e.g. "Platform
 * Operations" for group:default/platform-ops), once it has answered.
 */
function useOwnerTitles(owners: string[]): Record<string, string> {
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const key = owners.join('\n');
  const { value } = useAsync(async () => {
    if (!presentation || !key) return {};
    const refs = key.split('\n');
    const titles = await Promise.all(
      refs.map(
        async ref =>
          (
            await presentation.forEntity(ref, { defaultKind: 'group' }).promise
          ).primaryTitle,
      ),
    );
    return Object.fromEntries(refs.map((ref, i) => [ref, titles[i]]));
  }, [presentation, key]);
  return value ?? NO_TITLES;
}

function filterOptions(
  rows: UnhealthyRow[],
  ownerTitles: Record<string, string>,
): Record<'check' | 'status' | 'owner', FilterOption[]> {
  const distinct = (values: (string | undefined)[]) =>
    [...new Set(values.filter((v): v is string => !!v))].sort();
  return {
    status: UNHEALTHY.filter(s => rows.some(r => r.status === s)).map(s => ({
      value: s,
      label: s,
    })),
    check: distinct(rows.map(r => r.checkId)).map(c => ({
      value: c,
      label: checkTitle(c),
    })),
    owner: [
      ...distinct(rows.map(r => r.owner)).map(o => ({
        value: o,
        label:
          ownerTitles[o] ??
          humanizeEntityRef(parseEntityRef(o), { defaultKind: 'group' }),
      })),
      ...(rows.some(r => !r.owner)
        ? [{ value: NO_OWNER, label: 'No owner' }]
        : []),
    ],
  };
}

/**
 * The Ops Health portal page: a summary by status and owner, filters kept
 * in the URL, the unhealthy entities (the most severe first), the open
 * incidents with MTTA and MTTR, the collection status per check and the
 * notification channels with a test button for platform admins. Each
 * section loads and fails on its own. Under it: each on-call schedule
 * (`schedules/<name>`) and the page acknowledge links lead to
 * (`acknowledge?token=…`).
 *
 * @public
 */
export function OpsHealthPage() {
  return (
    <WholeWords>
      <Routes>
        <Route path="schedules/:name" element={<SchedulePage />} />
        <Route path="acknowledge" element={<AcknowledgePage />} />
        <Route path="*" element={<Overview />} />
      </Routes>
    </WholeWords>
  );
}

function Overview() {
  const { filters, setFilter, toggle, clear, active } = usePageFilters();
  const { value, loading, error } = useUnhealthyRows();
  const rows = useMemo(() => value?.rows ?? [], [value]);
  const ownerTitles = useOwnerTitles(
    useMemo(
      () =>
        [
          ...new Set(rows.map(r => r.owner).filter((o): o is string => !!o)),
        ].sort(),
      [rows],
    ),
  );
  const options = useMemo(
    () => filterOptions(rows, ownerTitles),
    [rows, ownerTitles],
  );
  const shown = useMemo(
    () =>
      rows.filter(
        r =>
          passes(filters.status, r.status) &&
          passes(filters.check, r.checkId) &&
          passes(filters.owner, r.owner ?? NO_OWNER),
      ),
    [rows, filters],
  );

  let unhealthy;
  if (loading && !value) {
    unhealthy = <Progress />;
  } else if (error && !value) {
    unhealthy = (
      <ResponseErrorPanel
        title={`Could not load the unhealthy entities: ${errorMessage(error)}`}
        error={error}
      />
    );
  } else {
    unhealthy = (
      <UnhealthyEntities
        rows={shown}
        total={rows.length}
        truncatedOf={
          value && value.totalCount > rows.length ? value.totalCount : undefined
        }
      />
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Ops Health"
        subtitle="Unhealthy entities, open incidents and collection across the catalog"
      />
      <Content>
        <Grid container spacing={3}>
          {value && (
            <Grid item xs={12} lg={7}>
              <HealthSummary
                rows={rows}
                filters={filters}
                ownerOptions={options.owner}
                onToggle={toggle}
              />
            </Grid>
          )}
          <Grid item xs={12} lg={value ? 5 : 12}>
            <IncidentMetricsCards owners={filters.owner} />
          </Grid>
          <Grid item xs={12}>
            <OnCallCard />
          </Grid>
          <Grid item xs={12}>
            {value?.ownerError && (
              <Typography
                variant="body2"
                color="error"
                role="alert"
                gutterBottom
              >
                Could not read the owners from the catalog:{' '}
                {errorMessage(value.ownerError)}
              </Typography>
            )}
            <FilterBar
              filters={filters}
              options={options}
              onChange={setFilter}
              onClear={clear}
              active={active}
            />
          </Grid>
          <Grid item xs={12}>
            {unhealthy}
          </Grid>
          <Grid item xs={12}>
            <OpenIncidentsTable
              owners={filters.owner}
              checks={filters.check}
              statuses={filters.status}
            />
          </Grid>
          <Grid item xs={12}>
            <AwsAccountsCard />
          </Grid>
          <Grid item xs={12}>
            <CollectionTable />
          </Grid>
          <Grid item xs={12}>
            <ChannelsCard />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
