import {
  checkTitle,
  entityNameOf,
  checkSectionPath,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  NotificationAlert,
  NotificationSeverity,
  OpsHealthNotification,
} from '../notifications/types';
import { Alert, ALERT_SEVERITY_RANK } from './types';

/** Firing before resolved, then the worst first, then by dedup key. */
function compareAlerts(a: Alert, b: Alert): number {
  const open = (x: Alert) => (x.state === 'resolved' ? 1 : 0);
  return (
    open(a) - open(b) ||
    ALERT_SEVERITY_RANK[b.severity] - ALERT_SEVERITY_RANK[a.severity] ||
    a.dedupKey.localeCompare(b.dedupKey)
  );
}

function what(alert: Alert): string {
  return `${checkTitle(alert.checkId)}${
    alert.subject ? ` (${alert.subject})` : ''
  }`;
}

function summaryLine(alert: Alert): string {
  const label =
    alert.state === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase();
  return `[${label}] ${what(alert)}: ${alert.headline}`;
}

/**
 * One message about alerts of one entity.
 *
 * @internal
 */
export function composeNotification(input: {
  id: string;
  kind: 'firing' | 'resolved' | 'repeat';
  entityRef: string;
  alerts: Alert[];
  recipients: string[];
  now: Date;
  runbookUrl?: (alert: Alert) => string | undefined;
}): OpsHealthNotification {
  const alerts = [...input.alerts].sort(compareAlerts);
  const firing = alerts.filter(a => a.state !== 'resolved').length;
  const resolved = alerts.length - firing;
  const name = entityNameOf(input.entityRef);

  // The title says what is wrong: the worst firing alert's headline, and
  // how many more there are.
  const [first] = alerts;
  const more = (n: number) => (n > 1 ? ` (+${n - 1} more)` : '');
  let title: string;
  if (firing === 0) {
    title = `${name} · ${what(first)} resolved${more(resolved)}`;
  } else {
    title = `${name} · ${what(first)}: ${first.headline}${more(firing)}${
      input.kind === 'repeat' ? ', still firing' : ''
    }${resolved ? `; ${resolved} resolved` : ''}`;
  }

  const worst = alerts.reduce<Alert['severity']>(
    (w, a) =>
      ALERT_SEVERITY_RANK[a.severity] > ALERT_SEVERITY_RANK[w] ? a.severity : w,
    'warning',
  );

  const notificationAlerts: NotificationAlert[] = alerts.map(a => {
    const runbookUrl = input.runbookUrl?.(a);
    return {
      dedupKey: a.dedupKey,
      checkId: a.checkId,
      subject: a.subject,
      status: a.state === 'resolved' ? 'resolved' : 'firing',
      severity: a.severity,
      ...(a.value !== undefined ? { value: a.value } : {}),
      ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
      ...(a.unit !== undefined ? { unit: a.unit } : {}),
      headline: a.headline,
      message: a.message,
      ...(runbookUrl ? { runbookUrl } : {}),
      firstSeen: a.firstSeen.toISOString(),
      lastSeen: a.lastSeen.toISOString(),
    };
  });

  return {
    id: input.id,
    kind: input.kind,
    entityRef: input.entityRef,
    recipients: input.recipients,
    title,
    summary: alerts.map(summaryLine).join('\n'),
    severity: worst as NotificationSeverity,
    // Relative: the portal opens it in place, on the Operations tab at the
    // section of the worst alert's check; the channels that leave the portal
    // make it absolute with app.baseUrl.
    link: checkSectionPath(input.entityRef, first.checkId),
    alerts: notificationAlerts,
    scope: alerts.length === 1 ? alerts[0].dedupKey : input.entityRef,
    createdAt: input.now.toISOString(),
  };
}
