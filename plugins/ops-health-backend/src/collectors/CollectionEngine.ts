import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  OPS_HEALTH_ANNOTATION_DOCS,
  OPS_HEALTH_ANNOTATIONS,
  OpsHealthAnnotationKey,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckResult,
  CheckTarget,
  OpsHealthCheckProvider,
} from '@ops-health/backstage-plugin-ops-health-node';
import {
  CheckResultStore,
  StoredCheckResult,
} from '../database/CheckResultStore';
import { HistoryStore } from '../database/HistoryStore';

/**
 * What the engine hands the stored results of each run to (alert
 * evaluation).
 *
 * @internal
 */
export interface CollectionListener {
  onCollected(
    checkId: string,
    results: StoredCheckResult[],
    now: Date,
  ): Promise<void>;
}

// Annotations that make an entity a candidate for some check.
const CHECK_ANNOTATIONS: OpsHealthAnnotationKey[] = [
  'costTags',
  'costInsightsTags',
  's3Replication',
  'backupS3',
  'backupResourceArn',
  'backupLambda',
];

const ANNOTATION_KEYS = new Map<string, OpsHealthAnnotationKey>(
  Object.entries(OPS_HEALTH_ANNOTATIONS).map(([key, name]) => [
    name,
    key as OpsHealthAnnotationKey,
  ]),
);

/** @internal */
export interface CollectionSummary {
  targets: number;
  results: number;
  failures: number;
  misconfigured: number;
  calls: Record<string, number>;
  durationMs: number;
}

/**
 * Runs a check provider over every annotated entity in the catalog and
 * stores what it measured. Malformed annotations give that entity a
 * `misconfigured` result; failures keep the last good result, marked stale.
 *
 * @internal
 */
export class CollectionEngine {
  static create(options: {
    logger: LoggerService;
    auth: AuthService;
    catalog: CatalogService;
    results: CheckResultStore;
    history: HistoryStore;
    listener?: CollectionListener;
  }) {
    return new CollectionEngine(options);
  }

  private constructor(
    private readonly options: {
      logger: LoggerService;
      auth: AuthService;
      catalog: CatalogService;
      results: CheckResultStore;
      history: HistoryStore;
      listener?: CollectionListener;
    },
  ) {}

  /** Every catalog entity with at least one check annotation, parsed. */
  async listTargets(): Promise<CheckTarget[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: CHECK_ANNOTATIONS.map(key => ({
          [`metadata.annotations.${OPS_HEALTH_ANNOTATIONS[key]}`]:
            CATALOG_FILTER_EXISTS,
        })),
        fields: [
          'kind',
          'apiVersion',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'metadata.links',
          'spec.owner',
        ],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return items.map((entity: Entity) => ({
      entityRef: stringifyEntityRef(entity),
      entity,
      config: parseOpsHealthAnnotations(entity),
    }));
  }

  async run(
    provider: OpsHealthCheckProvider,
    options: { signal: AbortSignal; logger: LoggerService; now?: Date },
  ): Promise<CollectionSummary> {
    const started = Date.now();
    const now = options.now ?? new Date();
    const all = await this.listTargets();

    // An entity whose annotations for this check are malformed is not
    // measured with half its settings: it is marked misconfigured instead.
    const misconfigured: CheckResult[] = [];
    const targets: CheckTarget[] = [];
    for (const target of all) {
      const applies = provider.appliesTo(target);
      const problems = target.config.problems.filter(p => {
        const key = ANNOTATION_KEYS.get(p.annotation);
        if (key === 'awsAccountId') return applies;
        return (
          key !== undefined &&
          OPS_HEALTH_ANNOTATION_DOCS[key].check === provider.id
        );
      });
      if (problems.length > 0) {
        misconfigured.push({
          entityRef: target.entityRef,
          checkId: provider.id,
          subject: '',
          status: 'misconfigured',
          message: problems
            .map(p => `${p.annotation} '${p.value}': ${p.message}`)
            .join('; '),
          details: { problems },
          measuredAt: now,
        });
      } else if (applies) {
        targets.push(target);
      }
    }

    const output =
      targets.length > 0
        ? await provider.run(targets, {
            signal: options.signal,
            logger: options.logger,
            now,
            history: this.options.history,
          })
        : { results: [], failures: [] };

    const { results: store, history } = this.options;
    await store.upsertResults([...misconfigured, ...output.results]);
    for (const failure of output.failures) {
      const marked = await store.markStale([failure], failure.error, now);
      if (marked === 0) {
        // Nothing measured before: show the error rather than nothing.
        await store.upsertResults([
          {
            entityRef: failure.entityRef,
            checkId: failure.checkId,
            subject: failure.subject ?? '',
            status: 'unknown',
            message: `Not measured yet: ${failure.error}`,
            measuredAt: now,
          },
        ]);
        await store.markStale([failure], failure.error, now);
      }
    }
    if (output.dailyCosts?.length) {
      await history.upsertDailyCosts(output.dailyCosts, now);
    }
    if (output.metricSamples?.length) {
      await history.addMetricSamples(output.metricSamples);
    }

    const failedEntities = new Set(
      output.failures
        .filter(f => f.subject === undefined)
        .map(f => f.entityRef),
    );
    const existing = failedEntities.size
      ? (await store.listResults({ checkIds: [provider.id] })).filter(r =>
          failedEntities.has(r.entityRef),
        )
      : [];
    await store.pruneResults(provider.id, [
      ...misconfigured,
      ...output.results,
      ...output.failures.map(f => ({
        entityRef: f.entityRef,
        subject: f.subject ?? '',
      })),
      ...existing,
    ]);

    if (this.options.listener) {
      await this.options.listener.onCollected(
        provider.id,
        await store.listResults({ checkIds: [provider.id] }),
        now,
      );
    }

    const summary: CollectionSummary = {
      targets: targets.length,
      results: output.results.length,
      failures: output.failures.length,
      misconfigured: misconfigured.length,
      calls: output.calls ?? {},
      durationMs: Date.now() - started,
    };
    options.logger.info(`Collected ${provider.id} health`, {
      entities: summary.targets,
      results: summary.results,
      failures: summary.failures,
      misconfigured: summary.misconfigured,
      calls: JSON.stringify(summary.calls),
      durationMs: summary.durationMs,
    });
    return summary;
  }
}
