import { Entity, parseEntityRef } from '@backstage/catalog-model';
import ms from 'ms';
import {
  OPS_HEALTH_ANNOTATIONS,
  OPS_HEALTH_ANNOTATION_DOCS,
  OpsHealthAnnotationKey,
  OpsHealthCheckId,
} from './annotations';

/**
 * A malformed annotation: which one, its value, and what is wrong with it.
 *
 * @public
 */
export type AnnotationProblem = {
  annotation: string;
  value: string;
  message: string;
};

/** @public */
export interface CostTag {
  key: string;
  value: string;
}

/**
 * The Ops Health annotations of one entity, parsed and validated.
 *
 * @public
 */
export interface OpsHealthEntityConfig {
  accountId?: string;
  costTags?: CostTag[];
  costDailyThreshold?: number;
  costMonthlyThreshold?: number;
  replicationBuckets?: string[];
  backupS3?: { bucket: string; prefix: string };
  backupResourceArn?: string;
  backupLambda?: string;
  backupMaxAgeMs?: number;
  runbook?: string;
  escalationPolicy?: string;
  /** Annotations that are set on the entity, by key. */
  present: Partial<Record<OpsHealthAnnotationKey, string>>;
  /** Malformed annotations; each one is left out of the parsed values. */
  problems: AnnotationProblem[];
  /** Which checks have enough annotations to run. */
  checks: Record<OpsHealthCheckId, boolean>;
}

const ACCOUNT_ID = /^\d{12}$/;
// S3 bucket naming rules (general purpose buckets)
const BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;
const LAMBDA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function parseCostTags(value: string): CostTag[] | string {
  const pairs = value
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  if (pairs.length === 0) return 'expected key=value[,key=value]';
  const tags: CostTag[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `"${pair}" is not key=value`;
    const key = pair.slice(0, eq).trim();
    const tagValue = pair.slice(eq + 1).trim();
    if (!key) return `"${pair}" has an empty key`;
    if (tags.some(t => t.key === key && t.value === tagValue)) continue;
    tags.push({ key, value: tagValue });
  }
  return tags;
}

function parseUsd(value: string): number | string {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    return 'expected a positive amount in USD, e.g. 150 or 99.5';
  }
  return n;
}

function parseBuckets(value: string): string[] | string {
  const buckets = value
    .split(',')
    .map(b => b.trim())
    .filter(Boolean);
  if (buckets.length === 0) return 'expected one or more bucket names';
  const bad = buckets.find(b => !BUCKET.test(b));
  if (bad) return `"${bad}" is not a valid S3 bucket name`;
  return [...new Set(buckets)];
}

function parseS3Url(
  value: string,
): { bucket: string; prefix: string } | string {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value.trim());
  if (!match) return 'expected s3://bucket/prefix/';
  if (!BUCKET.test(match[1])) {
    return `"${match[1]}" is not a valid S3 bucket name`;
  }
  return { bucket: match[1], prefix: match[2] };
}

/**
 * A positive duration with its unit, such as `26h`, `90m`, `2d` or `1.5 hours`,
 * in milliseconds; otherwise what is wrong with it. A bare number is refused:
 * read as milliseconds ("26" would be 26 ms), it is never what was meant.
 *
 * @public
 */
export function parseDuration(value: string): number | string {
  if (/^[\d.\s+-]*$/.test(value)) {
    return `expected a duration with a unit, such as 26h, 90m or 2d ("${value.trim()}" has none)`;
  }
  // Units are read regardless of case, so `1M` would be a minute; and
  // months have no fixed length. Either way, say what to write.
  const unit = /^[\d.\s+-]+([a-zA-Z]+)$/.exec(value.trim())?.[1];
  if (unit === 'M' || (unit && /^mo(n(th)?s?)?$/i.test(unit))) {
    return `"${value.trim()}" could be minutes or months: write minutes as m (90m) and months in days (30d)`;
  }
  let parsed: number | undefined;
  try {
    parsed = ms(value.trim() as ms.StringValue);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) {
    return 'expected a duration such as 26h, 90m or 2d';
  }
  return parsed;
}

function parseRunbook(value: string): string | { error: string } {
  const v = value.trim();
  if (/^https?:\/\//.test(v)) {
    try {
      return new URL(v).toString();
    } catch {
      return { error: 'not a valid URL' };
    }
  }
  try {
    parseEntityRef(v, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return v;
  } catch {
    return { error: 'expected a TechDocs entity ref or an http(s) URL' };
  }
}

/**
 * Reads and validates the Ops Health annotations of an entity. Never throws:
 * malformed values are reported in `problems` and left out.
 *
 * @public
 */
export function parseOpsHealthAnnotations(
  entity: Entity,
): OpsHealthEntityConfig {
  const annotations = entity.metadata.annotations ?? {};
  const present: OpsHealthEntityConfig['present'] = {};
  for (const [key, name] of Object.entries(OPS_HEALTH_ANNOTATIONS)) {
    const value = annotations[name];
    if (typeof value === 'string') {
      present[key as OpsHealthAnnotationKey] = value;
    }
  }

  const result: OpsHealthEntityConfig = {
    present,
    problems: [],
    checks: { cost: false, replication: false, backup: false },
  };

  function read<T>(
    key: OpsHealthAnnotationKey,
    parse: (value: string) => T | string,
    assign: (parsed: T) => void,
  ) {
    const value = present[key];
    if (value === undefined) return;
    const placeholder = /<[^<>]+>/.exec(value);
    if (placeholder) {
      result.problems.push({
        annotation: OPS_HEALTH_ANNOTATIONS[key],
        value,
        message: `still holds the placeholder ${placeholder[0]} of the setup snippet: replace it with the real value (${OPS_HEALTH_ANNOTATION_DOCS[key].description})`,
      });
      return;
    }
    const parsed = parse(value);
    if (typeof parsed === 'string') {
      result.problems.push({
        annotation: OPS_HEALTH_ANNOTATIONS[key],
        value,
        message: parsed,
      });
    } else {
      assign(parsed);
    }
  }

  const pattern =
    (re: RegExp, message: string) =>
    (value: string): { v: string } | string =>
      re.test(value.trim()) ? { v: value.trim() } : message;

  read(
    'awsAccountId',
    pattern(ACCOUNT_ID, 'expected a 12-digit AWS account id'),
    p => (result.accountId = p.v),
  );
  if (present.costTags !== undefined) {
    read('costTags', parseCostTags, p => (result.costTags = p));
  } else {
    read('costInsightsTags', parseCostTags, p => (result.costTags = p));
  }
  read('costDailyThreshold', parseUsd, p => (result.costDailyThreshold = p));
  read(
    'costMonthlyThreshold',
    parseUsd,
    p => (result.costMonthlyThreshold = p),
  );
  read('s3Replication', parseBuckets, p => (result.replicationBuckets = p));
  read('backupS3', parseS3Url, p => (result.backupS3 = p));
  read(
    'backupResourceArn',
    pattern(
      ARN,
      'expected an ARN such as arn:aws:dynamodb:REGION:ACCOUNT:table/NAME',
    ),
    p => (result.backupResourceArn = p.v),
  );
  read(
    'backupLambda',
    (v: string) =>
      LAMBDA_NAME.test(v.trim()) || ARN.test(v.trim())
        ? { v: v.trim() }
        : 'expected a Lambda function name or ARN',
    p => (result.backupLambda = p.v),
  );
  read('backupMaxAge', parseDuration, p => (result.backupMaxAgeMs = p));
  read(
    'runbook',
    (v: string) => {
      const r = parseRunbook(v);
      return typeof r === 'string' ? { v: r } : r.error;
    },
    p => (result.runbook = p.v),
  );
  read(
    'escalationPolicy',
    pattern(/^\S+$/, 'expected the name of an escalation policy'),
    p => (result.escalationPolicy = p.v),
  );

  result.checks = {
    cost: Boolean(result.costTags),
    replication: Boolean(result.replicationBuckets),
    backup: Boolean(
      result.backupS3 || result.backupResourceArn || result.backupLambda,
    ),
  };
  return result;
}
