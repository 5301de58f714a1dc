import {
  CostExplorerClient,
  GetCostAndUsageCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { CostAndUsageResult } from '@internal/aws-emulator';
import {
  OPS_HEALTH_ANNOTATIONS,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckResult,
  CheckRunContext,
  CheckTarget,
  DailyCost,
} from '@ops-health/backstage-plugin-ops-health-node';
import { DefaultAwsClientFactory } from '../../AwsClientFactory';
import { CostCheckConfig } from '../CostCheckProvider';

/** The moment every cost test is run at; today is 2026-11-26. */
export const NOW = new Date('2026-11-26T12:00:00Z');

export const COST_CONFIG: CostCheckConfig = {
  metric: 'UnblendedCost',
  dailyThreshold: 100,
  monthlyThreshold: 2500,
  spikeFactor: 2,
  baselineDays: 14,
  refetchDays: 3,
  historyDays: 90,
};

/** A component with Ops Health cost annotations, parsed as the engine does. */
export function costTarget(
  name: string,
  annotations: {
    tags: string;
    accountId?: string;
    daily?: string;
    monthly?: string;
    /** spec.owner; team-a when not given. */
    owner?: string;
  },
): CheckTarget {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        [OPS_HEALTH_ANNOTATIONS.costTags]: annotations.tags,
        ...(annotations.accountId
          ? { [OPS_HEALTH_ANNOTATIONS.awsAccountId]: annotations.accountId }
          : {}),
        ...(annotations.daily
          ? { [OPS_HEALTH_ANNOTATIONS.costDailyThreshold]: annotations.daily }
          : {}),
        ...(annotations.monthly
          ? {
              [OPS_HEALTH_ANNOTATIONS.costMonthlyThreshold]:
                annotations.monthly,
            }
          : {}),
      },
    },
    spec: {
      type: 'service',
      owner: annotations.owner ?? 'team-a',
      lifecycle: 'production',
    },
  };
  const config = parseOpsHealthAnnotations(entity);
  if (config.problems.length > 0) {
    throw new Error(`bad test annotations: ${JSON.stringify(config.problems)}`);
  }
  return { entityRef: stringifyEntityRef(entity), entity, config };
}

/**
 * A run context with a fixed `now` and a history holding `stored` costs and
 * `storedResults`; `catalogTargets`: the catalog beyond the run's targets.
 */
export function costContext(
  options: {
    stored?: DailyCost[];
    storedResults?: CheckResult[];
    catalogTargets?: CheckTarget[];
    signal?: AbortSignal;
  } = {},
): CheckRunContext & { historyReads: Array<[string[], string]> } {
  const historyReads: Array<[string[], string]> = [];
  return {
    signal: options.signal ?? new AbortController().signal,
    logger: mockServices.logger.mock(),
    now: NOW,
    historyReads,
    ...(options.catalogTargets
      ? { catalogTargets: options.catalogTargets }
      : {}),
    history: {
      async getResults(entityRefs, checkId) {
        return (options.storedResults ?? []).filter(
          r => entityRefs.includes(r.entityRef) && r.checkId === checkId,
        );
      },
      async getDailyCosts(entityRefs, fromDay) {
        historyReads.push([entityRefs, fromDay]);
        return (options.stored ?? []).filter(
          c => entityRefs.includes(c.entityRef) && c.day >= fromDay,
        );
      },
      async countDailyCosts(entityRefs, fromDay, toDay) {
        const counts = new Map<string, number>();
        for (const c of options.stored ?? []) {
          if (!entityRefs.includes(c.entityRef)) continue;
          if (c.day < fromDay || c.day >= toDay) continue;
          counts.set(c.entityRef, (counts.get(c.entityRef) ?? 0) + 1);
        }
        return counts;
      },
    },
  };
}

/**
 * Clients for a moto server; the credentials of the accounts in
 * `failingAccounts` cannot be had.
 */
export function costClientFactory(
  endpoint: string,
  options: { failingAccounts?: string[] } = {},
) {
  const credentialsManager: AwsCredentialsManager = {
    async getCredentialProvider(opts) {
      if (
        opts?.accountId &&
        options.failingAccounts?.includes(opts.accountId)
      ) {
        // As AWS refuses a role it may not assume: its text names an ARN.
        throw new Error(
          `User: arn:aws:sts::${opts.accountId}:assumed-role/ops-health/reader is not authorized to perform: sts:AssumeRole`,
        );
      }
      return {
        accountId: opts?.accountId ?? '123456789012',
        sdkCredentialProvider: async () => ({
          accessKeyId: 'testing',
          secretAccessKey: 'testing',
        }),
      };
    },
  };
  return new DefaultAwsClientFactory({
    credentialsManager,
    region: 'us-east-1',
    maxAttempts: 1,
    endpoint,
  });
}

/**
 * Records what a Cost Explorer client sends: the input of each `send`, and
 * the HTTP requests that went out on the wire (after retries).
 */
export function recordRequests(client: CostExplorerClient) {
  const inputs: GetCostAndUsageCommandInput[] = [];
  const wire = { requests: 0 };
  client.middlewareStack.add(
    next => async args => {
      inputs.push(structuredClone(args.input as GetCostAndUsageCommandInput));
      return next(args);
    },
    { step: 'initialize', name: 'recordCostExplorerInputs' },
  );
  client.middlewareStack.add(
    next => async args => {
      wire.requests += 1;
      return next(args);
    },
    { step: 'deserialize', name: 'countCostExplorerRequests' },
  );
  return { inputs, wire };
}

/**
 * Turns grouped pages into the shape of an ungrouped answer (a query with a
 * Filter and no GroupBy): each day's cost in `Total`, no groups.
 */
export function ungrouped(
  pages: CostAndUsageResult[],
  metric = 'UnblendedCost',
): CostAndUsageResult[] {
  return pages.map(page => ({
    ...page,
    GroupDefinitions: [],
    ResultsByTime: page.ResultsByTime!.map(day => {
      const amount = (day.Groups ?? []).reduce(
        (sum, g) => sum + Number(g.Metrics![metric].Amount),
        0,
      );
      return {
        ...day,
        Groups: [],
        Total: { [metric]: { Amount: amount.toFixed(10), Unit: 'USD' } },
      };
    }),
  }));
}

/** `count` copies of `amount`. */
export function flat(amount: number, count: number): number[] {
  return Array.from({ length: count }, () => amount);
}
