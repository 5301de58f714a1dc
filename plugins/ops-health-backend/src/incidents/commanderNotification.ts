import { Knex } from 'knex';
import { incidentPagePath } from '@ops-health/backstage-plugin-ops-health-common';
import {
  NotificationSeverity,
  OpsHealthNotification,
} from '../notifications/types';
import { NotificationOutbox } from '../notifications/outbox/OutboxStore';
import { Incident } from './IncidentStore';
import { IncidentSeverity } from './workflow';

const NOTIFICATION_SEVERITY: Record<IncidentSeverity, NotificationSeverity> = {
  SEV1: 'critical',
  SEV2: 'critical',
  SEV3: 'warning',
  SEV4: 'info',
};

/**
 * The message telling a user that someone handed them command of an
 * incident: to them alone, as urgent as the incident, linking to its page.
 *
 * @internal
 */
export function commanderNotification(options: {
  /** The incident after the change. */
  incident: Incident;
  actor: string;
  note?: string;
  now: Date;
}): OpsHealthNotification {
  const { incident, actor, note, now } = options;
  const commander = incident.commander!;
  return {
    // One per change of the incident: a retried transaction writes the same.
    id: `command:${incident.id}:${incident.version}`,
    kind: 'command',
    entityRef: incident.entityRef,
    recipients: [commander],
    title: `You lead the ${incident.severity} incident on ${incident.entityRef}: ${incident.title}`,
    summary: [
      `${actor} handed command of this incident to ${commander}; it is in ${incident.phase}.`,
      ...(note?.trim() ? [note.trim()] : []),
    ].join('\n'),
    severity: NOTIFICATION_SEVERITY[incident.severity],
    link: incidentPagePath(incident),
    alerts: [],
    scope: `ops-health-incident-command:${incident.id}`,
    createdAt: now.toISOString(),
  };
}

/**
 * The IncidentService's `notifyCommander`: writes the message to the outbox
 * in the transaction of the change, for the channels that take it.
 *
 * @internal
 */
export function createCommanderNotifier(options: {
  outbox: NotificationOutbox;
  channelsFor: (notification: OpsHealthNotification) => string[];
  now?: () => Date;
}) {
  return async (
    tx: Knex.Transaction,
    change: { incident: Incident; actor: string; note?: string },
  ): Promise<void> => {
    const now = options.now?.() ?? new Date();
    const notification = commanderNotification({
      ...change,
      now,
    });
    const channels = options.channelsFor(notification);
    if (channels.length > 0) {
      await options.outbox.enqueue(tx, notification, channels, now);
    }
  };
}
