import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
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
import { getVisibleEntity } from '../access/access';
import { visibleEntityRefs } from '../access/visibleEntityRefs';
import {
  CheckResultStore,
  StoredCheckResult,
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
  pending: Array<{ checkId: string; dueBy: Date }>;
}

/** @internal */
export interface CheckSummary {
  checkId: string;
  lastMeasuredAt?: Date;
  lastError?: string;
  lastErrorAt?: Date;
  entityCount: number;
  staleCount: number;
  statusCounts: Record<string, number>;
}

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
    catalog: CatalogService;
    results: CheckResultStore;
    history: HistoryStore;
    clock: OpsHealthClock;
    /** The installed check providers. */
    providers: () => OpsHealthCheckProvider[];
    /** How long after its last catch-up pass a check measures new entities. */
    catchUpIntervalMs: number;
  }) {
    return new EntityHealthService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof EntityHealthService.create>[0],
  ) {}

  /** The installed check ids; InputError for any other. */
  checkIdOf(checkId: string): string {
    const ids = this.options.providers().map(p => p.id);
    if (!ids.includes(checkId)) {
      throw new InputError(
        `Unknown checkId '${checkId}'; installed checks: ${
          ids.join(', ') || 'none'
        }`,
      );
    }
    return checkId;
  }

  async entityHealth(
    entityRef: string | EntityName,
    credentials: BackstageCredentials,
  ): Promise<EntityHealth> {
    const visible = await getVisibleEntity(
      this.options.catalog,
      entityRef,
      credentials,
    );
    const setup = buildSetupReport(visible.entity);
    const checks = await this.options.results.listForEntity(visible.entityRef);
    const measured = new Set(checks.map(c => c.checkId));
    const unmeasured = setup.checks.filter(
      c => c.configured && !measured.has(c.id),
    );
    const pending: EntityHealth['pending'] = [];
    if (unmeasured.length) {
      // The next catch-up pass of each check measures it.
      const now = this.options.clock.now().getTime();
      const interval = this.options.catchUpIntervalMs;
      const state = new Map(
        (await this.options.results.getCollectionState()).map(s => [
          s.checkId,
          s,
        ]),
      );
      for (const check of unmeasured) {
        const last = state.get(check.id)?.lastCatchUpAt?.getTime();
        const next = last !== undefined ? last + interval : 0;
        pending.push({
          checkId: check.id,
          dueBy: new Date(next > now ? next : now + interval),
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
    const { entityRef } = await getVisibleEntity(
      this.options.catalog,
      entity,
      credentials,
    );
    const provider = this.options.providers().find(p => p.id === checkId)!;
    const today = Date.parse(
      `${this.options.clock.now().toISOString().slice(0, 10)}T00:00:00Z`,
    );
    const since = new Date(today - (days - 1) * DAY_MS);
    const results = (
      await this.options.results.listForEntity(entityRef)
    ).filter(r => r.checkId === checkId || r.checkId.startsWith(`${checkId}-`));
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

  /** Results of the entities the caller can see, filtered and paged. */
  async list(
    filter: {
      statuses?: string[];
      checkIds?: string[];
      limit: number;
      offset: number;
    },
    credentials: BackstageCredentials,
  ): Promise<{ items: StoredCheckResult[]; totalCount: number }> {
    filter.checkIds?.forEach(id => this.checkIdOf(id));
    const rows = await this.options.results.listResults({
      statuses: filter.statuses,
      checkIds: filter.checkIds,
    });
    // Only what the caller can see: one catalog call for all entities listed.
    const visible = await visibleEntityRefs(
      this.options.catalog,
      rows.map(r => r.entityRef),
      credentials,
    );
    const items = rows.filter(r => visible.has(r.entityRef));
    return {
      items: items.slice(filter.offset, filter.offset + filter.limit),
      totalCount: items.length,
    };
  }

  /** When each check last measured, and its results by status. */
  async summarizeChecks(
    credentials: BackstageCredentials,
  ): Promise<CheckSummary[]> {
    const rows = await this.options.results.listResults({});
    const visible = await visibleEntityRefs(
      this.options.catalog,
      rows.map(r => r.entityRef),
      credentials,
    );
    const byCheck = new Map<string, CheckSummary & { entities: Set<string> }>();
    for (const r of rows) {
      if (!visible.has(r.entityRef)) continue;
      let summary = byCheck.get(r.checkId);
      if (!summary) {
        summary = {
          checkId: r.checkId,
          entities: new Set(),
          entityCount: 0,
          staleCount: 0,
          statusCounts: {},
        };
        byCheck.set(r.checkId, summary);
      }
      summary.entities.add(r.entityRef);
      summary.statusCounts[r.status] =
        (summary.statusCounts[r.status] ?? 0) + 1;
      if (r.stale) summary.staleCount += 1;
      if (!summary.lastMeasuredAt || r.measuredAt > summary.lastMeasuredAt) {
        summary.lastMeasuredAt = r.measuredAt;
      }
      if (
        r.errorAt &&
        (!summary.lastErrorAt || r.errorAt > summary.lastErrorAt)
      ) {
        summary.lastErrorAt = r.errorAt;
        summary.lastError = r.error;
      }
    }
    return [...byCheck.values()]
      .sort((a, b) => a.checkId.localeCompare(b.checkId))
      .map(({ entities, ...s }) => ({ ...s, entityCount: entities.size }));
  }
}
