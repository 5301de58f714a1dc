import Grid from '@material-ui/core/Grid';
import {
  ContentOptionsProvider,
  OpsHealthContentOptions,
} from '../../hooks/useContentOptions';
import { AlertsSection } from '../AlertsSection';
import { BackupSection } from '../BackupSection';
import { CostSection } from '../CostSection';
import { ReplicationSection } from '../ReplicationSection';

/**
 * Props of {@link EntityOpsHealthContent}.
 *
 * @public
 */
export type EntityOpsHealthContentProps = OpsHealthContentOptions;

/**
 * The "Operations" tab of an entity: open alerts, cost, S3 replication and
 * backups, each section loading and failing on its own.
 *
 * @public
 */
export function EntityOpsHealthContent(props: EntityOpsHealthContentProps) {
  return (
    <ContentOptionsProvider options={props}>
      <Grid container spacing={3} alignItems="stretch">
        <Grid item xs={12}>
          <AlertsSection />
        </Grid>
        <Grid item xs={12}>
          <CostSection />
        </Grid>
        <Grid item xs={12} lg={6}>
          <ReplicationSection />
        </Grid>
        <Grid item xs={12} lg={6}>
          <BackupSection />
        </Grid>
      </Grid>
    </ContentOptionsProvider>
  );
}
