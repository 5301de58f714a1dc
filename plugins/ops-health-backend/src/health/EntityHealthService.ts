import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  buildSetupReport,
  OpsHealthSetupReport,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  DailyCost,
  MetricSample,
  OpsHealthCheckProvider,
  OpsHealthClock,
} from '@ops-health/backstage-plugin-ops-health-node';
import { CatalogAccessCache } from '../access/CatalogAccessCache';
import { isInstalledCheck } from '../engine/CheckProviderRegistry';
import {
  CheckResultStore,
  StoredCheckResult,
  StoredCheckSummary,
} from '../database/CheckResultStore';
import { HistoryStore } from '../database/HistoryStore';
import { overallStatus } from './overallStatus';

type EntityName = { kind: string; namespace: string; name: string };

/** @internal */
export interface EntityHealth {
  entityRef: string;
  status: ReturnType<typeof overallStatus>;
  checks: StoredCheckResult[];
  setup: OpsHealthSetupReport;
  /** Configured checks with no result yet, and when their first measurement is due. */
  /** Without `dueBy` when catch-up passes run only when triggered. */
  pending: Array<{ checkId: string; dueBy?: Date }>;
}

/** @internal */
export type CheckSummary = StoredCheckSummary;

const DAY_MS = 86_400_000;

/**
 * The health of entities as the caller may see it, read from the database
 * only (never AWS): what the entity routes, the portal-wide lists and the AI
 * actions all serve.
 *
 * @internal
 */
export class EntityHealthService {
  static create(options: {
    /** The catalog, as each caller sees it. */
    access: CatalogAccessCache;
    results: CheckResultStore;
    history: HistoryStore;
    clock: OpsHealthClock;
    /** The installed check providers. */
    providers: () => OpsHealthCheckProvider[];
    /**
     * When the next catch-up pass that measures new entities is due, given
     * when the last one started; undefined when passes run only when
     * triggered.
     */
    nextCatchUp: (
      lastAt: number | undefined,
      now: number,
    ) => number | undefined;
  }) {
    return new EntityHealthService(options);
  }

  private readonly setupReports = new WeakMap<Entity, OpsHealthSetupReport>();

  private constructor(
    private readonly options: Parameters<typeof EntityHealthService.create>[0],
  ) {}

  /**
   * The installed check ids; InputError for any other. With `parts`, also
   * a part of one that alerts carry (`replication-canary`), so that, e.g.,
   * a silence of a check that does not exist is not taken for one that
   * holds.
   */
  checkIdOf(checkId: string, options?: { parts?: boolean }): string {
    const ids = this.options.providers().map(p => p.id);
    if (!isInstalledCheck(ids, checkId, options)) {
      throw new InputError(
        `Unknown checkId '${checkId}'; installed checks: ${
          ids.join(', ') || 'none'
        }${
          options?.parts
            ? ' (or a part of one, such as replication-canary)'
            : ''
        }`,
      );
    }
    return checkId;
  }

  /**
   * The entity's health summary; its results carry their details only with
   * `details: true` (a check's own route has them, see checkDetail).
   */
  async entityHealth(
    entityRef: string | EntityName,
    credentials: BackstageCredentials,
    options?: { details?: boolean },
  ): Promise<EntityHealth> {
    const visible = await this.options.access.entitySummary(
      entityRef,
      credentials,
    );
    const setup = this.setupOf(visible.entity);
    const checks = await this.options.results.listForEntity(visible.entityRef, {
      details: options?.details === true,
    });
    const measured = new Set(checks.map(c => c.checkId));
    const unmeasured = setup.checks.filter(
      c => c.configured && !measured.has(c.id),
    );
    const pending: EntityHealth['pending'] = [];
    if (unmeasured.length) {
      // The next catch-up pass of each check measures it.
      const now = this.options.clock.now().getTime();
      const state = new Map(
        (await this.options.results.getCollectionState()).map(s => [
          s.checkId,
          s,
        ]),
      );
      for (const check of unmeasured) {
        const next = this.options.nextCatchUp(
          state.get(check.id)?.lastCatchUpAt?.getTime(),
          now,
        );
        pending.push({
          checkId: check.id,
          ...(next !== undefined ? { dueBy: new Date(next) } : {}),
        });
      }
    }
    return {
      entityRef: visible.entityRef,
      status: overallStatus(checks, setup),
      checks,
      setup,
      pending,
    };
  }

  /**
   * One check of an entity: its results (and those of its manual tests,
   * `<checkId>-…`), and its history over the `days` UTC days ending today.
   */
  async checkDetail(
    entity: EntityName,
    checkId: string,
    days: number,
    credentials: BackstageCredentials,
  ): Promise<{
    entityRef: string;
    checkId: string;
    results: StoredCheckResult[];
    dailyCosts?: Omit<DailyCost, 'entityRef'>[];
    metricSamples?: Omit<MetricSample, 'entityRef' | 'checkId'>[];
  }> {
    this.checkIdOf(checkId);
    const { entityRef } = await this.options.access.entity(entity, credentials);
    const provider = this.options.providers().find(p => p.id === checkId)!;
    const results = (
      await this.options.results.listForEntity(entityRef)
    ).filter(r => r.checkId === checkId || r.checkId.startsWith(`${checkId}-`));
    let today = Date.parse(
      `${this.options.clock.now().toISOString().slice(0, 10)}T00:00:00Z`,
    );
    // The days end on the day the check last measured when that is earlier
    // (after UTC midnight, before the next cost run): the frontend draws
    // the `days` ending on that day, and each of them has its cost.
    const measured = results.find(r => r.checkId === checkId)?.details as
      | { today?: unknown }
      | undefined;
    const measuredToday =
      typeof measured?.today === 'string'
        ? Date.parse(`${measured.today}T00:00:00Z`)
        : NaN;
    if (measuredToday < today) today = measuredToday;
    const since = new Date(today - (days - 1) * DAY_MS);
    if (provider.reportsDailyCosts) {
      const costs = await this.options.history.getDailyCosts(
        [entityRef],
        since.toISOString().slice(0, 10),
      );
      return {
        entityRef,
        checkId,
        results,
        dailyCosts: costs.map(({ entityRef: _ref, ...cost }) => cost),
      };
    }
    const samples = await this.options.history.getMetricSamples({
      entityRef,
      checkId,
      since,
    });
    return {
      entityRef,
      checkId,
      results,
      metricSamples: samples.map(
        ({ entityRef: _ref, checkId: _check, ...sample }) => sample,
      ),
    };
  }

  /**
   * Results of the entities the caller can see, filtered and paged by the
   * database; with `details`, each with its details.
   */
  async list(
    filter: {
      statuses?: string[];
      checkIds?: string[];
      limit: number;
      offset: number;
      details?: boolean;
    },
    credentials: BackstageCredentials,
  ): Promise<{ items: StoredCheckResult[]; totalCount: number }> {
    filter.checkIds?.forEach(id => this.checkIdOf(id, { parts: true }));
    return this.options.results.pageResults({
      ...filter,
      visible: await this.visibleSet(credentials),
    });
  }

  /** When each check last measured, and its results by status. */
  async summarizeChecks(
    credentials: BackstageCredentials,
  ): Promise<CheckSummary[]> {
    return this.options.results.summarizeChecks(
      await this.visibleSet(credentials),
    );
  }

  /**
   * The entity's setup report for its health summary, built once per
   * entity object (the access cache hands out the same object until it
   * reads the entity again), without each annotation's description and
   * example: static text the frontend has (the setup route serves them).
   */
  private setupOf(entity: Entity): OpsHealthSetupReport {
    let report = this.setupReports.get(entity);
    if (!report) {
      const full = buildSetupReport(entity);
      report = {
        ...full,
        annotations: full.annotations.map(
          ({ description: _d, example: _e, ...state }) => state,
        ),
      };
      this.setupReports.set(entity, report);
    }
    return report;
  }

  /** The entities with results that the caller can see. */
  private visibleSet(credentials: BackstageCredentials) {
    return this.options.access.visibleRefs(
      'results',
      () => this.options.results.listEntityRefs(),
      credentials,
    );
  }
}
