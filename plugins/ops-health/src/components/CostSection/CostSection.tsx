import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusWarning,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  CostCheckDetails,
  isCostCheckDetails,
  OPS_HEALTH_ANNOTATIONS,
  OpsHealthCheckResult,
} from '@ops-health/backstage-plugin-ops-health-common';
import { useCheckDetail } from '../../hooks/useCheckDetail';
import { errorMessage } from '../common/errorMessage';
import { formatDay, formatMoney } from '../common/format';
import { ResultSummary } from '../common/ResultSummary';
import { chartDays, CostChart } from './CostChart';
import { Fragment, ReactNode } from 'react';
import { CARD_HEADING } from '../common/cardHeading';

const DAYS = 30;

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box mb={1.5}>
      <Typography variant="overline" component="div" color="textSecondary">
        {label}
      </Typography>
      <Typography variant="body1" component="div">
        {children}
      </Typography>
    </Box>
  );
}

function Figures({
  details,
  unit,
}: {
  details: CostCheckDetails;
  unit: string;
}) {
  const share = details.monthlyThreshold
    ? (details.monthToDate / details.monthlyThreshold) * 100
    : 0;
  const average = `${details.baselineDays}-day average ${formatMoney(
    details.baseline,
    unit,
  )}`;
  const over = (yes: boolean | undefined, children: ReactNode) =>
    yes ? <StatusError>{children}</StatusError> : <>{children}</>;
  return (
    <>
      <Figure label={`Yesterday (${formatDay(details.lastCompleteDay)})`}>
        {over(
          details.over?.lastCompleteDay,
          <>
            {formatMoney(details.lastCompleteDayCost, unit)} of{' '}
            {formatMoney(details.dailyThreshold, unit)} a day
          </>,
        )}
        {details.spike && (
          <StatusWarning>
            {Math.round((details.lastCompleteDayCost / details.baseline) * 10) /
              10}
            × the {average}, a spike
          </StatusWarning>
        )}
      </Figure>
      <Figure label={`So far today (${formatDay(details.today)}, partial)`}>
        {over(
          details.over?.today,
          <>
            {formatMoney(details.todaySoFar, unit)}
            {details.over?.today ? ', already over the daily threshold' : ''}
          </>,
        )}
      </Figure>
      <Figure label="Month to date">
        {formatMoney(details.monthToDate, unit)} of{' '}
        {formatMoney(details.monthlyThreshold, unit)} ({Math.round(share)}%)
        <LinearProgress
          variant="determinate"
          value={Math.min(100, share)}
          color={share > 100 ? 'secondary' : 'primary'}
          aria-label="Month to date against the monthly threshold"
        />
      </Figure>
      <Figure label="Projected month end">
        {details.over?.projection ? (
          <StatusWarning>
            {formatMoney(details.projectedMonthEnd, unit)}, over the monthly
            threshold
          </StatusWarning>
        ) : (
          <>{formatMoney(details.projectedMonthEnd, unit)}</>
        )}
        <Typography variant="caption" component="div" color="textSecondary">
          {formatMoney(details.settledMonthToDate, unit)} settled +{' '}
          {details.remainingDays} {details.remainingDays === 1 ? 'day' : 'days'}{' '}
          × the {average}
        </Typography>
      </Figure>
    </>
  );
}

/**
 * Which spend the figures are: the cost allocation tags that select it, the
 * metric and the account. The runbook's first step on a cost overrun is to
 * review these tags.
 */
function CostScope({ details }: { details: CostCheckDetails }) {
  const tags = details.tags.map(t => `${t.key}=${t.value}`);
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      style={{ marginTop: 8, overflowWrap: 'anywhere' }}
    >
      {details.metric} of the resources tagged{' '}
      {tags.map((tag, i) => (
        <Fragment key={tag}>
          {i > 0 && (i === tags.length - 1 ? ' and ' : ', ')}
          <code>{tag}</code>
        </Fragment>
      ))}
      {details.accountId ? ` in account ${details.accountId}` : ''}. Spend that
      is missing here carries none of these tags, or the tag key is not
      activated as a cost allocation tag in the account's Billing console.
    </Typography>
  );
}

function Drivers({
  details,
  unit,
}: {
  details: CostCheckDetails;
  unit: string;
}) {
  if (details.driversError) {
    return (
      <WarningPanel
        title="The cost drivers could not be looked up"
        message={details.driversError}
      />
    );
  }
  if (!details.drivers) {
    return (
      <Typography variant="body2" color="textSecondary">
        Cost drivers are looked up when the entity is over a threshold or its
        cost spikes.
      </Typography>
    );
  }
  if (details.drivers.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Cost Explorer names no services for this month yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Top cost drivers">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell align="right">
            {details.driversPeriod
              ? `Since ${formatDay(details.driversPeriod.start)}`
              : 'Month to date'}
          </TableCell>
          <TableCell align="right">Share</TableCell>
          <TableCell align="right">Yesterday</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {details.drivers.map(d => (
          <TableRow key={d.service}>
            <TableCell component="th" scope="row">
              {d.service}
            </TableCell>
            <TableCell align="right">{formatMoney(d.amount, unit)}</TableCell>
            <TableCell align="right">{Math.round(d.share * 100)}%</TableCell>
            <TableCell align="right">
              {formatMoney(d.yesterday, unit)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The entity's AWS cost: daily chart against the threshold, month to date,
 * projection and the services that drive the cost.
 *
 * @internal
 */
export function CostSection() {
  const { entity } = useEntity();
  const { value, loading, error, retry } = useCheckDetail('cost', DAYS);

  let content;
  // Read again after "Check now": the last answer stays meanwhile.
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel title={errorMessage(error)} error={error} />;
  } else if (value) {
    const result = value.results.find(r => r.checkId === 'cost') as
      | OpsHealthCheckResult
      | undefined;
    const details = isCostCheckDetails(result?.details)
      ? result?.details
      : undefined;
    const known = value.dailyCosts ?? [];
    const today =
      details?.today ??
      known.reduce((last, d) => (d.day > last ? d.day : last), '');
    const days = today ? chartDays(known, today, DAYS) : [];
    const unit = result?.unit ?? known[0]?.unit ?? 'USD';
    if (!result && known.length === 0) {
      const annotated = Boolean(
        entity.metadata.annotations?.[OPS_HEALTH_ANNOTATIONS.costTags] ||
          entity.metadata.annotations?.[
            OPS_HEALTH_ANNOTATIONS.costInsightsTags
          ],
      );
      content = (
        <Typography variant="body2">
          {annotated
            ? 'No cost has been measured for this entity yet.'
            : `Add the ${OPS_HEALTH_ANNOTATIONS.costTags} annotation (e.g. service=checkout) to follow the AWS cost of this entity.`}
        </Typography>
      );
    } else {
      content = (
        <>
          {result && (
            <ResultSummary
              result={result}
              title="AWS cost"
              onMeasured={retry}
            />
          )}
          <Grid container spacing={2}>
            <Grid item xs={12} md={8}>
              {known.length > 0 ? (
                <CostChart
                  days={days}
                  dailyThreshold={details?.dailyThreshold}
                  unit={unit}
                />
              ) : (
                <Typography variant="body2" color="textSecondary">
                  No daily cost history yet.
                </Typography>
              )}
            </Grid>
            <Grid item xs={12} md={4}>
              {details && <Figures details={details} unit={unit} />}
            </Grid>
            {details && (
              <Grid item xs={12}>
                <Typography variant="subtitle2" component="h3" gutterBottom>
                  Top cost drivers
                </Typography>
                <Drivers details={details} unit={unit} />
                <CostScope details={details} />
              </Grid>
            )}
          </Grid>
        </>
      );
    }
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Cost"
      subheader={`Daily AWS cost of the last ${DAYS} days (UTC), today so far`}
    >
      {content}
    </InfoCard>
  );
}
