import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  isNotMeasuredYet,
  OpsHealthCheckResult,
} from '@ops-health/backstage-plugin-ops-health-common';
import { useContentOptions } from '../../hooks/useContentOptions';
import { CheckNowButton } from './CheckNowButton';
import { formatTime, timeAgo } from './format';
import { RunbookLink } from './RunbookLink';
import { StaleChip } from './StaleChip';
import { isFailing, StatusLight } from './StatusLight';
import { staleReason } from './staleness';

/**
 * The status of one check result: light, headline, the full message (unless
 * the section lists it), time of measurement, a stale chip and, when
 * failing, the runbook section.
 *
 * @internal
 */
export function ResultSummary({
  result,
  title,
  explained,
  onMeasured,
}: {
  result: OpsHealthCheckResult;
  title: string;
  /** The section lists what the message says: show the headline only. */
  explained?: boolean;
  /** Offers "Check now", and reads the result again once it has measured. */
  onMeasured?: () => void;
}) {
  const { staleAfterMs } = useContentOptions();
  const stale = staleReason(result, staleAfterMs);
  // A headline that is the message cut short: the message is said once,
  // whole, where the headline goes (unless the section lists it).
  const cut =
    !explained &&
    result.headline.endsWith('…') &&
    result.message
      .replace(/\s+/g, ' ')
      .startsWith(result.headline.slice(0, -1));
  return (
    <Box mb={1}>
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <StatusLight status={result.status}>
          {title}: {result.status}
        </StatusLight>
        {stale && <StaleChip reason={stale} />}
      </Box>
      <Typography
        variant="subtitle2"
        component="p"
        style={{ overflowWrap: 'anywhere' }}
      >
        {cut ? result.message : result.headline}
      </Typography>
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ overflowWrap: 'anywhere' }}
      >
        {!explained &&
          !cut &&
          result.message !== result.headline &&
          `${result.message} · `}
        {isNotMeasuredYet(result) ? 'first tried' : 'measured'}{' '}
        <time
          dateTime={result.measuredAt}
          title={formatTime(result.measuredAt)}
        >
          {timeAgo(result.measuredAt)}
        </time>
        {onMeasured && (
          <CheckNowButton
            checkId={result.checkId}
            title={title}
            onMeasured={onMeasured}
          />
        )}
      </Typography>
      {isFailing(result.status) && (
        <RunbookLink checkId={result.checkId} section={result.runbookSection} />
      )}
    </Box>
  );
}
