import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef, OpsHealthIncidentMetrics } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { formatDuration } from '../common/format';

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
    <InfoCard title={title} subheader={description}>
      <Typography variant="h3" component="p">
        {valueMs === undefined ? '—' : formatDuration(valueMs / 1000)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {valueMs === undefined
          ? `No incident ${countLabel} in this period`
          : `over ${count} of ${total} incidents ${countLabel}`}
      </Typography>
    </InfoCard>
  );
}

/**
 * Mean time to acknowledge and to recover across the catalog, over the last
 * 7, 30 or 90 days.
 *
 * @internal
 */
export function IncidentMetricsCards() {
  const api = useApi(opsHealthApiRef);
  const [days, setDays] = useState(30);
  const { value, loading, error } = useAsync(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - days * DAY_MS);
    return api.getIncidentMetrics({
      from: from.toISOString(),
      to: to.toISOString(),
    });
  }, [api, days]);

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
    <Box>
      <Box display="flex" alignItems="center" mb={2}>
        <Typography variant="h5" component="h2" style={{ flexGrow: 1 }}>
          Incident response
        </Typography>
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
      </Box>
      {content}
    </Box>
  );
}

function Metrics({ metrics }: { metrics: OpsHealthIncidentMetrics }) {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <Metric
          title="MTTA"
          description="Mean time to acknowledge: from detection to assessment"
          valueMs={metrics.mttaMs}
          count={metrics.acknowledgedCount}
          total={metrics.incidentCount}
          countLabel="acknowledged"
        />
      </Grid>
      <Grid item xs={12} md={6}>
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
