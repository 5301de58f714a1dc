import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import {
  checkSectionId,
  statusRank,
} from '@ops-health/backstage-plugin-ops-health-common';
import { ReactElement, RefObject, useEffect, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Route, Routes, useLocation, useParams } from 'react-router-dom';
import {
  ContentOptionsProvider,
  OpsHealthContentOptions,
} from '../../hooks/useContentOptions';
import { opsHealthApiRef } from '../../api';
import { AlertsSection } from '../AlertsSection';
import { BackupSection } from '../BackupSection';
import { CostSection } from '../CostSection';
import { IncidentsSection, IncidentView } from '../Incidents';
import { PostureSection } from '../PostureSection';
import { ReplicationSection } from '../ReplicationSection';
import { SectionBoundary } from '../common/SectionBoundary';
import { isAwsAccountEntity } from '@ops-health/backstage-plugin-ops-health-common';
import { WholeWords } from '../common/WholeWords';

/**
 * Props of {@link EntityOpsHealthContent}.
 *
 * @public
 */
export type EntityOpsHealthContentProps = OpsHealthContentOptions;

type CheckSection = {
  title: string;
  /** The checks whose results the section shows. */
  checkIds: string[];
  element: ReactElement;
};

const CHECK_SECTIONS: CheckSection[] = [
  { title: 'Cost', checkIds: ['cost'], element: <CostSection /> },
  {
    title: 'Replication',
    checkIds: ['replication', 'replication-canary'],
    element: <ReplicationSection />,
  },
  { title: 'Backups', checkIds: ['backup'], element: <BackupSection /> },
];

/** An AWS account (Resource of type aws-account) has its posture instead. */
const ACCOUNT_SECTIONS: CheckSection[] = [
  { title: 'Posture', checkIds: ['posture'], element: <PostureSection /> },
];

/**
 * The check sections, the most severe first (a failing replication above a
 * healthy cost chart); checks not set up last; the written order among
 * equals, and while the summary loads.
 */
function useSectionOrder(): { sections: CheckSection[]; settled: boolean } {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const ref = getCompoundEntityRef(entity);
  const { value, loading } = useAsync(
    async () => api.getEntityHealth(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const isAccount = isAwsAccountEntity(entity);
  if (isAccount) return { sections: ACCOUNT_SECTIONS, settled: !loading };
  if (!value) return { sections: CHECK_SECTIONS, settled: !loading };
  const rank = (section: CheckSection) =>
    Math.max(
      -1,
      ...value.checks
        .filter(check => section.checkIds.includes(check.checkId))
        .map(check => statusRank(check.status)),
    );
  const sections = CHECK_SECTIONS.map((section, index) => ({
    section,
    index,
    rank: rank(section),
  }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map(({ section }) => section);
  return { sections, settled: true };
}

/** How long a linked section is held in place while the tab fills in. */
const HOLD_SECTION_MS = 15_000;

/**
 * Scrolls to the section a link names in its fragment (notifications link
 * to the section of the failing check), once the order has settled, and
 * keeps it there while the sections above it load and grow, until the user
 * scrolls or clicks or the hold ends.
 */
function useScrollToSection(
  settled: boolean,
  container: RefObject<HTMLDivElement>,
) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!settled || !hash) return undefined;
    const id = decodeURIComponent(hash.slice(1));
    const scroll = () =>
      document.getElementById(id)?.scrollIntoView({ block: 'start' });
    scroll();
    if (typeof ResizeObserver === 'undefined' || !container.current) {
      return undefined;
    }
    const observer = new ResizeObserver(scroll);
    observer.observe(container.current);
    // Released by the user's first scroll, click or key, or the hold's end.
    const userEvents = ['wheel', 'touchmove', 'keydown', 'mousedown'];
    const release = () => {
      observer.disconnect();
      for (const type of userEvents) {
        window.removeEventListener(type, release);
      }
    };
    for (const type of userEvents) {
      window.addEventListener(type, release, { passive: true });
    }
    const timer = setTimeout(release, HOLD_SECTION_MS);
    return () => {
      clearTimeout(timer);
      release();
    };
  }, [settled, hash, container]);
}

function Sections() {
  const { sections, settled } = useSectionOrder();
  const container = useRef<HTMLDivElement>(null);
  useScrollToSection(settled, container);
  return (
    <Grid container spacing={3} alignItems="stretch" ref={container}>
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
      {sections.map(section => (
        <Grid
          item
          xs={12}
          key={section.title}
          id={checkSectionId(section.checkIds[0])}
        >
          <SectionBoundary title={section.title}>
            {section.element}
          </SectionBoundary>
        </Grid>
      ))}
    </Grid>
  );
}

function IncidentRoute() {
  const { incidentId } = useParams();
  return <IncidentView incidentId={incidentId ?? ''} />;
}

/**
 * The "Operations" tab of an entity: open alerts, incidents, then cost, S3
 * replication and backups with the most severe first, each section loading
 * and failing on its own; an
 * incident at `incidents/:incidentId` below the tab, where escalation
 * notifications link.
 *
 * @public
 */
export function EntityOpsHealthContent(props: EntityOpsHealthContentProps) {
  return (
    <ContentOptionsProvider options={props}>
      <WholeWords>
        <Routes>
          <Route path="/" element={<Sections />} />
          <Route path="incidents/:incidentId" element={<IncidentRoute />} />
        </Routes>
      </WholeWords>
    </ContentOptionsProvider>
  );
}
