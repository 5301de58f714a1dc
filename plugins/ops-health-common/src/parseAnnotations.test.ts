import { Entity } from '@backstage/catalog-model';
import { parseOpsHealthAnnotations } from './parseAnnotations';
import { buildSetupReport } from './setup';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

describe('parseOpsHealthAnnotations', () => {
  it('parses every annotation', () => {
    const parsed = parseOpsHealthAnnotations(
      entity({
        'ops-health/aws-account-id': '123456789012',
        'ops-health/cost-tags': 'service=checkout, team=payments',
        'ops-health/cost-daily-threshold': '150',
        'ops-health/cost-monthly-threshold': '3000.5',
        'ops-health/s3-replication': 'bucket-a, bucket-b,bucket-a',
        'ops-health/backup-s3': 's3://backups/nightly/',
        'ops-health/backup-resource-arn':
          'arn:aws:dynamodb:us-east-1:123456789012:table/config',
        'ops-health/backup-lambda': 'config-backup-runner',
        'ops-health/backup-max-age': '26h',
        'ops-health/runbook': 'component:default/ops-runbook',
        'ops-health/escalation-policy': 'platform',
      }),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed).toMatchObject({
      accountId: '123456789012',
      costTags: [
        { key: 'service', value: 'checkout' },
        { key: 'team', value: 'payments' },
      ],
      costDailyThreshold: 150,
      costMonthlyThreshold: 3000.5,
      replicationBuckets: ['bucket-a', 'bucket-b'],
      backupS3: { bucket: 'backups', prefix: 'nightly/' },
      backupLambda: 'config-backup-runner',
      backupMaxAgeMs: 26 * 3600 * 1000,
      runbook: 'component:default/ops-runbook',
      escalationPolicy: 'platform',
      checks: { cost: true, replication: true, backup: true },
    });
  });

  it('accepts the Cost Insights tag annotation, ours taking precedence', () => {
    expect(
      parseOpsHealthAnnotations(
        entity({ 'aws.amazon.com/cost-insights-tags': 'app=x' }),
      ).costTags,
    ).toEqual([{ key: 'app', value: 'x' }]);
    expect(
      parseOpsHealthAnnotations(
        entity({
          'aws.amazon.com/cost-insights-tags': 'app=x',
          'ops-health/cost-tags': 'app=y',
        }),
      ).costTags,
    ).toEqual([{ key: 'app', value: 'y' }]);
  });

  it.each([
    ['ops-health/aws-account-id', '12345', '12-digit'],
    ['ops-health/cost-tags', 'checkout', 'not key=value'],
    ['ops-health/cost-tags', '=x', 'not key=value'],
    ['ops-health/cost-daily-threshold', '-5', 'positive amount'],
    ['ops-health/cost-monthly-threshold', 'lots', 'positive amount'],
    ['ops-health/s3-replication', 'Bad_Bucket', 'not a valid S3 bucket name'],
    ['ops-health/backup-s3', 'backups/nightly', 'expected s3://'],
    ['ops-health/backup-resource-arn', 'table/config', 'expected an ARN'],
    ['ops-health/backup-lambda', 'has spaces in it', 'Lambda function'],
    ['ops-health/backup-max-age', 'yesterday', 'duration'],
    ['ops-health/backup-max-age', '26', 'a duration with a unit'],
    ['ops-health/backup-max-age', ' 1.5 ', '("1.5" has none)'],
    // Minutes or months: neither is guessed.
    ['ops-health/backup-max-age', '1M', 'write minutes as m (90m)'],
    ['ops-health/backup-max-age', '2 months', 'months in days (30d)'],
    ['ops-health/runbook', 'ftp://x', 'entity ref or an http'],
  ])('reports %s=%j as a problem', (annotation, value, message) => {
    const parsed = parseOpsHealthAnnotations(entity({ [annotation]: value }));
    expect(parsed.problems).toEqual([
      { annotation, value, message: expect.stringContaining(message) },
    ]);
  });
});

describe('buildSetupReport', () => {
  it('lists what to add for an entity without annotations', () => {
    const report = buildSetupReport(entity({}));
    expect(report.status).toBe('not-configured');
    expect(report.entityRef).toBe('component:default/svc');
    expect(report.checks.map(c => [c.id, c.configured, c.missing])).toEqual([
      ['cost', false, ['ops-health/cost-tags']],
      ['replication', false, ['ops-health/s3-replication']],
      ['backup', false, ['ops-health/backup-s3', 'ops-health/backup-max-age']],
    ]);
    // Placeholders, not another service's real values.
    expect(report.snippet).toBe(
      [
        'metadata:',
        '  annotations:',
        "    ops-health/cost-tags: 'service=<tag-value>'",
        "    ops-health/s3-replication: '<source-bucket>'",
        "    ops-health/backup-s3: 's3://<backup-bucket>/<prefix>/'",
        "    ops-health/backup-max-age: '26h'",
      ].join('\n'),
    );
  });

  it('marks a pasted placeholder misconfigured, saying what to put there', () => {
    const parsed = parseOpsHealthAnnotations(
      entity({
        'ops-health/cost-tags': 'service=<tag-value>',
        'ops-health/backup-s3': 's3://real-bucket/nightly/',
      }),
    );
    expect(parsed.costTags).toBeUndefined();
    expect(parsed.checks.cost).toBe(false);
    expect(parsed.problems).toEqual([
      {
        annotation: 'ops-health/cost-tags',
        value: 'service=<tag-value>',
        message: expect.stringContaining(
          'still holds the placeholder <tag-value> of the setup snippet: replace it with the real value (Cost allocation tags',
        ),
      },
    ]);
  });

  it('gives a corrected line for a malformed annotation, with what was wrong', () => {
    const report = buildSetupReport(
      entity({
        'ops-health/backup-s3': 's3://legacy-batch/',
        'ops-health/backup-max-age': 'soon',
      }),
    );
    const lines = report.snippet.split('\n');
    expect(lines[2]).toMatch(
      /^ {4}ops-health\/backup-max-age: '26h' # fix: "soon" .+$/,
    );
    // Not listed a second time as missing.
    expect(
      lines.filter(l => l.includes('ops-health/backup-max-age')),
    ).toHaveLength(1);
  });

  it('is partial with some checks and misconfigured with a bad value', () => {
    expect(
      buildSetupReport(entity({ 'ops-health/cost-tags': 'service=a' })).status,
    ).toBe('partial');
    const bad = buildSetupReport(
      entity({
        'ops-health/cost-tags': 'service=a',
        'ops-health/backup-max-age': 'soon',
      }),
    );
    expect(bad.status).toBe('misconfigured');
    expect(bad.annotations.find(a => a.key === 'backupMaxAge')).toMatchObject({
      state: 'invalid',
      value: 'soon',
    });
  });
});
