import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseOpsHealthAnnotations,
  NOT_MEASURED_YET,
  toHeadline,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckHistoryReader,
  CheckResult,
  CheckRunOutput,
  CheckTarget,
  OpsHealthCheckProvider,
  OpsHealthClock,
  systemClock,
} from '@ops-health/backstage-plugin-ops-health-node';
import { createHash } from 'node:crypto';
import {
  CheckResultStore,
  StoredCheckResult,
} from '../database/CheckResultStore';
import { HistoryStore } from '../database/HistoryStore';
import { processRunLock, RunLock } from '../database/runLock';

/**
 * An annotation's value as a message quotes it: its control characters
 * escaped (a NUL is text PostgreSQL refuses to store, and would fail the
 * run's batch for every entity), at most 120 characters.
 */
function quoted(value: unknown): string {
  const text = String(value).replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `'${text.length > 120 ? `${text.slice(0, 119)}…` : text}'`;
}

/**
 * What the engine hands the stored results of each run to (alert
 * evaluation).
 *
 * @internal
 */
export interface CollectionListener {
  /**
   * `scope.entityRefs`: the run measured only these entities (a catch-up
   * pass); the results are theirs alone.
   */
  onCollected(
    checkId: string,
    results: StoredCheckResult[],
    now: Date,
    scope?: { entityRefs: string[] },
  ): Promise<void>;
}

/** @internal */
export interface CollectionSummary {
  /** `entity`: one entity measured on request (check now). */
  kind: 'full' | 'catch-up' | 'entity';
  targets: number;
  results: number;
  failures: number;
  misconfigured: number;
  calls: Record<string, number>;
  durationMs: number;
  /** Entities not reached before the run was stopped (its signal aborted). */
  unfinished?: number;
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
    clock?: OpsHealthClock;
    /** Every installed provider: their annotations select the entities listed. */
    providers?: OpsHealthCheckProvider[];
    /**
     * One run per check at a time (full or catch-up): across replicas when
     * the lock is the database's (see databaseRunLock); by default in this
     * process.
     */
    lock?: RunLock;
  }) {
    return new CollectionEngine({
      clock: systemClock,
      providers: [],
      lock: processRunLock(),
      ...options,
    });
  }

  private constructor(
    private readonly options: {
      logger: LoggerService;
      auth: AuthService;
      catalog: CatalogService;
      results: CheckResultStore;
      history: HistoryStore;
      listener?: CollectionListener;
      clock: OpsHealthClock;
      providers: OpsHealthCheckProvider[];
      lock: RunLock;
    },
  ) {}

  /** What a provider may read of the stored history and results. */
  private readonly history: CheckHistoryReader = {
    getDailyCosts: (entityRefs, fromDay) =>
      this.options.history.getDailyCosts(entityRefs, fromDay),
    countDailyCosts: (entityRefs, fromDay, toDay) =>
      this.options.history.countDailyCosts(entityRefs, fromDay, toDay),
    getResults: async (entityRefs, checkId) =>
      entityRefs.length
        ? this.options.results.listResults({ entityRefs, checkIds: [checkId] })
        : [],
  };

  /**
   * The catalog entities that carry an annotation of the provider (of any
   * installed provider, when none is given), parsed; every entity when a
   * provider declares no annotations.
   */
  async listTargets(provider?: OpsHealthCheckProvider): Promise<CheckTarget[]> {
    return (await this.listEntities(provider)).map(toCheckTarget);
  }

  /**
   * The entities {@link CollectionEngine.listTargets} lists, as the catalog
   * holds them (the fields the checks read), annotations not parsed. A
   * provider's run lists only the entities its own annotations select: the
   * backup check of 1,000 of 10,000 annotated entities reads and parses
   * 1,000, not every entity another check selects.
   */
  async listEntities(provider?: OpsHealthCheckProvider): Promise<Entity[]> {
    const providers = provider ? [provider] : this.options.providers;
    const annotations = providers.every(p => p.annotations?.length)
      ? [...new Set(providers.flatMap(p => p.annotations ?? []))]
      : undefined;
    if (annotations?.length === 0) return [];
    // Paged (500 a page), so that neither the catalog nor this process
    // holds one answer of every entity at once.
    const entities: Entity[] = [];
    for await (const page of this.options.catalog.streamEntities(
      {
        ...(annotations
          ? {
              filter: annotations.map(name => ({
                [`metadata.annotations.${name}`]: CATALOG_FILTER_EXISTS,
              })),
            }
          : {}),
        fields: [
          'kind',
          'apiVersion',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'metadata.links',
          'spec.owner',
          // Checks of one kind of entity, e.g. AWS account resources.
          'spec.type',
        ],
        pageSize: 500,
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    )) {
      entities.push(...page);
    }
    return entities;
  }

  /** Measures every entity the provider applies to. */
  async run(
    provider: OpsHealthCheckProvider,
    options: { signal: AbortSignal; logger: LoggerService; now?: Date },
  ): Promise<CollectionSummary> {
    return this.exclusive(provider.id, options.signal, () =>
      this.collect(provider, 'full', options),
    );
  }

  /**
   * Measures, in one batched run, the entities the provider applies to that
   * it has not measured yet or whose Ops Health annotations changed since;
   * does nothing when there are none.
   */
  async catchUp(
    provider: OpsHealthCheckProvider,
    options: { signal: AbortSignal; logger: LoggerService; now?: Date },
  ): Promise<CollectionSummary> {
    return this.exclusive(provider.id, options.signal, () =>
      this.collect(provider, 'catch-up', options),
    );
  }

  /**
   * Measures one entity now, as a user asks from its page: under the
   * check's run lock, so it waits for a run of the check in progress (on
   * any replica) until `waitSignal` gives up the wait. Its results, and their
   * alerts, are the entity's alone; the entity is read from the catalog as
   * it is now and measured among the catalog's other entities, as in a pass
   * (a check may decide between entities that claim the same resources).
   * Its results of the check go when the check no longer applies to it.
   */
  async measureEntity(
    provider: OpsHealthCheckProvider,
    entityRef: string,
    options: {
      signal: AbortSignal;
      /** Gives up waiting for the run lock (the measurement has `signal`). */
      waitSignal?: AbortSignal;
      /** Called once the lock is held, as the measurement starts. */
      onStart?: () => void;
      logger: LoggerService;
      now?: Date;
    },
  ): Promise<CollectionSummary> {
    return this.exclusive(
      provider.id,
      options.waitSignal ?? options.signal,
      () => {
        options.onStart?.();
        return this.collect(provider, 'entity', { ...options, entityRef });
      },
    );
  }

  /**
   * One run per check at a time: a catch-up pass waits for a full run of
   * the same check (on any replica) rather than measuring the same
   * entities at once, and neither prunes or overwrites what the other
   * measured meanwhile.
   */
  private exclusive<T>(
    id: string,
    signal: AbortSignal,
    fn: () => Promise<T>,
  ): Promise<T> {
    return this.options.lock(`collect:${id}`, fn, { signal });
  }

  private async collect(
    provider: OpsHealthCheckProvider,
    kind: CollectionSummary['kind'],
    options: {
      signal: AbortSignal;
      logger: LoggerService;
      now?: Date;
      /** The one entity of kind `entity`. */
      entityRef?: string;
    },
  ): Promise<CollectionSummary> {
    const started = Date.now();
    const now = options.now ?? this.options.clock.now();
    const { results: store } = this.options;
    const nothing = (): CollectionSummary => ({
      kind,
      targets: 0,
      results: 0,
      failures: 0,
      misconfigured: 0,
      calls: {},
      durationMs: Date.now() - started,
    });
    if (kind === 'catch-up') {
      // The first full run measures every entity: there is nothing to catch
      // up with before it.
      const state = (await store.getCollectionState()).find(
        s => s.checkId === provider.id,
      );
      if (!state?.lastFullAt) return nothing();
    }
    const inCatalog = await this.listTargets(provider);
    // One entity measured on request is measured among the whole catalog,
    // as in a pass (a check such as cost decides between entities that
    // claim the same resources), as the catalog has it now.
    const requested = options.entityRef?.toLocaleLowerCase('en-US');
    let all =
      kind === 'entity'
        ? inCatalog.filter(
            t => t.entityRef.toLocaleLowerCase('en-US') === requested,
          )
        : inCatalog;
    // Entities with results that left the catalog or lost every annotation.
    let gone: string[] = [];

    if (kind === 'catch-up') {
      const measured = new Map(
        (await store.listMeasuredKeys(provider.id)).map(k => [
          k.entityRef,
          k.configHash,
        ]),
      );
      const listed = new Set(all.map(t => t.entityRef));
      gone = [...measured.keys()].filter(ref => !listed.has(ref));
      all = all.filter(target => {
        if (!measured.has(target.entityRef)) {
          return measuresTarget(provider, target);
        }
        return (
          measured.get(target.entityRef) !==
          configHashOf(target.entity, provider)
        );
      });
      if (all.length === 0 && gone.length === 0) {
        await store.recordCollection(provider.id, kind, now);
        return nothing();
      }
    }

    // An entity whose annotations for this check are malformed is not
    // measured with half its settings: it is marked misconfigured instead.
    const misconfigured: CheckResult[] = [];
    const targets: CheckTarget[] = [];
    for (const target of all) {
      const problems = problemsFor(provider, target);
      if (problems.length > 0) {
        misconfigured.push({
          entityRef: target.entityRef,
          checkId: provider.id,
          subject: '',
          status: 'misconfigured',
          headline: toHeadline(
            `Misconfigured: ${[
              ...new Set(problems.map(p => p.annotation)),
            ].join(', ')}`,
          ),
          message: problems
            .map(p => `${p.annotation} ${quoted(p.value)}: ${p.message}`)
            .join('; '),
          details: { problems },
          measuredAt: now,
        });
      } else if (provider.appliesTo(target)) {
        targets.push(target);
      }
    }
    const hashes = new Map(
      all.map(t => [t.entityRef, configHashOf(t.entity, provider)] as const),
    );
    const withHash = (result: CheckResult) => ({
      ...result,
      headline: toHeadline(result.headline ?? result.message),
      configHash: hashes.get(result.entityRef),
    });

    await store.upsertResults(misconfigured.map(withHash));
    // Every entity of the catalog the check applies to, beyond this run's
    // part; those marked misconfigured above included.
    const catalogTargets = inCatalog.filter(t => provider.appliesTo(t));
    // Batch by batch, each stored as it finishes: a run stopped by its
    // timeout keeps what it measured.
    const size =
      provider.batchSize && provider.batchSize > 0
        ? Math.floor(provider.batchSize)
        : Math.max(targets.length, 1);
    const output: CheckRunOutput & { calls: Record<string, number> } = {
      results: [],
      failures: [],
      calls: {},
    };
    const finished: CheckTarget[] = [];
    let aborted = false;
    for (let i = 0; i < targets.length; i += size) {
      if (options.signal.aborted) {
        aborted = true;
        break;
      }
      const batch = targets.slice(i, i + size);
      let batchOutput: CheckRunOutput;
      try {
        batchOutput = await provider.run(batch, {
          signal: options.signal,
          logger: options.logger,
          now,
          history: this.history,
          catalogTargets,
        });
      } catch (error) {
        if (options.signal.aborted) {
          aborted = true;
          break;
        }
        throw error;
      }
      await this.storeBatch(batchOutput, withHash, now);
      output.results.push(...batchOutput.results);
      output.failures.push(...batchOutput.failures);
      for (const [name, count] of Object.entries(batchOutput.calls ?? {})) {
        output.calls[name] = (output.calls[name] ?? 0) + count;
      }
      finished.push(...batch);
    }

    const failedEntities = new Set(
      output.failures
        .filter(f => f.subject === undefined)
        .map(f => f.entityRef),
    );
    // What this run speaks for: everything, unless it was cut short; then
    // only the entities it finished (the others keep their last results).
    let scope: { entityRefs?: string[] } = {};
    if (aborted) {
      scope = {
        entityRefs: [
          ...new Set([
            ...misconfigured.map(r => r.entityRef),
            ...finished.map(t => t.entityRef),
          ]),
        ],
      };
    } else if (kind === 'catch-up') {
      scope = { entityRefs: [...all.map(t => t.entityRef), ...gone] };
    } else if (kind === 'entity') {
      scope = { entityRefs: [options.entityRef!] };
    }
    const existing = failedEntities.size
      ? await store.listResults({
          checkIds: [provider.id],
          entityRefs: [...failedEntities],
        })
      : [];
    await store.pruneResults(
      provider.id,
      [
        ...misconfigured,
        ...output.results,
        ...output.failures.map(f => ({
          entityRef: f.entityRef,
          subject: f.subject ?? '',
        })),
        ...existing,
      ],
      scope,
    );
    if (kind === 'entity') {
      // Not a pass over the catalog: the next catch-up is not put off.
    } else if (aborted) {
      options.logger.warn(
        `Collection of ${provider.id} was stopped (timeout or shutdown) after ${finished.length} of ${targets.length} entities; their results are stored, the others keep their last results`,
      );
    } else {
      await store.recordCollection(provider.id, kind, now);
    }

    if (this.options.listener) {
      // A catch-up or an unfinished run reads back only the entities it
      // measured, not every result of the check.
      const { entityRefs } = scope;
      await this.options.listener.onCollected(
        provider.id,
        await store.listResults({ checkIds: [provider.id], entityRefs }),
        now,
        entityRefs ? { entityRefs } : undefined,
      );
    }

    const summary: CollectionSummary = {
      kind,
      targets: targets.length,
      results: output.results.length,
      failures: output.failures.length,
      misconfigured: misconfigured.length,
      calls: output.calls,
      durationMs: Date.now() - started,
      ...(aborted ? { unfinished: targets.length - finished.length } : {}),
    };
    const said = {
      full: `Collected ${provider.id} health`,
      'catch-up': `Caught up ${provider.id} health of new or changed entities`,
      entity: `Measured ${provider.id} health of ${options.entityRef} on request`,
    };
    options.logger.info(said[kind], {
      entities: summary.targets,
      results: summary.results,
      failures: summary.failures,
      misconfigured: summary.misconfigured,
      calls: JSON.stringify(summary.calls),
      durationMs: summary.durationMs,
    });
    return summary;
  }

  /** Stores one batch: results, failures (last good result marked stale), history. */
  private async storeBatch(
    output: CheckRunOutput,
    withHash: (result: CheckResult) => CheckResult & { configHash?: string },
    now: Date,
  ) {
    const { results: store, history } = this.options;
    await store.upsertResults(output.results.map(withHash));
    for (const failure of output.failures) {
      const marked = await store.markStale([failure], failure.error, now);
      if (marked === 0) {
        // Nothing measured before: show the error rather than nothing.
        await store.upsertResults([
          withHash({
            entityRef: failure.entityRef,
            checkId: failure.checkId,
            subject: failure.subject ?? '',
            status: 'unknown',
            headline: toHeadline(`${NOT_MEASURED_YET}${failure.error}`),
            message: `${NOT_MEASURED_YET}${failure.error}`,
            measuredAt: now,
          }),
        ]);
        await store.markStale([failure], failure.error, now);
      }
    }
    if (output.dailyCosts) {
      await history.upsertDailyCosts(output.dailyCosts, now);
    }
    if (output.metricSamples?.length) {
      await history.addMetricSamples(output.metricSamples);
    }
  }
}

/**
 * The entity's annotation problems that concern this provider: those of the
 * annotations that select its entities, and of its settings on an entity it
 * selects.
 */
/** An entity as the checks see it: its ref and parsed annotations. @internal */
export function toCheckTarget(entity: Entity): CheckTarget {
  return {
    entityRef: stringifyEntityRef(entity),
    entity,
    config: parseOpsHealthAnnotations(entity),
  };
}

/**
 * Whether a run of the check has something to say about the entity: it
 * applies, or the entity's annotations for it are malformed (then it is
 * marked misconfigured).
 *
 * @internal
 */
export function measuresTarget(
  provider: OpsHealthCheckProvider,
  target: CheckTarget,
): boolean {
  return provider.appliesTo(target) || problemsFor(provider, target).length > 0;
}

function problemsFor(provider: OpsHealthCheckProvider, target: CheckTarget) {
  if (provider.isCandidate && !provider.isCandidate(target)) return [];
  const annotations = target.entity.metadata.annotations ?? {};
  const selecting = provider.annotations ?? [];
  const selected =
    provider.appliesTo(target) || selecting.some(a => a in annotations);
  const settings = selected ? provider.settingAnnotations ?? [] : [];
  return target.config.problems.filter(
    p => selecting.includes(p.annotation) || settings.includes(p.annotation),
  );
}

/**
 * A hash of the annotations the provider reads (every annotation when it
 * declares none): a change to any of them has the entity measured again by
 * the next catch-up pass.
 *
 * @internal
 */
export function configHashOf(
  entity: Entity,
  provider: Pick<OpsHealthCheckProvider, 'annotations' | 'settingAnnotations'>,
): string {
  const declared = [
    ...(provider.annotations ?? []),
    ...(provider.settingAnnotations ?? []),
  ];
  const names = declared.length ? new Set(declared) : undefined;
  const relevant = Object.entries(entity.metadata.annotations ?? {})
    .filter(([name]) => !names || names.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify(relevant))
    .digest('hex')
    .slice(0, 32);
}
