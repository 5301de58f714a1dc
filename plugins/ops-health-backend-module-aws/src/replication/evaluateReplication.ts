import { CheckStatus } from '@ops-health/backstage-plugin-ops-health-node';
import { AwsChecksConfig } from '../config';
import { formatBytes, formatCount, formatSeconds } from '../awsCalls';
import {
  MetricPoint,
  REPLICATION_METRICS,
  ReplicationMetricKey,
  RuleMetricSeries,
  ruleMetricKey,
} from './readReplicationMetrics';
import {
  ReplicationCheckDetails,
  ReplicationRuleDetails,
  ReplicationSetup,
  S3_SERVICE_PRINCIPAL,
} from './readReplicationSetup';

/** The metrics of the account of a bucket, or why they are missing. */
export type ReplicationMetricsState =
  | { available: true; series: Map<string, RuleMetricSeries> }
  | { available: false; error: string };

/** The judged state of one source bucket. */
export type ReplicationEvaluation = {
  status: CheckStatus;
  message: string;
  value?: number;
  threshold: number;
  unit: 's';
  details: ReplicationCheckDetails;
  /** Datapoints of the bucket (all its rules combined), by metric name. */
  samples: Array<{ metric: string; timestamp: Date; value: number }>;
};

type Problem = { severity: 'critical' | 'warning'; text: string };

const max = (points: MetricPoint[]) =>
  points.length ? Math.max(...points.map(p => p.value)) : undefined;
const sum = (points: MetricPoint[]) =>
  points.length ? points.reduce((a, p) => a + p.value, 0) : undefined;
const latest = (points: MetricPoint[]) =>
  points.length ? points[points.length - 1].value : undefined;

function addUp(values: Array<number | undefined>): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function versioningProblem(state: string, where: string): string | undefined {
  if (state === 'Enabled') return undefined;
  return state === 'Suspended'
    ? `versioning is suspended on ${where}`
    : `versioning is not enabled on ${where}`;
}

/**
 * Judges the replication of one source bucket from its setup and metrics.
 */
export function evaluateReplication(options: {
  setup: ReplicationSetup;
  metrics: ReplicationMetricsState;
  config: AwsChecksConfig['replication'];
}): ReplicationEvaluation {
  const { setup, metrics, config } = options;
  const windowText = formatSeconds(config.metricsWindowMs / 1000);
  const problems: Problem[] = [];
  const notes: string[] = [];
  const critical = (text: string) =>
    problems.push({ severity: 'critical', text });
  const warning = (text: string) =>
    problems.push({ severity: 'warning', text });

  // Per-rule metrics and the bucket's combined series.
  const combined: Record<ReplicationMetricKey, Map<number, number>> = {
    latency: new Map(),
    pending: new Map(),
    failed: new Map(),
    bytes: new Map(),
  };
  const rules: ReplicationRuleDetails[] = setup.rules.map(rule => {
    const series =
      metrics.available && rule.metricsEnabled
        ? metrics.series.get(
            ruleMetricKey({
              sourceBucket: setup.bucket,
              destinationBucket: rule.destinationBucket,
              ruleId: rule.id,
            }),
          )
        : undefined;
    if (!series) return { ...rule, metrics: {} };
    for (const metric of REPLICATION_METRICS) {
      const byTime = combined[metric.key];
      for (const point of series[metric.key]) {
        const t = point.timestamp.getTime();
        const before = byTime.get(t);
        let value = point.value;
        if (before !== undefined) {
          value =
            metric.key === 'latency'
              ? Math.max(before, point.value)
              : before + point.value;
        }
        byTime.set(t, value);
      }
    }
    const ruleMetrics: ReplicationRuleDetails['metrics'] = {};
    const latency = max(series.latency);
    const pending = latest(series.pending);
    const failed = sum(series.failed);
    const bytes = latest(series.bytes);
    if (latency !== undefined) ruleMetrics.latencySeconds = latency;
    if (pending !== undefined) ruleMetrics.pendingOperations = pending;
    if (failed !== undefined) ruleMetrics.failedOperations = failed;
    if (bytes !== undefined) ruleMetrics.bytesPending = bytes;
    return { ...rule, metrics: ruleMetrics };
  });

  if (!setup.exists) {
    critical(`bucket ${setup.bucket} does not exist`);
  } else if (!setup.configured) {
    critical(`bucket ${setup.bucket} has no replication configuration`);
  }
  if (setup.sourceVersioning) {
    const p = versioningProblem(setup.sourceVersioning, 'the source bucket');
    if (p) critical(p);
  }
  if (setup.unprotected) warning(setup.unprotected);
  if (setup.role) {
    if (!setup.role.exists) {
      critical(`replication role ${setup.role.name} does not exist`);
    } else if (!setup.role.trustsS3) {
      critical(
        `replication role ${setup.role.name} does not trust ${S3_SERVICE_PRINCIPAL}`,
      );
    }
  } else if (setup.configured) {
    critical('the replication configuration names no role');
  }
  // The destinations of enabled rules: a disabled rule replicates nothing
  // (it is a warning of its own), so its destination is not judged.
  const checkedDestinations = new Set<string>();
  for (const rule of rules) {
    if (rule.status !== 'Enabled') continue;
    if (checkedDestinations.has(rule.destinationBucket)) continue;
    checkedDestinations.add(rule.destinationBucket);
    if (rule.destinationVersioning === 'BucketMissing') {
      critical(`destination bucket ${rule.destinationBucket} does not exist`);
    } else {
      const p = versioningProblem(
        rule.destinationVersioning,
        `destination ${rule.destinationBucket}`,
      );
      if (p) critical(p);
    }
  }
  // Metrics.
  const withMetrics = rules.filter(r => r.metricsEnabled);
  const latencies = rules
    .map(r => r.metrics.latencySeconds)
    .filter((v): v is number => v !== undefined);
  const maxLatency = latencies.length ? Math.max(...latencies) : undefined;
  const failed = addUp(rules.map(r => r.metrics.failedOperations));
  const pending = addUp(rules.map(r => r.metrics.pendingOperations));
  const bytesPending = addUp(rules.map(r => r.metrics.bytesPending));
  if (maxLatency !== undefined) {
    if (maxLatency > config.latencyCriticalSeconds) {
      critical(
        `replication latency ${formatSeconds(
          maxLatency,
        )} (critical over ${formatSeconds(config.latencyCriticalSeconds)})`,
      );
    } else if (maxLatency > config.latencyWarningSeconds) {
      warning(
        `replication latency ${formatSeconds(
          maxLatency,
        )} (warning over ${formatSeconds(config.latencyWarningSeconds)})`,
      );
    }
  }
  if (failed !== undefined && failed > config.failedOperationsThreshold) {
    critical(
      `${formatCount(failed)} failed operation${
        failed === 1 ? '' : 's'
      } in the last ${windowText}${
        config.failedOperationsThreshold > 0
          ? ` (over ${formatCount(config.failedOperationsThreshold)})`
          : ''
      }`,
    );
  }
  if (pending !== undefined && pending > config.pendingOperationsThreshold) {
    warning(
      `${formatCount(pending)} operations pending${
        bytesPending ? ` (${formatBytes(bytesPending)})` : ''
      }, over ${formatCount(config.pendingOperationsThreshold)}`,
    );
  }
  if (setup.configured) {
    const disabled = rules.filter(r => r.status !== 'Enabled').map(r => r.id);
    if (rules.length === 0) {
      critical('the replication configuration has no rules');
    } else if (disabled.length === rules.length) {
      critical(
        rules.length === 1
          ? `the only rule ${disabled[0]} is disabled`
          : `all ${rules.length} rules are disabled`,
      );
    } else if (disabled.length) {
      warning(
        disabled.length === 1
          ? `rule ${disabled[0]} is disabled`
          : `rules ${listNames(disabled)} are disabled`,
      );
    }
  }

  const withoutMetrics = rules
    .filter(r => r.status === 'Enabled' && !r.metricsEnabled)
    .map(r => r.id);
  if (withoutMetrics.length) {
    notes.push(
      `replication metrics are not enabled on ${
        withoutMetrics.length === 1 ? 'rule' : 'rules'
      } ${listNames(withoutMetrics)}, so latency and failures are not watched`,
    );
  }

  const criticals = problems.filter(p => p.severity === 'critical');
  const warnings = problems.filter(p => p.severity === 'warning');
  let status: CheckStatus = 'ok';
  if (criticals.length) status = 'critical';
  else if (warnings.length) status = 'warning';
  const ordered = [...criticals, ...warnings].map(p => p.text);

  let message: string;
  if (ordered.length) {
    message = capitalize(ordered.join('; '));
  } else {
    const destinations = [
      ...new Set(
        rules.filter(r => r.status === 'Enabled').map(r => r.destinationBucket),
      ),
    ];
    const summary: string[] = [`Replicating to ${listNames(destinations)}`];
    if (metrics.available && withMetrics.length) {
      if (
        maxLatency === undefined &&
        failed === undefined &&
        pending === undefined
      ) {
        summary.push(`no replication activity in the last ${windowText}`);
      } else {
        if (maxLatency !== undefined) {
          summary.push(`latency up to ${formatSeconds(maxLatency)}`);
        }
        summary.push(
          failed
            ? `${formatCount(
                failed,
              )} failed operations in the last ${windowText}`
            : `no failed operations in the last ${windowText}`,
        );
        if (pending !== undefined) {
          summary.push(`${formatCount(pending)} pending`);
        }
      }
    }
    message = summary.join(', ');
    if (notes.length) message += `; ${notes.join('; ')}`;
  }
  if (!metrics.available && setup.configured) {
    message += ` (replication metrics unavailable: ${metrics.error})`;
  }

  const samples: ReplicationEvaluation['samples'] = [];
  for (const metric of REPLICATION_METRICS) {
    const points = [...combined[metric.key].entries()].sort(
      (a, b) => a[0] - b[0],
    );
    for (const [t, value] of points) {
      samples.push({ metric: metric.name, timestamp: new Date(t), value });
    }
  }

  const details: ReplicationCheckDetails = {
    bucket: setup.bucket,
    exists: setup.exists,
    configured: setup.configured,
    ...(setup.sourceVersioning
      ? { sourceVersioning: setup.sourceVersioning }
      : {}),
    ...(setup.role ? { role: setup.role } : {}),
    ...(setup.unprotected ? { unprotected: setup.unprotected } : {}),
    rules,
    metricsAvailable: metrics.available,
    ...(metrics.available ? {} : { metricsError: metrics.error }),
    metricsWindowSeconds: config.metricsWindowMs / 1000,
    thresholds: {
      latencyWarningSeconds: config.latencyWarningSeconds,
      latencyCriticalSeconds: config.latencyCriticalSeconds,
      failedOperations: config.failedOperationsThreshold,
      pendingOperations: config.pendingOperationsThreshold,
    },
    problems: ordered,
    notes,
  };

  return {
    status,
    message,
    ...(maxLatency !== undefined ? { value: maxLatency } : {}),
    threshold: config.latencyCriticalSeconds,
    unit: 's',
    details,
    samples,
  };
}
