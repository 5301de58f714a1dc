import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef, OpsHealthIncidentMetrics } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { formatDuration } from '../common/format';
import { NO_OWNER } from './pageFilters';
import { CARD_HEADING } from '../common/cardHeading';

const PERIODS = [7, 30, 90];
const DAY_MS = 86_400_000;

function Metric({
  title,
  description,
  valueMs,
  count,
  total,
  countLabel,
}: {
  title: string;
  description: string;
  valueMs?: number;
  count: number;
  total: number;
  countLabel: string;
}) {
  return (
    <section aria-label={title}>
      <Typography variant="h6" component="h3">
        {title}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {description}
      </Typography>
      <Typography variant="h3" component="p">
        {valueMs === undefined ? '—' : formatDuration(valueMs / 1000)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {valueMs === undefined
          ? `No incident ${countLabel} in this period`
          : `over ${count} of ${total} incidents ${countLabel}`}
      </Typography>
    </section>
  );
}

/**
 * Mean time to acknowledge and to recover across the catalog (or the
 * entities of some owners), over the last 7, 30 or 90 days.
 *
 * @internal
 */
export function IncidentMetricsCards({ owners = [] }: { owners?: string[] }) {
  const api = useApi(opsHealthApiRef);
  const [days, setDays] = useState(30);
  const ownerKey = owners.filter(o => o !== NO_OWNER).join(',');
  const { value, loading, error } = useAsync(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - days * DAY_MS);
    return api.getIncidentMetrics({
      from: from.toISOString(),
      to: to.toISOString(),
      ...(ownerKey ? { owner: ownerKey.split(',') } : {}),
    });
  }, [api, days, ownerKey]);

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the incident metrics: ${errorMessage(error)}`}
        error={error}
      />
    );
  } else if (value) {
    content = <Metrics metrics={value} />;
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Incident response"
      subheader="How fast incidents are acknowledged and recovered"
      action={
        <TextField
          select
          id="ops-health-metrics-period"
          label="Period"
          value={String(days)}
          onChange={e => setDays(Number(e.target.value))}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          size="small"
        >
          {PERIODS.map(p => (
            <option key={p} value={p}>
              Last {p} days
            </option>
          ))}
        </TextField>
      }
    >
      {content}
    </InfoCard>
  );
}

function Metrics({ metrics }: { metrics: OpsHealthIncidentMetrics }) {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} sm={6}>
        <Metric
          title="MTTA"
          description="Mean time to acknowledge: from detection to assessment"
          valueMs={metrics.mttaMs}
          count={metrics.acknowledgedCount}
          total={metrics.incidentCount}
          countLabel="acknowledged"
        />
      </Grid>
      <Grid item xs={12} sm={6}>
        <Metric
          title="MTTR"
          description="Mean time to recover: from detection to recovery"
          valueMs={metrics.mttrMs}
          count={metrics.recoveredCount}
          total={metrics.incidentCount}
          countLabel="recovered"
        />
      </Grid>
    </Grid>
  );
}
