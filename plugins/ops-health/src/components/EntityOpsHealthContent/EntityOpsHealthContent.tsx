import Grid from '@material-ui/core/Grid';
import { Route, Routes, useParams } from 'react-router-dom';
import {
  ContentOptionsProvider,
  OpsHealthContentOptions,
} from '../../hooks/useContentOptions';
import { AlertsSection } from '../AlertsSection';
import { BackupSection } from '../BackupSection';
import { CostSection } from '../CostSection';
import { IncidentsSection, IncidentView } from '../Incidents';
import { ReplicationSection } from '../ReplicationSection';
import { SectionBoundary } from '../common/SectionBoundary';

/**
 * Props of {@link EntityOpsHealthContent}.
 *
 * @public
 */
export type EntityOpsHealthContentProps = OpsHealthContentOptions;

function Sections() {
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <SectionBoundary title="Open alerts">
          <AlertsSection />
        </SectionBoundary>
      </Grid>
      <Grid item xs={12}>
        <SectionBoundary title="Incidents">
          <IncidentsSection />
        </SectionBoundary>
      </Grid>
      <Grid item xs={12}>
        <SectionBoundary title="Cost">
          <CostSection />
        </SectionBoundary>
      </Grid>
      <Grid item xs={12} xl={6}>
        <SectionBoundary title="Replication">
          <ReplicationSection />
        </SectionBoundary>
      </Grid>
      <Grid item xs={12} xl={6}>
        <SectionBoundary title="Backups">
          <BackupSection />
        </SectionBoundary>
      </Grid>
    </Grid>
  );
}

function IncidentRoute() {
  const { incidentId } = useParams();
  return <IncidentView incidentId={incidentId ?? ''} />;
}

/**
 * The "Operations" tab of an entity: open alerts, incidents, cost, S3
 * replication and backups, each section loading and failing on its own; an
 * incident at `incidents/:incidentId` below the tab, where escalation
 * notifications link.
 *
 * @public
 */
export function EntityOpsHealthContent(props: EntityOpsHealthContentProps) {
  return (
    <ContentOptionsProvider options={props}>
      <Routes>
        <Route path="/" element={<Sections />} />
        <Route path="incidents/:incidentId" element={<IncidentRoute />} />
      </Routes>
    </ContentOptionsProvider>
  );
}
