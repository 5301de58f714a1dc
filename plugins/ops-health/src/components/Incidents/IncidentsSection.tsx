import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusOK,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  OpsHealthIncident,
  OpsHealthIncidentMetrics,
} from '../../api/incidentTypes';
import { useIncidentPermissions } from '../../hooks/useIncidentPermissions';
import { useIncidents } from '../../hooks/useIncidents';
import { errorMessage } from '../common/errorMessage';
import { formatDuration, formatTime } from '../common/format';
import { DeclareIncidentDialog } from './DeclareIncidentDialog';
import {
  detectedAt,
  escalationLevelLabel,
  incidentDurationMs,
  phaseLabel,
} from './phases';
import { SeverityChip } from './SeverityChip';
import { CARD_HEADING } from '../common/cardHeading';
import { clampLines } from '../common/clampLines';

function escalationLabel(incident: OpsHealthIncident): string {
  const label = escalationLevelLabel(incident);
  return incident.escalationLevel > 0 && incident.escalationPolicy
    ? `${label} (${incident.escalationPolicy})`
    : label;
}

function metricsSummary(metrics: OpsHealthIncidentMetrics | undefined) {
  if (!metrics) return 'Incidents of this entity, newest first';
  const parts = [
    `${metrics.incidentCount} in the last 30 days`,
    `MTTA ${
      metrics.mttaMs !== undefined ? formatDuration(metrics.mttaMs / 1000) : '–'
    }`,
    `MTTR ${
      metrics.mttrMs !== undefined ? formatDuration(metrics.mttrMs / 1000) : '–'
    }`,
  ];
  return parts.join(' · ');
}

/** The incidents read: the newest. */
const LOADED = 50;
/** Rows shown before "Show more" (every open incident is shown as well). */
const SHOWN = 10;

/**
 * The incident history of the entity, each linking to its incident view, and
 * the "Declare incident" action for those allowed to. The ten newest and
 * every open one are shown, the rest of the newest 50 behind "Show more",
 * so that a long history does not push the entity's checks off the tab.
 *
 * @internal
 */
export function IncidentsSection() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const entityName = entity.metadata.title ?? entity.metadata.name;
  const navigate = useNavigate();
  const permissions = useIncidentPermissions(entityRef);
  const { value, loading, error } = useIncidents({ limit: LOADED });
  const [declaring, setDeclaring] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const deniedId = 'declare-incident-denied';
  const denied = !permissions.loading && !permissions.canCreate;

  const action = (
    <Box display="flex" flexDirection="column" alignItems="flex-end">
      <Button
        variant="contained"
        color="primary"
        disabled={!permissions.canCreate}
        onClick={() => setDeclaring(true)}
        aria-describedby={denied ? deniedId : undefined}
      >
        Declare incident
      </Button>
      {denied && (
        <Typography id={deniedId} variant="caption" color="textSecondary">
          Only the owners of {entityName} and admins can declare incidents
        </Typography>
      )}
    </Box>
  );

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error && !value) {
    content = <ResponseErrorPanel title={errorMessage(error)} error={error} />;
  } else if (value) {
    const now = Date.now();
    const shown = expanded
      ? value.incidents
      : value.incidents.filter(
          (incident, index) => index < SHOWN || incident.phase !== 'closed',
        );
    const hidden = value.incidents.length - shown.length;
    content =
      value.incidents.length === 0 ? (
        <StatusOK>No incidents on record</StatusOK>
      ) : (
        <Box overflow="auto">
          <Table size="small" aria-label="Incident history">
            <TableHead>
              <TableRow>
                {/* Clamped to three lines, the title would otherwise be
                    squeezed to a few letters a line in a narrow window: the
                    table scrolls sideways instead. */}
                <TableCell style={{ minWidth: '12em' }}>Title</TableCell>
                <TableCell>Severity</TableCell>
                <TableCell>Phase</TableCell>
                <TableCell>Opened</TableCell>
                <TableCell>Open for</TableCell>
                <TableCell>Escalation</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map(incident => (
                <TableRow key={incident.id}>
                  <TableCell>
                    <Link
                      to={`incidents/${encodeURIComponent(incident.id)}`}
                      title={incident.title}
                      style={clampLines(3)}
                    >
                      {incident.title}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <SeverityChip severity={incident.severity} />
                  </TableCell>
                  <TableCell>{phaseLabel(incident.phase)}</TableCell>
                  <TableCell>
                    <time dateTime={detectedAt(incident)}>
                      {formatTime(detectedAt(incident))}
                    </time>
                  </TableCell>
                  <TableCell>
                    {formatDuration(incidentDurationMs(incident, now) / 1000)}
                    {incident.phase !== 'closed' && ' so far'}
                  </TableCell>
                  <TableCell>{escalationLabel(incident)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {hidden > 0 && (
            <Button size="small" onClick={() => setExpanded(true)}>
              Show {hidden} more
            </Button>
          )}
          {expanded && value.totalCount > value.incidents.length && (
            <Typography variant="caption" color="textSecondary" component="p">
              The newest {value.incidents.length} of {value.totalCount}{' '}
              incidents
            </Typography>
          )}
        </Box>
      );
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Incidents"
      subheader={metricsSummary(value?.metrics)}
      action={action}
    >
      {content}
      {declaring && (
        <DeclareIncidentDialog
          entityRef={entityRef}
          entityName={entityName}
          openIncidents={(value?.incidents ?? []).filter(
            i => i.phase !== 'closed',
          )}
          onClose={() => setDeclaring(false)}
          onDeclared={incident => {
            setDeclaring(false);
            navigate(`incidents/${encodeURIComponent(incident.id)}`);
          }}
        />
      )}
    </InfoCard>
  );
}
