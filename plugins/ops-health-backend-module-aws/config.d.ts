import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Ops Health: the AWS checks' sections (the plugin declares the rest). */
  opsHealth?: {
    /**
     * AWS access. Credentials and accounts come from the standard `aws`
     * integration config (`aws.mainAccount`, `aws.accounts`); the
     * AWS_ENDPOINT_URL environment variable points the SDK at an emulator.
     */
    aws?: {
      /** Region for S3, CloudWatch, IAM, Lambda, Logs and Backup calls. Default: AWS_REGION, else us-east-1. */
      region?: string;
      /** Maximum attempts per AWS call, with adaptive retries. Default: 5. */
      maxAttempts?: number;
    };

    /** Cost check (Cost Explorer GetCostAndUsage). */
    cost?: {
      /** When to refresh; Cost Explorer data changes a few times a day and each call costs USD 0.01. Default: every 6 hours. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Cost metric: UnblendedCost, AmortizedCost or NetUnblendedCost. Default: UnblendedCost. */
      metric?: 'UnblendedCost' | 'AmortizedCost' | 'NetUnblendedCost';
      /** Daily threshold in USD; the annotation ops-health/cost-daily-threshold overrides it. Default: 100. */
      dailyThreshold?: number;
      /** Monthly threshold in USD; the annotation ops-health/cost-monthly-threshold overrides it. Default: 2500. */
      monthlyThreshold?: number;
      /** A day costing more than this factor times the trailing baseline is a spike. Default: 2. */
      spikeFactor?: number;
      /** Complete days in the trailing baseline, before the last complete day; the spike and the month-end projection use it. Default: 14. */
      baselineDays?: number;
      /** Days of daily cost fetched on the first run for an entity (or a new tag value), at most 390; later runs fetch only the days that can still change. Default: 90. */
      historyDays?: number;
      /** Days before today that are fetched again on each refresh (older days come from the store). Default: 3. */
      refetchDays?: number;
    };

    /** S3 replication check (S3, IAM, CloudWatch GetMetricData). */
    replication?: {
      /** When to refresh. Default: every 5 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** ReplicationLatency (seconds) above which the check warns. Default: 900. */
      latencyWarningSeconds?: number;
      /** ReplicationLatency (seconds) above which the check is critical. Default: 3600. */
      latencyCriticalSeconds?: number;
      /** OperationsFailedReplication in the window above which the check is critical. Default: 0. */
      failedOperationsThreshold?: number;
      /** OperationsPendingReplication above which the check warns. Default: 1000. */
      pendingOperationsThreshold?: number;
      /** Window of CloudWatch metrics to read. Default: 1 hour. */
      metricsWindow?: HumanDuration | string;
      /** The on-demand replication test (canary). */
      canary?: {
        /** How long to wait for the probe object to appear in the destination. Default: 5 minutes. */
        timeout?: HumanDuration | string;
        /** How often to look for it. Default: 5 seconds. */
        pollInterval?: HumanDuration | string;
        /** Key prefix of probe objects. Default: ops-health-canary/. */
        keyPrefix?: string;
      };
    };

    /** Backup check (S3 listing, AWS Backup, CloudWatch Logs). */
    backup?: {
      /** When to refresh. Default: every 15 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Maximum age of the newest backup when the entity has no ops-health/backup-max-age. Default: 26 hours. */
      defaultMaxAge?: HumanDuration | string;
      /** How far back to look for ERROR lines in the backup function's logs. Default: 24 hours. */
      logsWindow?: HumanDuration | string;
      /** CloudWatch Logs filter pattern for error lines. Default: ERROR. */
      logsFilterPattern?: string;
      /** Shortest time between two manual triggers of one backup function ("Trigger backup"), across replicas; at least 1 minute. Default: 15 minutes. */
      triggerInterval?: HumanDuration | string;
    };

    /**
     * Compliance and access posture of AWS accounts, modelled as catalog
     * entities (kind Resource, spec.type aws-account, annotation
     * ops-health/aws-account-id): CloudTrail, its bucket, the IAM-change
     * alarm, access key age and the reading role's permissions.
     */
    posture?: {
      /** When to refresh. Default: every 6 hours. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Oldest an active IAM access key may be, and longest it may go unused. Default: 90 days. */
      maxAccessKeyAge?: HumanDuration | string;
      /** Which catalog entity shows the posture of which account; an account entity not listed here is not checked. Default: none. */
      accounts?: Array<{
        /** A 12-digit account id, or main. */
        accountId: string;
        /** The entity ref of the account's catalog entity, e.g. resource:default/aws-main. */
        entity: string;
      }>;
    };

    /**
     * What proves that an AWS resource belongs to an entity: catalog-info.yaml is written by anyone who can open a pull request, so an annotation alone never decides what the platform's credentials read or act on. Unproven resources make the entity misconfigured, and manual actions on them are refused.
     */
    trust?: {
      /** The tag on buckets, functions and the resources AWS Backup protects (ops-health/backup-resource-arn) whose value names the entity they belong to (full refs, comma separated). Default: ops-health:entity. */
      resourceTagKey?: string;
      /** Whether buckets, functions and AWS Backup resources must carry that tag. Default: true. */
      requireResourceTag?: boolean;
      /** Who may use each AWS account other than the main one (and the main one, when listed as main); an entity naming an account not listed here for its location, owner or namespace is misconfigured. Default: none (only the main account, open to every entity). */
      accounts?: Array<{
        /** A 12-digit account id, or main. */
        accountId: string;
        /** Owners (group or user refs) whose entities may use the account. */
        owners?: string[];
        /** Namespaces whose entities may use the account. */
        namespaces?: string[];
        /** Catalog locations whose entities may use the account, as the catalog records them in backstage.io/managed-by-location: a location ending with / covers every file under it, e.g. url:https://github.com/acme/payments/blob/main/ (never one whose path has . or .. segments); otherwise the file itself. Unlike spec.owner and the namespace, the author of catalog-info.yaml cannot choose it: the catalog sets it to where it read the entity. Name the branch, so that other branches (and pull requests) of the repository do not count. */
        locations?: string[];
      }>;
      /** Who may measure the cost of each cost allocation tag: an entity whose ops-health/cost-tags name a listed tag (alone or in a set with others) must be among its owners', namespaces' or locations' entities, else its cost check is misconfigured. Default: none listed (a tag set is measured for the one entity that claims it, in an account it may use). */
      costTags?: Array<{
        /** One tag, key=value, e.g. team=payments. */
        tag: string;
        /** Owners (group or user refs) whose entities may measure it. */
        owners?: string[];
        /** Namespaces whose entities may measure it. */
        namespaces?: string[];
        /** Catalog locations whose entities may measure it, as in accounts[].locations. */
        locations?: string[];
      }>;
      /** Whether every entity's cost tags must name a tag listed in costTags (else its cost check is misconfigured): no entity can then claim a tag nobody listed. Needs costTags. Default: false. */
      requireCostTagMapping?: boolean;
    };
  };
}
