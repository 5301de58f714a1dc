/**
 * Entity annotations read by the Ops Health plugins. All are optional; an
 * entity with none of them is shown how to set them up.
 *
 * @public
 */
export const OPS_HEALTH_ANNOTATIONS = {
  awsAccountId: 'ops-health/aws-account-id',
  costTags: 'ops-health/cost-tags',
  costInsightsTags: 'aws.amazon.com/cost-insights-tags',
  costDailyThreshold: 'ops-health/cost-daily-threshold',
  costMonthlyThreshold: 'ops-health/cost-monthly-threshold',
  s3Replication: 'ops-health/s3-replication',
  backupS3: 'ops-health/backup-s3',
  backupResourceArn: 'ops-health/backup-resource-arn',
  backupLambda: 'ops-health/backup-lambda',
  backupMaxAge: 'ops-health/backup-max-age',
  runbook: 'ops-health/runbook',
  escalationPolicy: 'ops-health/escalation-policy',
} as const;

/** @public */
export type OpsHealthAnnotationKey = keyof typeof OPS_HEALTH_ANNOTATIONS;

/** @public */
export type OpsHealthCheckId = 'cost' | 'replication' | 'backup';

/** @public */
export const OPS_HEALTH_CHECK_IDS: readonly OpsHealthCheckId[] = [
  'cost',
  'replication',
  'backup',
];

/**
 * What each annotation means and an example value, used by the setup
 * instructions the portal shows for entities that lack annotations. Values
 * that name a resource are `<placeholders>`: pasted unchanged, they mark
 * the entity misconfigured rather than act on someone else's resource.
 *
 * @public
 */
export const OPS_HEALTH_ANNOTATION_DOCS: Record<
  OpsHealthAnnotationKey,
  { description: string; example: string; check?: OpsHealthCheckId }
> = {
  awsAccountId: {
    description:
      'AWS account whose credentials to use (from the aws.accounts integration config); the main account when unset',
    example: '<12-digit-account-id>',
  },
  costTags: {
    description:
      'Cost allocation tags that select this entity’s spend, key=value[,key=value]',
    example: 'service=<tag-value>',
    check: 'cost',
  },
  costInsightsTags: {
    description:
      'Accepted instead of ops-health/cost-tags (the annotation of the AWS Cost Insights plugin)',
    example: 'service=<tag-value>',
    check: 'cost',
  },
  costDailyThreshold: {
    description:
      'Daily cost threshold in USD, overriding the configured default',
    example: '150',
    check: 'cost',
  },
  costMonthlyThreshold: {
    description:
      'Monthly cost threshold in USD, overriding the configured default',
    example: '3000',
    check: 'cost',
  },
  s3Replication: {
    description:
      'Source bucket(s) whose replication to watch, comma separated; rules, destinations and roles are read from AWS',
    example: '<source-bucket>',
    check: 'replication',
  },
  backupS3: {
    description: 'Where backups land, as s3://bucket/prefix/',
    example: 's3://<backup-bucket>/<prefix>/',
    check: 'backup',
  },
  backupResourceArn: {
    description: 'Resource protected by AWS Backup',
    example: 'arn:aws:dynamodb:<region>:<account-id>:table/<table>',
    check: 'backup',
  },
  backupLambda: {
    description:
      'The Lambda function that takes the backup (its logs are read; it can be triggered by hand)',
    example: '<backup-function-name>',
    check: 'backup',
  },
  backupMaxAge: {
    description: 'Maximum age of the newest backup before it counts as stale',
    example: '26h',
    check: 'backup',
  },
  runbook: {
    description:
      'Runbook for this entity: a TechDocs entity ref or a URL (else a metadata.links entry of type runbook, else the configured default)',
    example: 'component:default/<runbook-docs-entity>',
  },
  escalationPolicy: {
    description:
      'Name of an escalation policy from opsHealth.escalation.policies (else the default policy)',
    example: '<policy-name>',
  },
};
