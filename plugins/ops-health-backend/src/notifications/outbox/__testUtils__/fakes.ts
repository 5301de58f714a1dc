import {
  DeliveryContext,
  NotificationChannel,
  NotificationSeverity,
  OpsHealthNotification,
} from '../../types';

/** A notification as the alert engine would enqueue it. */
export function makeNotification(
  id: string,
  overrides: Partial<OpsHealthNotification> = {},
): OpsHealthNotification {
  return {
    id,
    kind: 'firing',
    entityRef: 'component:default/media',
    recipients: ['group:default/ops'],
    title: 'media: 1 alert firing',
    summary: 'replication lag 900 s > 600 s',
    severity: 'critical',
    link: 'https://portal.example.com/catalog/default/component/media',
    alerts: [
      {
        dedupKey: 'component:default/media|s3-replication|media-bucket',
        checkId: 's3-replication',
        subject: 'media-bucket',
        status: 'firing',
        severity: 'critical',
        value: 900,
        threshold: 600,
        unit: 's',
        message: 'replication lag 900 s > 600 s',
        firstSeen: '2026-11-26T09:50:00.000Z',
        lastSeen: '2026-11-26T10:00:00.000Z',
      },
    ],
    createdAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

export interface FakeCall {
  notificationId: string;
  idempotencyKey: string;
  attempt: number;
}

/** An in-memory channel that records every call; `behavior` may throw. */
export class FakeChannel implements NotificationChannel {
  readonly type = 'webhook' as const;
  readonly minSeverity: NotificationSeverity = 'info';
  readonly calls: FakeCall[] = [];

  constructor(
    readonly name: string,
    private readonly behavior: (
      call: FakeCall,
      context: DeliveryContext,
    ) => void | Promise<void> = () => {},
  ) {}

  destination(): string {
    return `the fake channel ${this.name}`;
  }

  async deliver(
    notification: OpsHealthNotification,
    context: DeliveryContext,
  ): Promise<void> {
    const call = {
      notificationId: notification.id,
      idempotencyKey: context.idempotencyKey,
      attempt: context.attempt,
    };
    this.calls.push(call);
    await this.behavior(call, context);
  }

  /** Calls per idempotency key. */
  callsPerKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.calls) {
      counts.set(
        call.idempotencyKey,
        (counts.get(call.idempotencyKey) ?? 0) + 1,
      );
    }
    return counts;
  }
}

/** A clock the test moves by hand. */
export function manualClock(start: Date) {
  let time = start.getTime();
  return {
    now: () => new Date(time),
    set: (date: Date) => {
      time = date.getTime();
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}
