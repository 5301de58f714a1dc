import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import { AlertStore, AlertTransaction } from './AlertStore';
import { AlertingConfig, alertRuleFor, toAlertingConfig } from './config';
import {
  AlertTransition,
  cancelTransition,
  evaluateTransition,
} from './transition';
import { Alert, dedupKeyOf, EvaluatedResult } from './types';

// Attempts per result when other replicas keep changing the alert first.
const MAX_ATTEMPTS = 5;

/** What one `evaluate` call changed. @internal */
export interface EvaluationSummary {
  /** Results that changed an alert. */
  evaluated: number;
  opened: number;
  fired: number;
  resolved: number;
  cancelled: number;
  /** Changes handed to the entities' notification groups. */
  notified: number;
  /** Times another replica changed the alert first and it was read again. */
  conflicts: number;
  /** Results that could not be evaluated (logged). */
  errors: number;
}

/**
 * Turns check results into alerts: hysteresis, one open alert per dedup key
 * across replicas, an event per state change, and the changes to be notified
 * marked on the entity's notification group in the same transaction.
 *
 * @internal
 */
export class AlertEvaluator {
  static create(options: {
    store: AlertStore;
    /** The root config (reads `opsHealth.alerting`), or that section read. */
    config: Config | AlertingConfig;
    logger: LoggerService;
  }): AlertEvaluator {
    return new AlertEvaluator(
      options.store,
      toAlertingConfig(options.config),
      options.logger,
    );
  }

  private constructor(
    private readonly store: AlertStore,
    private readonly config: AlertingConfig,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Evaluates results (stale ones leave their alert alone). With
   * `completeFor`, the results are all the results of those checks (of the
   * `entityRefs` when given): their open alerts with no result any more are
   * cancelled (not notified).
   */
  async evaluate(
    results: EvaluatedResult[],
    now: Date,
    options?: { completeFor?: string[]; entityRefs?: string[] },
  ): Promise<EvaluationSummary> {
    const summary: EvaluationSummary = {
      evaluated: 0,
      opened: 0,
      fired: 0,
      resolved: 0,
      cancelled: 0,
      notified: 0,
      conflicts: 0,
      errors: 0,
    };
    const sorted = [...results].sort(
      (a, b) => a.measuredAt.getTime() - b.measuredAt.getTime(),
    );
    const keys = [...new Set(sorted.map(dedupKeyOf))];
    const open = new Map<string, Alert>();
    for (const alert of await this.store.listOpenAlerts({ dedupKeys: keys })) {
      open.set(alert.dedupKey, alert);
    }

    for (const result of sorted) {
      const key = dedupKeyOf(result);
      try {
        const applied = await this.apply(
          key,
          open.get(key),
          current =>
            evaluateTransition(
              current,
              result,
              alertRuleFor(this.config, result.checkId),
              now,
            ),
          summary,
          now,
        );
        if (applied) open.set(key, applied);
        else open.delete(key);
      } catch (error) {
        summary.errors += 1;
        this.logger.error(`Could not evaluate alert ${key}`, {
          error: stringifyError(error),
        });
      }
    }

    if (options?.completeFor?.length) {
      const present = new Set(keys);
      const scope = options.entityRefs && new Set(options.entityRefs);
      const gone = (
        await this.store.listOpenAlerts({ checkIds: options.completeFor })
      ).filter(
        a => !present.has(a.dedupKey) && (!scope || scope.has(a.entityRef)),
      );
      for (const alert of gone) {
        try {
          await this.apply(
            alert.dedupKey,
            alert,
            current => current && cancelTransition(current, now),
            summary,
            now,
          );
        } catch (error) {
          summary.errors += 1;
          this.logger.error(`Could not cancel alert ${alert.dedupKey}`, {
            error: stringifyError(error),
          });
        }
      }
    }

    if (summary.evaluated > 0) {
      this.logger.info('Evaluated alerts', { ...summary });
    }
    return summary;
  }

  /**
   * `CollectionListener` of the collection engine: evaluates all the stored
   * results of a check after its run, cancelling the open alerts of results
   * that are gone.
   */
  async onCollected(
    checkId: string,
    results: EvaluatedResult[],
    now: Date,
    scope?: { entityRefs: string[] },
  ): Promise<void> {
    await this.evaluate(results, now, {
      completeFor: [checkId],
      entityRefs: scope?.entityRefs,
    });
  }

  /**
   * Applies the transition computed from the open alert; when another
   * replica changed (or opened) it first, reads it again and recomputes.
   * Returns the open alert after the change (undefined when none is open).
   */
  private async apply(
    dedupKey: string,
    initial: Alert | undefined,
    compute: (current: Alert | undefined) => AlertTransition | undefined,
    summary: EvaluationSummary,
    now: Date,
  ): Promise<Alert | undefined> {
    let current = initial;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const transition = compute(current);
      if (!transition) return current;
      const written = await this.store.transaction(tx =>
        this.write(tx, transition, now),
      );
      if (written) {
        this.count(transition, summary);
        return written.state === 'pending' || written.state === 'firing'
          ? written
          : undefined;
      }
      summary.conflicts += 1;
      [current] = await this.store.listOpenAlerts({ dedupKeys: [dedupKey] });
    }
    throw new Error(
      `Alert ${dedupKey} kept changing on other replicas; gave up after ${MAX_ATTEMPTS} attempts`,
    );
  }

  /** The alert as written, or undefined when another replica won. */
  private async write(
    tx: AlertTransaction,
    transition: AlertTransition,
    now: Date,
  ): Promise<Alert | undefined> {
    const { alert } = transition;
    // The group row first: the notifier locks the group, then its alerts.
    const group = transition.notify
      ? await tx.lockGroup(alert.entityRef, { create: true })
      : undefined;

    let written: Alert;
    if (transition.kind === 'insert') {
      if (!(await tx.insertAlert(alert))) return undefined;
      written = alert;
    } else {
      if (!(await tx.updateAlert(alert.id, transition.patch, alert.revision))) {
        return undefined;
      }
      const { open: _open, ...fields } = transition.patch;
      written = Object.fromEntries(
        Object.entries({ ...alert, ...fields }).filter(
          ([, v]) => v !== null && v !== undefined,
        ),
      ) as unknown as Alert;
    }
    await tx.addEvents(transition.events);

    if (group) {
      await tx.updateGroup(alert.entityRef, {
        changes: group.changes.includes(alert.dedupKey)
          ? group.changes
          : [...group.changes, alert.dedupKey],
        ...(group.pendingSince
          ? {}
          : {
              pendingSince: now,
              sendAfter: new Date(now.getTime() + this.config.groupWaitMs),
            }),
      });
    }
    return written;
  }

  private count(transition: AlertTransition, summary: EvaluationSummary) {
    summary.evaluated += 1;
    if (transition.kind === 'insert') summary.opened += 1;
    if (transition.notify) summary.notified += 1;
    for (const event of transition.events) {
      if (event.type === 'fired') summary.fired += 1;
      if (event.type === 'resolved') summary.resolved += 1;
      if (event.type === 'cancelled') summary.cancelled += 1;
    }
  }
}
