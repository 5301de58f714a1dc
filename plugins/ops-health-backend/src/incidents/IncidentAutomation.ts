import { isInstalledCheck } from '../engine/CheckProviderRegistry';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { checkFailureTitle } from '@ops-health/backstage-plugin-ops-health-common';
import { Alert, AlertStore } from '../alerting';
import { IncidentExistsError } from './DatabaseIncidentStore';
import { Incident, IncidentStore } from './IncidentStore';
import { IncidentSeverity } from './workflow';
import { processRunLock, RunLock } from '../database/runLock';

/** The actor of the events the automation writes. @internal */
export const AUTOMATION_ACTOR = 'ops-health:automation';

/** What one reconcile run changed. @internal */
export interface ReconcileSummary {
  opened: number;
  attached: number;
  resolved: number;
  errors: number;
}

/** The open incidents' alert links by dedup key. */
type Links = Map<
  string,
  { incidentId: string; dedupKey: string; linkedAt?: Date; resolvedAt?: Date }
>;

/** Open incidents per entity, newest first. */
type OpenByEntity = Map<string, Incident[]>;

/** @internal */
export interface IncidentAutomationOptions {
  alerts: AlertStore;
  incidents: IncidentStore;
  logger: LoggerService;
  /** Open incidents from critical alerts (else only attach). */
  autoOpen: boolean;
  /**
   * Only these checks' critical alerts (and their parts',
   * `replication-canary` for `replication`) open incidents; every check's
   * when unset.
   */
  autoOpenChecks?: string[];
  /**
   * Alerts of an entity that start firing within this time of an open
   * incident's creation attach to it.
   */
  attachWindowMs: number;
  /** The escalation policy of a new incident of the entity. */
  escalationPolicyFor?: (entityRef: string) => Promise<string | undefined>;
  /**
   * One reconcile at a time: across replicas when the lock is the
   * database's (see databaseRunLock); by default in this process.
   */
  lock?: RunLock;
}

function severityOf(alert: Alert): IncidentSeverity {
  return alert.severity === 'critical' ? 'SEV2' : 'SEV3';
}

function titleOf(alert: Alert): string {
  const what = checkFailureTitle(alert.checkId);
  let name = alert.entityRef;
  try {
    name = parseEntityRef(alert.entityRef).name;
  } catch {
    // keep the ref
  }
  return `${what} on ${name}${alert.subject ? ` (${alert.subject})` : ''}`;
}

/**
 * Keeps incidents in step with alerts. Level-triggered and idempotent, so it
 * runs after every evaluation and on a schedule, on any number of replicas,
 * one run at a time (the lock): two runs that each read the alerts before
 * the other opened an incident would open two for one entity.
 *
 * - a firing critical alert without an open incident opens one in
 *   `detection` (one per dedup key while open: a unique index decides);
 * - an alert of the same entity firing within the attach window of an open
 *   incident is linked to it, with an `alert-firing` event;
 * - a linked alert that is no longer firing gets an `alert-resolved` event,
 *   and when the last one resolves the timeline says so. The incident stays
 *   open: closing it is a human decision.
 *
 * @internal
 */
export class IncidentAutomation {
  private readonly lock: RunLock;

  constructor(private readonly options: IncidentAutomationOptions) {
    this.lock = options.lock ?? processRunLock();
  }

  /** Waits for a run under way (here or on another replica), then runs. */
  async reconcile(now: Date): Promise<ReconcileSummary> {
    return this.lock('incidents-reconcile', () => this.run(now));
  }

  /** Whether the alert opens an incident of its own. */
  private opens(alert: Alert): boolean {
    const { autoOpen, autoOpenChecks } = this.options;
    if (!autoOpen || alert.severity !== 'critical') return false;
    return (
      !autoOpenChecks ||
      isInstalledCheck(autoOpenChecks, alert.checkId, { parts: true })
    );
  }

  private async run(now: Date): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = {
      opened: 0,
      attached: 0,
      resolved: 0,
      errors: 0,
    };
    const { alerts, incidents, logger } = this.options;
    const firing = await alerts.listAlerts({ states: ['firing'] });
    const linkList = await incidents.listOpenAlertLinks();
    // The first link of a key wins, as the list is oldest first.
    const links: Links = new Map();
    for (const link of linkList) {
      if (!links.has(link.dedupKey)) links.set(link.dedupKey, link);
    }
    const firingKeys = new Set(firing.map(a => a.dedupKey));

    // The open incidents an unlinked alert may attach to, read once for all
    // of them; incidents this run opens are added as it goes.
    const unlinked = firing.filter(a => !links.has(a.dedupKey));
    const openByEntity: OpenByEntity = new Map();
    if (unlinked.length > 0) {
      const earliest = unlinked.reduce(
        (min, a) => Math.min(min, (a.firedAt ?? now).getTime()),
        Infinity,
      );
      for (const incident of await incidents.findOpenForEntities(
        unlinked.map(a => a.entityRef),
        new Date(earliest - this.options.attachWindowMs),
      )) {
        const list = openByEntity.get(incident.entityRef) ?? [];
        list.push(incident);
        openByEntity.set(incident.entityRef, list);
      }
    }

    // The alerts that open incidents first (critical, of autoOpenChecks),
    // oldest first: the first of an entity opens the incident, and the
    // others (warnings, other checks', even older ones) attach to it in the
    // same run.
    const ordered = [...firing].sort(
      (a, b) =>
        Number(this.opens(b)) - Number(this.opens(a)) ||
        (a.firedAt ?? a.firstSeen).getTime() -
          (b.firedAt ?? b.firstSeen).getTime(),
    );
    for (const alert of ordered) {
      try {
        await this.onFiring(alert, links, openByEntity, now, summary);
      } catch (error) {
        summary.errors += 1;
        logger.error(`Could not link alert ${alert.dedupKey} to an incident`, {
          error: stringifyError(error),
        });
      }
    }

    // Linked alerts that stopped firing; the timeline says when an
    // incident is left with none, in the same transaction as its last one.
    for (const link of linkList) {
      if (link.resolvedAt || firingKeys.has(link.dedupKey)) continue;
      try {
        const changed = await incidents.markAlertResolved(
          link.incidentId,
          link.dedupKey,
          now,
          {
            at: now,
            actor: AUTOMATION_ACTOR,
            type: 'alert-resolved',
            note: `Alert resolved: ${link.dedupKey}`,
            data: { dedupKey: link.dedupKey },
          },
          {
            at: now,
            actor: AUTOMATION_ACTOR,
            type: 'alert-resolved',
            note: 'All linked alerts have resolved. The incident stays open until someone closes it with a post-mortem.',
            data: { allResolved: true },
          },
        );
        if (changed) summary.resolved += 1;
      } catch (error) {
        summary.errors += 1;
        logger.error(`Could not record alert ${link.dedupKey} as resolved`, {
          error: stringifyError(error),
        });
      }
    }

    if (summary.opened + summary.attached + summary.resolved > 0) {
      logger.info('Reconciled incidents with alerts', { ...summary });
    }
    return summary;
  }

  private async onFiring(
    alert: Alert,
    links: Links,
    openByEntity: OpenByEntity,
    now: Date,
    summary: ReconcileSummary,
  ) {
    const { incidents } = this.options;
    const firingEvent = {
      at: now,
      actor: AUTOMATION_ACTOR,
      type: 'alert-firing' as const,
      note: `${
        alert.severity === 'critical' ? 'Critical' : 'Warning'
      } alert firing: ${alert.message}`,
      data: {
        dedupKey: alert.dedupKey,
        checkId: alert.checkId,
        severity: alert.severity,
      },
    };

    // Already linked to an open incident: only a re-fire is news.
    const linked = links.get(alert.dedupKey);
    if (linked) {
      // Resolved since, or resolved and fired again between two runs (a
      // firing newer than the link).
      const refired =
        alert.firedAt !== undefined &&
        linked.linkedAt !== undefined &&
        linked.linkedAt < alert.firedAt;
      if (linked.resolvedAt || refired) {
        if (
          await incidents.linkAlert(
            linked.incidentId,
            alert.dedupKey,
            now,
            firingEvent,
            alert.firedAt,
          )
        ) {
          summary.attached += 1;
        }
      }
      return;
    }

    const since = new Date(
      (alert.firedAt ?? now).getTime() - this.options.attachWindowMs,
    );
    // Newest first: the newest created since.
    const open = (openByEntity.get(alert.entityRef) ?? []).find(
      i => i.createdAt >= since,
    );
    if (open) {
      if (
        await incidents.linkAlert(open.id, alert.dedupKey, now, firingEvent)
      ) {
        summary.attached += 1;
        links.set(alert.dedupKey, {
          incidentId: open.id,
          dedupKey: alert.dedupKey,
        });
      }
      return;
    }

    if (!this.opens(alert)) return;
    // Its incident was closed while the alert kept firing: a human decided.
    if (
      await incidents.wasLinkedSince(
        alert.dedupKey,
        alert.firedAt ?? alert.firstSeen,
      )
    ) {
      return;
    }
    let incident: Incident | undefined;
    try {
      incident = await incidents.create({
        entityRef: alert.entityRef,
        title: titleOf(alert),
        severity: severityOf(alert),
        createdBy: AUTOMATION_ACTOR,
        sourceDedupKey: alert.dedupKey,
        escalationPolicy: await this.options.escalationPolicyFor?.(
          alert.entityRef,
        ),
        now,
      });
    } catch (error) {
      // Another replica opened it between our read and insert.
      if (error instanceof IncidentExistsError) return;
      throw error;
    }
    summary.opened += 1;
    await incidents.linkAlert(incident.id, alert.dedupKey, now, firingEvent);
    links.set(alert.dedupKey, {
      incidentId: incident.id,
      dedupKey: alert.dedupKey,
    });
    openByEntity.set(alert.entityRef, [
      incident,
      ...(openByEntity.get(alert.entityRef) ?? []),
    ]);
  }
}
