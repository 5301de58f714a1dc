import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  BackupFunctionDurationPoint,
  BackupFunctionTuning,
} from '@ops-health/backstage-plugin-ops-health-common';
import { CallCounter } from '../awsCalls';
import { filterFunctionLogs, lambdaFunctionName } from './parts';

interface PartContext {
  signal: AbortSignal;
  counter: CallCounter;
}

/** Share of the timeout or memory at which the backup function warns. */
export const TUNING_WARNING_RATIO = 0.8;

/**
 * Lines of a Lambda function's logs that tell how it ran: one `REPORT` line
 * per invocation, and the lines the runtime writes on a timeout or when it
 * runs out of memory. CloudWatch Logs ORs `?` terms.
 */
export const TUNING_FILTER_PATTERN =
  '?"REPORT RequestId" ?"Task timed out" ?"Runtime.OutOfMemory"';

/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

/**
 * Whether an error says CloudWatch could not compute what was asked (an
 * emulator without percentile statistics answers 500), as opposed to access
 * or throttling.
 */
export function isServerError(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } })
    ?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** Periods in the duration chart. */
const CHART_PERIODS = 24;

/** The configured timeout and memory of a function. */
export interface FunctionConfiguration {
  functionName: string;
  timeoutSeconds: number;
  memorySizeMb: number;
}

/**
 * The configured timeout and memory of the backup function.
 *
 * @internal
 */
export async function readFunctionConfiguration(
  lambda: LambdaClient,
  functionNameOrArn: string,
  { signal, counter }: PartContext,
): Promise<FunctionConfiguration> {
  counter.add('GetFunctionConfiguration');
  const output = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionNameOrArn }),
    { abortSignal: signal },
  );
  return {
    functionName: output.FunctionName ?? lambdaFunctionName(functionNameOrArn),
    // Lambda's defaults when a function does not say.
    timeoutSeconds: output.Timeout ?? 3,
    memorySizeMb: output.MemorySize ?? 128,
  };
}

/** What the function's own log lines tell over the window. */
export interface TuningLogFigures {
  reports: number;
  p95DurationMs?: number;
  maxDurationMs?: number;
  maxMemoryUsedMb?: number;
  timeouts: number;
  outOfMemory: number;
  truncated?: boolean;
}

const REPORT =
  /REPORT RequestId:\s*(\S+).*?\bDuration:\s*([\d.]+)\s*ms.*?Memory Size:\s*(\d+)\s*MB.*?Max Memory Used:\s*(\d+)\s*MB/;
const TIMED_OUT = /Task timed out after/;
const OUT_OF_MEMORY = /Runtime\.OutOfMemory/;
const REQUEST_ID =
  /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Reads the figures out of a function's log lines: the durations and
 * memory of its `REPORT` lines, its timeouts, and the invocations that ran
 * out of memory (the runtime's `Runtime.OutOfMemory`, or a `REPORT` whose
 * memory used reached the memory size). Lines are classified here too, so a
 * service that ignores the filter pattern gives the same figures.
 *
 * @internal
 */
export function readTuningLines(
  messages: Iterable<string>,
): Omit<TuningLogFigures, 'truncated'> {
  const durations: number[] = [];
  let maxMemoryUsedMb: number | undefined;
  // By request id: the runtime's line and the REPORT line (`Status:
  // timeout`, `Error Type: Runtime.OutOfMemory`) of one invocation count once.
  const timeouts = new Set<string>();
  const outOfMemory = new Set<string>();
  let unnamed = 0;
  const idOf = (message: string) =>
    REQUEST_ID.exec(message)?.[1] ?? `line ${unnamed++}`;
  for (const message of messages) {
    const report = REPORT.exec(message);
    if (report) {
      const [, requestId, duration, size, used] = report;
      durations.push(Number(duration));
      const usedMb = Number(used);
      maxMemoryUsedMb = Math.max(maxMemoryUsedMb ?? 0, usedMb);
      if (usedMb >= Number(size) || OUT_OF_MEMORY.test(message)) {
        outOfMemory.add(requestId);
      }
      if (/Status:\s*timeout/.test(message)) timeouts.add(requestId);
      continue;
    }
    if (TIMED_OUT.test(message)) {
      timeouts.add(idOf(message));
    } else if (OUT_OF_MEMORY.test(message)) {
      outOfMemory.add(idOf(message));
    }
  }
  durations.sort((a, b) => a - b);
  return {
    reports: durations.length,
    p95DurationMs: percentile(durations, 95),
    maxDurationMs: durations.length
      ? durations[durations.length - 1]
      : undefined,
    maxMemoryUsedMb,
    timeouts: timeouts.size,
    outOfMemory: outOfMemory.size,
  };
}

/**
 * The function's `REPORT`, timeout and out-of-memory lines of the window,
 * read page by page up to the page limit. A missing log group means the
 * function has not run yet.
 *
 * @internal
 */
export async function readTuningLogs(
  logs: CloudWatchLogsClient,
  options: { functionName: string; windowMs: number; now: Date },
  context: PartContext,
): Promise<TuningLogFigures> {
  const messages: string[] = [];
  const read = await filterFunctionLogs(
    logs,
    {
      logGroupName: `/aws/lambda/${options.functionName}`,
      filterPattern: TUNING_FILTER_PATTERN,
      windowMs: options.windowMs,
      now: options.now,
    },
    context,
    events => {
      for (const event of events) messages.push(event.message ?? '');
    },
  );
  if (read.missing) return { reports: 0, timeouts: 0, outOfMemory: 0 };
  return {
    ...readTuningLines(messages),
    ...(read.truncated ? { truncated: true } : {}),
  };
}

/** CloudWatch `AWS/Lambda` figures of one function over the window. */
export interface LambdaMetricFigures {
  /** CloudWatch's p95 of Duration over the window, when asked and known. */
  p95DurationMs?: number;
  invocations?: number;
  errors?: number;
  throttles?: number;
  maxDurationMs?: number;
  durationSeries: BackupFunctionDurationPoint[];
  /** The newest chart period in which the function failed. */
  lastErrorPeriod?: { start: string; seconds: number };
}

/** Length of one chart period: the window in 24, in whole minutes. */
export function chartPeriodSeconds(windowMs: number): number {
  return Math.max(60, Math.round(windowMs / 1000 / CHART_PERIODS / 60) * 60);
}

/**
 * The `AWS/Lambda` metrics of many functions of one account, read with as
 * few `GetMetricData` calls as the API allows (500 queries, four per
 * function, each call paged): invocations, errors and throttles summed over
 * the window, and the longest duration per chart period.
 *
 * @internal
 */
export async function readLambdaMetrics(
  cloudWatch: CloudWatchClient,
  functionNames: string[],
  options: {
    windowMs: number;
    now: Date;
    /** Whether to ask for the p95 of Duration (false where CloudWatch cannot). */
    percentiles?: boolean;
  },
  { signal, counter }: PartContext,
): Promise<Map<string, LambdaMetricFigures>> {
  const percentiles = options.percentiles ?? true;
  const unique = [...new Set(functionNames)];
  const figures = new Map<string, LambdaMetricFigures>(
    unique.map(name => [name, { durationSeries: [] }]),
  );
  const windowSeconds = Math.max(60, Math.ceil(options.windowMs / 60000) * 60);
  const chartPeriod = chartPeriodSeconds(options.windowMs);
  const endTime = options.now;
  const startTime = new Date(endTime.getTime() - windowSeconds * 1000);

  type Field = 'invocations' | 'errors' | 'throttles' | 'duration' | 'p95';
  const byId = new Map<string, { name: string; field: Field }>();
  const queries: MetricDataQuery[] = [];
  unique.forEach((name, index) => {
    const metric = (metricName: string, stat: string, period: number) => ({
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: name }],
      },
      Period: period,
      Stat: stat,
    });
    const add = (field: Field, stat: ReturnType<typeof metric>) => {
      const id = `f${index}_${field}`;
      byId.set(id, { name, field });
      queries.push({ Id: id, MetricStat: stat, ReturnData: true });
    };
    add('invocations', metric('Invocations', 'Sum', windowSeconds));
    // Per chart period: when it last failed, against the newest backup.
    add('errors', metric('Errors', 'Sum', chartPeriod));
    add('throttles', metric('Throttles', 'Sum', windowSeconds));
    add('duration', metric('Duration', 'Maximum', chartPeriod));
    if (percentiles) add('p95', metric('Duration', 'p95', windowSeconds));
  });

  for (let i = 0; i < queries.length; i += QUERIES_PER_CALL) {
    const chunk = queries.slice(i, i + QUERIES_PER_CALL);
    let token: string | undefined;
    do {
      counter.add('GetMetricData');
      const page = await cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: chunk,
          StartTime: startTime,
          EndTime: endTime,
          ScanBy: 'TimestampAscending',
          NextToken: token,
        }),
        { abortSignal: signal },
      );
      for (const result of page.MetricDataResults ?? []) {
        const query = result.Id ? byId.get(result.Id) : undefined;
        if (!query) continue;
        const entry = figures.get(query.name)!;
        const values = result.Values ?? [];
        if (query.field === 'p95') {
          // One period; the longest of several if CloudWatch splits it.
          if (values.length > 0) entry.p95DurationMs = Math.max(...values);
        } else if (query.field === 'duration') {
          (result.Timestamps ?? []).forEach((time, n) => {
            if (values[n] === undefined) return;
            entry.durationSeries.push({
              time: time.toISOString(),
              maxDurationMs: values[n],
            });
          });
        } else if (query.field === 'errors') {
          (result.Timestamps ?? []).forEach((time, n) => {
            const value = values[n];
            if (value === undefined) return;
            entry.errors = (entry.errors ?? 0) + value;
            if (
              value > 0 &&
              (!entry.lastErrorPeriod ||
                time.toISOString() > entry.lastErrorPeriod.start)
            ) {
              entry.lastErrorPeriod = {
                start: time.toISOString(),
                seconds: chartPeriod,
              };
            }
          });
        } else if (values.length > 0) {
          entry[query.field] =
            (entry[query.field] ?? 0) + values.reduce((a, b) => a + b, 0);
        }
      }
      token = page.NextToken;
    } while (token);
  }

  for (const entry of figures.values()) {
    entry.durationSeries.sort((a, b) => a.time.localeCompare(b.time));
    if (entry.durationSeries.length > 0) {
      entry.maxDurationMs = Math.max(
        ...entry.durationSeries.map(p => p.maxDurationMs),
      );
    }
  }
  return figures;
}

/**
 * The tuning figures of one function, from its configuration, its log lines
 * and its metrics.
 *
 * @internal
 */
export function combineTuning(
  configuration: FunctionConfiguration,
  logFigures: TuningLogFigures,
  metrics: LambdaMetricFigures | undefined,
  windowMs: number,
): BackupFunctionTuning {
  return {
    functionName: configuration.functionName,
    windowSeconds: Math.round(windowMs / 1000),
    timeoutSeconds: configuration.timeoutSeconds,
    memorySizeMb: configuration.memorySizeMb,
    invocations: metrics?.invocations,
    errors: metrics?.errors,
    ...(metrics?.lastErrorPeriod
      ? { lastErrorPeriod: metrics.lastErrorPeriod }
      : {}),
    throttles: metrics?.throttles,
    // The longer of CloudWatch's maximum and the REPORT lines' (metrics lag).
    maxDurationMs: maxOf(metrics?.maxDurationMs, logFigures.maxDurationMs),
    // CloudWatch sees every invocation; the logs read may be a sample.
    p95DurationMs: metrics?.p95DurationMs ?? logFigures.p95DurationMs,
    p95From: p95Source(metrics, logFigures),
    maxMemoryUsedMb: logFigures.maxMemoryUsedMb,
    reports: logFigures.reports,
    timeouts: logFigures.timeouts,
    outOfMemory: logFigures.outOfMemory,
    ...(logFigures.truncated ? { truncated: true } : {}),
    durationSeries: metrics?.durationSeries ?? [],
    periodSeconds: chartPeriodSeconds(windowMs),
  };
}

function p95Source(
  metrics: LambdaMetricFigures | undefined,
  logFigures: TuningLogFigures,
): BackupFunctionTuning['p95From'] {
  if (metrics?.p95DurationMs !== undefined) return 'cloudwatch';
  return logFigures.p95DurationMs !== undefined ? 'logs' : undefined;
}

function maxOf(a?: number, b?: number): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.max(a, b);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Math.round(s * 100) / 100 : Math.round(s * 10) / 10} s`;
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/**
 * What the tuning figures say: critical sentences (an invocation timed out
 * or ran out of memory), warnings (the longest run or the memory used at
 * 80 % of the limit or more, throttles) and a plain note otherwise.
 *
 * @internal
 */
export function evaluateTuning(
  tuning: BackupFunctionTuning,
  /** When the newest backup was taken (ISO 8601), if one was found. */
  newestBackupAt?: string,
): {
  critical: string[];
  warnings: string[];
  notes: string[];
  /** Said when the function failed after the newest backup was taken. */
  failedSinceBackup?: string;
} {
  let failedSinceBackup: string | undefined;
  const critical: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const name = `backup function ${tuning.functionName}`;
  const timeoutMs = tuning.timeoutSeconds * 1000;
  if (tuning.timeouts > 0) {
    critical.push(
      `${name} timed out ${times(tuning.timeouts)} (timeout ${seconds(
        timeoutMs,
      )}): raise its timeout or make it faster`,
    );
  }
  if (tuning.outOfMemory > 0) {
    critical.push(
      `${name} ran out of memory ${times(tuning.outOfMemory)} (memory ${
        tuning.memorySizeMb
      } MB): raise its memory`,
    );
  }
  const longest = tuning.maxDurationMs;
  if (
    tuning.timeouts === 0 &&
    longest !== undefined &&
    longest >= TUNING_WARNING_RATIO * timeoutMs
  ) {
    warnings.push(
      `${name}'s longest run took ${seconds(longest)}, ${Math.round(
        (100 * longest) / timeoutMs,
      )} % of its ${seconds(timeoutMs)} timeout`,
    );
  }
  const used = tuning.maxMemoryUsedMb;
  if (
    tuning.outOfMemory === 0 &&
    used !== undefined &&
    used >= TUNING_WARNING_RATIO * tuning.memorySizeMb
  ) {
    warnings.push(
      `${name} used up to ${used} MB, ${Math.round(
        (100 * used) / tuning.memorySizeMb,
      )} % of its ${tuning.memorySizeMb} MB`,
    );
  }
  if (tuning.throttles && tuning.throttles > 0) {
    warnings.push(`${name} was throttled ${times(tuning.throttles)}`);
  }
  if (tuning.errors && tuning.errors > 0) {
    const last = tuning.lastErrorPeriod;
    const start = last ? Date.parse(last.start) : NaN;
    if (last && newestBackupAt && start >= Date.parse(newestBackupAt)) {
      // Failures of a whole period after the newest backup: the runs that
      // should have taken the next one failed.
      const at = (ms: number) =>
        new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
      failedSinceBackup = `${name} failed ${times(
        tuning.errors,
      )} (AWS/Lambda Errors), the last time between ${at(start)} and ${at(
        start + last.seconds * 1000,
      ).slice(
        11,
      )} UTC, after the newest backup was taken: backups are failing, see its logs`;
    } else {
      warnings.push(
        `${name} failed ${times(tuning.errors)} (AWS/Lambda Errors)`,
      );
    }
  }
  if (
    critical.length === 0 &&
    warnings.length === 0 &&
    !failedSinceBackup &&
    longest !== undefined
  ) {
    notes.push(
      `${name} ran at most ${seconds(longest)} of ${seconds(timeoutMs)}${
        used !== undefined ? `, ${used} of ${tuning.memorySizeMb} MB` : ''
      }`,
    );
  }
  return {
    critical,
    warnings,
    notes,
    ...(failedSinceBackup ? { failedSinceBackup } : {}),
  };
}
