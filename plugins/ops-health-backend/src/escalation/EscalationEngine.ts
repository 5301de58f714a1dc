import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  incidentPagePath,
  scheduleNameOf,
} from '@ops-health/backstage-plugin-ops-health-common';
import { NotificationOutbox } from '../notifications/outbox/OutboxStore';
import { OpsHealthNotification } from '../notifications/types';
import { EscalationPolicy } from './config';
import { AUTOMATION_ACTOR } from '../incidents/IncidentAutomation';
import { Incident, IncidentStore } from '../incidents/IncidentStore';

/** @internal */
export interface EscalationEngineOptions {
  incidents: IncidentStore;
  outbox: NotificationOutbox;
  logger: LoggerService;
  /** The policy by name; undefined when it is not configured. */
  policy: (name: string) => EscalationPolicy | undefined;
  /** The channels a notification goes to. */
  channelsFor: (notification: OpsHealthNotification) => string[];
  /**
   * Who is on call on a schedule at an instant (for `schedule:<name>`
   * targets), and its team, paged when nobody is on call.
   */
  onCall?: (schedule: string, at: Date) => Promise<OnCallSlot>;
}

/** Who is on call on a schedule, and its team. */
type OnCallSlot = { user?: string; team?: string };

/** What one run did. @internal */
export interface EscalationRunSummary {
  /** Levels notified by this run. */
  escalated: number;
  /** Levels another replica notified first. */
  skipped: number;
  errors: number;
}

/** Since when the incident has waited in detection for someone. */
function waitingSince(incident: Incident): Date {
  return (
    incident.escalationSince ??
    incident.phaseReachedAt.detection ??
    incident.createdAt
  );
}

/** `2 · DevOps manager`, or `2` for a level config does not name. */
function levelTitle(level: { name?: string } | undefined, number: number) {
  return level?.name ? `${number} · ${level.name}` : String(number);
}

/**
 * Escalates incidents nobody has moved out of `detection`: when a level's
 * delay (from detection) passes, that level's people are notified through
 * the channels and the timeline records it. Moving the incident on (the
 * acknowledgement) stops it; moving it back to detection, or reopening it
 * there, starts it again from the first level. Each level is a
 * compare-and-set on the incident's escalation level, written with its
 * notification in one transaction, so a level fires once however many
 * replicas run this.
 *
 * @internal
 */
export class EscalationEngine {
  constructor(private readonly options: EscalationEngineOptions) {}

  async run(now: Date): Promise<EscalationRunSummary> {
    const summary: EscalationRunSummary = {
      escalated: 0,
      skipped: 0,
      errors: 0,
    };
    const waiting = await this.options.incidents.list({
      phases: ['detection'],
      limit: 1000,
    });
    // Who is on call on each schedule at `now`, asked once per run however
    // many incidents escalate to it.
    const onCall = new Map<string, Promise<OnCallSlot | undefined>>();
    for (const incident of waiting) {
      try {
        await this.escalateIncident(incident, now, summary, onCall);
      } catch (error) {
        summary.errors += 1;
        this.options.logger.error(
          `Could not escalate incident ${incident.id}`,
          {
            error: stringifyError(error),
          },
        );
      }
    }
    if (summary.escalated > 0 || summary.errors > 0) {
      this.options.logger.info('Escalated incidents', { ...summary });
    }
    return summary;
  }

  private async escalateIncident(
    incident: Incident,
    now: Date,
    summary: EscalationRunSummary,
    onCall: Map<string, Promise<OnCallSlot | undefined>>,
  ) {
    if (!incident.escalationPolicy) return;
    const policy = this.options.policy(incident.escalationPolicy);
    if (!policy) {
      this.options.logger.warn(
        `Incident ${incident.id} follows escalation policy '${incident.escalationPolicy}', which is no longer configured; not escalating it`,
      );
      return;
    }
    const waitedMs = now.getTime() - waitingSince(incident).getTime();
    // Every level whose delay has passed, in order: a backend that was down
    // catches up level by level.
    for (
      let level = incident.escalationLevel;
      level < policy.levels.length && waitedMs >= policy.levels[level].delayMs;
      level++
    ) {
      const spec = policy.levels[level];
      const number = level + 1;
      const { recipients, described } = await this.resolveTargets(
        spec.targets,
        now,
        onCall,
      );
      const notification = this.notificationFor(
        incident,
        policy,
        number,
        recipients,
        now,
      );
      const channels = this.options.channelsFor(notification);
      const escalated = await this.options.incidents.escalate(incident.id, {
        expectedVersion: incident.version,
        fromLevel: level,
        toLevel: number,
        event: {
          at: now,
          actor: AUTOMATION_ACTOR,
          type: 'escalated',
          note: `Still in detection after ${Math.round(
            waitedMs / 60_000,
          )} min: escalated to level ${levelTitle(spec, number)} of policy ${
            policy.name
          } (${described.join(', ')}), notified through ${
            channels.join(', ') || 'no channel'
          }`,
          data: {
            policy: policy.name,
            level: number,
            ...(spec.name ? { levelName: spec.name } : {}),
            waitedMinutes: Math.round(waitedMs / 60_000),
            targets: spec.targets,
            recipients,
            channels,
            notificationId: notification.id,
          },
        },
        inTransaction: async tx => {
          if (channels.length > 0) {
            await this.options.outbox.enqueue(
              tx as Knex.Transaction,
              notification,
              channels,
              now,
            );
          }
        },
      });
      if (!escalated) {
        summary.skipped += 1;
        return;
      }
      summary.escalated += 1;
    }
  }

  /**
   * The recipients of a level at `now`: users and groups as they are, a
   * schedule as whoever is on call on it then. `described` says it for the
   * timeline, e.g. `schedule platform-ops: user:default/dave`.
   */
  private async resolveTargets(
    targets: string[],
    now: Date,
    onCall: Map<string, Promise<OnCallSlot | undefined>>,
  ): Promise<{ recipients: string[]; described: string[] }> {
    const recipients: string[] = [];
    const described: string[] = [];
    for (const target of targets) {
      const name = scheduleNameOf(target);
      if (name === undefined) {
        recipients.push(target);
        described.push(target);
        continue;
      }
      let asked = onCall.get(name);
      if (!asked) {
        asked = (async () => {
          try {
            return await this.options.onCall?.(name, now);
          } catch (error) {
            this.options.logger.error(
              `Could not tell who is on call on schedule ${name}`,
              { error: stringifyError(error) },
            );
            return undefined;
          }
        })();
        onCall.set(name, asked);
      }
      const slot = await asked;
      if (slot?.user) {
        recipients.push(slot.user);
        described.push(`schedule ${name}: ${slot.user}`);
      } else if (slot?.team) {
        // Nobody on call (off duty hours, every member gone): the team.
        recipients.push(slot.team);
        described.push(
          `schedule ${name}: nobody on call, so its team ${slot.team}`,
        );
      } else {
        described.push(`schedule ${name}: nobody on call`);
      }
    }
    return { recipients: [...new Set(recipients)], described };
  }

  private notificationFor(
    incident: Incident,
    policy: EscalationPolicy,
    level: number,
    recipients: string[],
    now: Date,
  ): OpsHealthNotification {
    return {
      // Stable per incident, stay in detection and level: a retried
      // transaction writes the same; a restarted escalation new ones.
      id: `escalation:${incident.id}:${waitingSince(
        incident,
      ).getTime()}:${level}`,
      kind: 'escalation',
      entityRef: incident.entityRef,
      recipients,
      title: `Escalation (level ${levelTitle(
        policy.levels[level - 1],
        level,
      )}, ${policy.name}): ${incident.severity} incident on ${
        incident.entityRef
      } is still unacknowledged`,
      summary: `${incident.title}\nIn detection since ${waitingSince(
        incident,
      ).toISOString()}. Acknowledge it by moving it to assessment.`,
      severity: 'critical',
      link: incidentPagePath(incident),
      alerts: [],
      scope: `ops-health-incident:${incident.id}`,
      createdAt: now.toISOString(),
    };
  }
}
