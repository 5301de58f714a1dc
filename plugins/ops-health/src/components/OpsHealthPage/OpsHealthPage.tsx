import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { ChannelsCard } from './ChannelsCard';
import { CollectionTable } from './CollectionTable';
import { IncidentMetricsCards } from './IncidentMetricsCards';
import { OpenIncidentsTable } from './OpenIncidentsTable';
import { UnhealthyEntities } from './UnhealthyEntities';

/**
 * The Ops Health portal page: unhealthy entities with their owners, open
 * incidents, MTTA and MTTR, the collection status per check and the
 * notification channels with a test button for platform admins. Each
 * section loads and fails on its own.
 *
 * @public
 */
export function OpsHealthPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Ops Health"
        subtitle="Unhealthy entities, open incidents and collection across the catalog"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <UnhealthyEntities />
          </Grid>
          <Grid item xs={12}>
            <OpenIncidentsTable />
          </Grid>
          <Grid item xs={12}>
            <IncidentMetricsCards />
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
