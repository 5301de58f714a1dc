import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { BackupFunctionTuning } from '@ops-health/backstage-plugin-ops-health-common';
import {
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  formatClock,
  formatDuration,
  formatTime,
  localTimeZone,
} from '../common/format';
import { RunbookLink } from '../common/RunbookLink';

/** Share of the timeout or memory at which the check warns (as the backend). */
const WARNING_RATIO = 0.8;
const TUNING_SECTION = 'optimizing-backup-functions';

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Math.round(s * 100) / 100 : Math.round(s * 10) / 10} s`;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)} %`;
}

/** A figure against its limit: red at the limit, amber from 80 %. */
function Against({
  value,
  limit,
  failed,
  children,
}: {
  value?: number;
  limit: number;
  failed: boolean;
  children: React.ReactNode;
}) {
  if (failed) return <StatusError>{children}</StatusError>;
  if (value === undefined) return <>{children}</>;
  if (value >= WARNING_RATIO * limit) {
    return <StatusWarning>{children}</StatusWarning>;
  }
  return <StatusOK>{children}</StatusOK>;
}

function DurationChart({ tuning }: { tuning: BackupFunctionTuning }) {
  const theme = useTheme();
  const timeoutMs = tuning.timeoutSeconds * 1000;
  const points = tuning.durationSeries.map(p => ({
    time: p.time,
    seconds: p.maxDurationMs / 1000,
  }));
  if (points.length === 0) return null;
  const longest = Math.max(...points.map(p => p.seconds));
  const tick = { fill: theme.palette.text.secondary, fontSize: 11 };
  // Over more than a day a time of day alone names two points.
  const multiDay = tuning.windowSeconds > 24 * 3600;
  return (
    <>
      <figure
        role="img"
        aria-label={`Longest run per period over the last ${formatDuration(
          tuning.windowSeconds,
        )}: at most ${seconds(longest * 1000)} against a ${seconds(
          timeoutMs,
        )} timeout`}
        style={{ margin: 0, width: '100%', height: 140 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 12, right: 16, left: 0 }}>
            <XAxis
              dataKey="time"
              tick={tick}
              tickFormatter={(time: string) =>
                formatClock(time, { day: multiDay })
              }
              stroke={theme.palette.divider}
              minTickGap={24}
            />
            <YAxis
              tick={tick}
              domain={[0, Math.ceil(Math.max(longest, timeoutMs / 1000) * 1.1)]}
              stroke={theme.palette.divider}
              unit=" s"
              width={48}
            />
            <Tooltip
              contentStyle={{
                background: theme.palette.background.paper,
                borderColor: theme.palette.divider,
                color: theme.palette.text.primary,
              }}
              // Each point is the longest run of a period that starts there.
              labelFormatter={label =>
                tuning.periodSeconds
                  ? `${formatTime(String(label))} – ${formatClock(
                      new Date(
                        Date.parse(String(label)) + tuning.periodSeconds * 1000,
                      ).toISOString(),
                      { day: multiDay },
                    )}`
                  : formatTime(String(label))
              }
              formatter={value => [
                seconds(Number(value) * 1000),
                'Longest run',
              ]}
            />
            <Line
              type="monotone"
              dataKey="seconds"
              stroke={theme.palette.primary.main}
              dot={points.length < 3}
              isAnimationActive={false}
            />
            <ReferenceLine
              y={timeoutMs / 1000}
              stroke={theme.palette.error.main}
              strokeDasharray="6 3"
              label={{
                value: `Timeout ${seconds(timeoutMs)}`,
                position: 'insideTopRight',
                fill: theme.palette.text.primary,
                fontSize: 11,
              }}
            />
            <ReferenceLine
              y={(WARNING_RATIO * timeoutMs) / 1000}
              stroke={theme.palette.warning.main}
              strokeDasharray="2 3"
            />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <Typography variant="caption" color="textSecondary" component="p">
        {tuning.periodSeconds
          ? `Each point is the longest run in the ${formatDuration(
              tuning.periodSeconds,
            )} from its time. `
          : ''}
        Times in your time zone ({localTimeZone()})
      </Typography>
    </>
  );
}

/**
 * How the backup function runs against its timeout and memory: longest and
 * 95th-percentile duration, memory used, timeouts, out-of-memory runs,
 * errors and throttles, with a chart of the longest run per period and a
 * link to the runbook's tuning section.
 *
 * @internal
 */
export function FunctionTuning({ tuning }: { tuning: BackupFunctionTuning }) {
  const timeoutMs = tuning.timeoutSeconds * 1000;
  const rows: Array<[string, React.ReactNode]> = [
    [
      'Longest run',
      tuning.maxDurationMs === undefined ? (
        'no runs in the window'
      ) : (
        <Against
          value={tuning.maxDurationMs}
          limit={timeoutMs}
          failed={tuning.timeouts > 0}
        >
          {seconds(tuning.maxDurationMs)} of {seconds(timeoutMs)} timeout (
          {percent(tuning.maxDurationMs, timeoutMs)})
          {tuning.timeouts > 0
            ? `, timed out ${tuning.timeouts} ${
                tuning.timeouts === 1 ? 'time' : 'times'
              }`
            : ''}
        </Against>
      ),
    ],
    [
      '95th percentile',
      tuning.p95DurationMs === undefined
        ? '—'
        : `${seconds(tuning.p95DurationMs)} (${
            tuning.p95From === 'cloudwatch'
              ? 'CloudWatch'
              : `${tuning.reports} ${
                  tuning.reports === 1 ? 'run' : 'runs'
                } logged`
          })`,
    ],
    [
      'Memory used',
      tuning.maxMemoryUsedMb === undefined ? (
        '—'
      ) : (
        <Against
          value={tuning.maxMemoryUsedMb}
          limit={tuning.memorySizeMb}
          failed={tuning.outOfMemory > 0}
        >
          {tuning.maxMemoryUsedMb} of {tuning.memorySizeMb} MB (
          {percent(tuning.maxMemoryUsedMb, tuning.memorySizeMb)})
          {tuning.outOfMemory > 0
            ? `, out of memory ${tuning.outOfMemory} ${
                tuning.outOfMemory === 1 ? 'time' : 'times'
              }`
            : ''}
        </Against>
      ),
    ],
    [
      'Invocations, errors, throttles',
      [tuning.invocations, tuning.errors, tuning.throttles]
        .map(n => (n === undefined ? '—' : String(n)))
        .join(' · '),
    ],
  ];
  return (
    <Box mt={2} component="section" aria-label="Backup function tuning">
      <Typography variant="subtitle2" component="h3">
        Backup function {tuning.functionName}, last{' '}
        {formatDuration(tuning.windowSeconds)}
      </Typography>
      <Table size="small" aria-label="Backup function figures">
        <TableBody>
          {rows.map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row" style={{ width: '40%' }}>
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {tuning.truncated && (
        <Typography variant="caption" color="textSecondary">
          The logs were read up to their page limit; figures from them may miss
          the newest runs.
        </Typography>
      )}
      <DurationChart tuning={tuning} />
      <RunbookLink checkId="backup" section={TUNING_SECTION} exact />
    </Box>
  );
}
