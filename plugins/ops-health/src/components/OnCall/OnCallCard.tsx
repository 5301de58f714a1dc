import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { opsHealthApiRef } from '../../api';
import { CARD_HEADING } from '../common/cardHeading';
import { errorMessage } from '../common/errorMessage';
import { onCallOf, OnCallSummary } from './OnCallSummary';

/**
 * Who is on call now and next on every on-call schedule, for the Ops Health
 * page. Renders nothing when no schedule is configured.
 *
 * @internal
 */
export function OnCallCard() {
  const api = useApi(opsHealthApiRef);
  const { value, loading, error } = useAsync(
    () => api.listSchedules({ days: 31 }),
    [api],
  );
  if (value && value.items.length === 0) return null;
  return (
    <InfoCard titleTypographyProps={CARD_HEADING} title="On call">
      {loading && <Progress />}
      {error && (
        <ResponseErrorPanel
          title={`Could not load the on-call schedules: ${errorMessage(error)}`}
          error={error}
        />
      )}
      {value && (
        <>
          <Typography variant="body2" color="textSecondary" paragraph>
            Escalation pages whoever is on call. Times are in your time zone.
          </Typography>
          <Grid container spacing={2}>
            {value.items.map(schedule => (
              <Grid item xs={12} md={6} key={schedule.name}>
                <OnCallSummary heading="h3" onCall={onCallOf(schedule)} />
              </Grid>
            ))}
          </Grid>
        </>
      )}
    </InfoCard>
  );
}
