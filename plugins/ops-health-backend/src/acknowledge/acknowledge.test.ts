import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { getMigratedClient } from '../database/migrations';
import { readEscalationConfig } from '../escalation/config';
import { EscalationEngine } from '../escalation/EscalationEngine';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { BackstageChannel } from '../notifications/channels/BackstageChannel';
import {
  DatabaseOutboxStore,
  NotificationDispatcher,
} from '../notifications/outbox';
import { readSchedulesConfig } from '../schedules/config';
import { ScheduleService } from '../schedules/ScheduleService';
import { AcknowledgeLinks } from './AcknowledgeLinks';
import { createAcknowledgePreparer } from './createAcknowledgePreparer';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const ALICE = 'user:default/alice';
const DAVE = 'user:default/dave';
const MALLORY = 'user:default/mallory';
const TEAM = 'group:default/platform-ops';
const ENTITY = 'component:default/checkout';

const user = (name: string, displayName: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { profile: { displayName }, memberOf: ['platform-ops'] },
  // As the catalog's processing adds them.
  relations: [{ type: 'memberOf', targetRef: TEAM }],
});
const baseEntities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout' },
    spec: { type: 'service', owner: TEAM, lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-ops' },
    spec: { type: 'team', children: [] },
  },
  user('alice', 'Alice'),
  user('mallory', 'Mallory'),
];

const config = new ConfigReader({
  opsHealth: {
    schedules: [
      {
        name: 'platform-ops',
        team: TEAM,
        timeZone: 'Europe/Berlin',
        members: [ALICE, DAVE],
        rotation: 'weekly',
        handoffDay: 'monday',
        handoffTime: '09:00',
        start: '2026-11-02',
      },
    ],
    escalation: {
      policies: [
        {
          name: 'platform',
          levels: [{ targets: ['schedule:platform-ops'], delay: '5m' }],
        },
      ],
    },
  },
});

// Tuesday of Dave's week (shift 1: Monday 2026-11-09 09:00 Berlin).
const DETECTED = new Date('2026-11-10T10:00:00Z');
const SIX_MINUTES_LATER = new Date('2026-11-10T10:06:00Z');

describe.each(databases.eachSupportedId())(
  'on-call schedules and acknowledge links on %p',
  databaseId => {
    async function setup(
      options: {
        dave?: boolean;
        alice?: boolean;
        permission?: AuthorizeResult;
      } = {},
    ) {
      let now = DETECTED;
      const clock = () => now;
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const entities = [
        ...baseEntities.filter(
          e => options.alice !== false || e.metadata.name !== 'alice',
        ),
        ...(options.dave === false ? [] : [user('dave', 'Dave')]),
      ];
      const catalog = catalogServiceMock({ entities });
      const auth = mockServices.auth();
      const auditor = mockServices.auditor.mock();
      const userInfo: UserInfoService = {
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: ref === MALLORY ? [ref] : [ref, TEAM],
          };
        },
      };
      const incidents = await DatabaseIncidentStore.create({ database });
      const outbox = await DatabaseOutboxStore.create({ database });
      const schedules = new ScheduleService({
        schedules: readSchedulesConfig(config),
        db: await getMigratedClient(database),
        catalog,
        auth,
        permissions: mockServices.permissions({
          result:
            options.permission === AuthorizeResult.DENY
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
        auditor,
        userInfo,
        now: clock,
      });
      const escalationConfig = readEscalationConfig(config);
      const escalation = new EscalationEngine({
        incidents,
        outbox,
        logger: mockServices.logger.mock(),
        policy: name => escalationConfig.policies.get(name),
        channelsFor: () => ['inbox'],
        onCall: (name, at) => schedules.onCall(name, at),
      });
      const links = new AcknowledgeLinks({
        db: await getMigratedClient(database),
        incidents,
        auditor,
        logger: mockServices.logger.mock(),
        now: clock,
        ttlMs: 12 * 3_600_000,
        appBaseUrl: 'https://portal.example.com',
      });
      const sent: Parameters<NotificationService['send']>[0][] = [];
      const dispatcher = NotificationDispatcher.create({
        store: outbox,
        channels: [
          new BackstageChannel({
            name: 'inbox',
            minSeverity: 'info',
            notifications: {
              send: async message => {
                sent.push(message);
              },
            },
          }),
        ],
        logger: mockServices.logger.mock(),
        now: clock,
        prepare: createAcknowledgePreparer({
          links,
          incidents,
          catalog,
          auth,
        }),
      });
      const incident = await incidents.create({
        entityRef: ENTITY,
        title: 'Checkout returns 502',
        severity: 'SEV1',
        createdBy: 'ops-health',
        escalationPolicy: 'platform',
        now: DETECTED,
      });
      const as = (ref: string) => ({
        credentials: mockCredentials.user(ref),
      });
      /** Escalates six minutes after detection and delivers the page. */
      async function page() {
        now = SIX_MINUTES_LATER;
        await escalation.run(now);
        await dispatcher.runOnce();
        return sent;
      }
      const tokenOf = (link: string | undefined) =>
        decodeURIComponent(new URL(link!).searchParams.get('token')!);
      const auditFailures = async () =>
        Promise.all(
          auditor.createEvent.mock.results.map(async r => {
            const event = await r.value;
            return event.fail.mock.calls.map(
              (c: any[]) => c[0].meta?.reason ?? c[0].error.message,
            );
          }),
        ).then(all => all.flat());
      return {
        knex,
        incidents,
        incident,
        schedules,
        links,
        auditor,
        as,
        page,
        tokenOf,
        auditFailures,
        setNow: (d: Date) => {
          now = d;
        },
      };
    }

    it('pages whoever is on call, and their link acknowledges the incident in one click, once', async () => {
      const t = await setup();
      const sent = await t.page();
      // Dave is on call this week: the page goes to him alone, with his link.
      expect(sent).toHaveLength(1);
      expect(sent[0].recipients).toEqual({ type: 'entity', entityRef: [DAVE] });
      const link = sent[0].payload.link!;
      expect(link).toMatch(
        /^https:\/\/portal\.example\.com\/ops-health\/acknowledge\?token=/,
      );
      expect(sent[0].payload.description).toContain('works once, for you only');

      const result = await t.links.acknowledge(t.as(DAVE), t.tokenOf(link));
      expect(result.acknowledged).toBe(true);
      const after = await t.incidents.get(t.incident.id);
      expect(after?.phase).toBe('assessment');
      expect(after?.events.at(-1)).toMatchObject({
        type: 'phase-changed',
        fromPhase: 'detection',
        toPhase: 'assessment',
        actor: DAVE,
        note: 'Acknowledged from the link in the notification',
      });

      // The same link again (reloaded, opened twice): what the incident is
      // now, acknowledged by Dave, and nothing changes.
      await expect(
        t.links.acknowledge(t.as(DAVE), t.tokenOf(link)),
      ).resolves.toMatchObject({
        acknowledged: false,
        alreadyBy: DAVE,
        incident: { phase: 'assessment' },
      });
      expect((await t.incidents.get(t.incident.id))?.version).toBe(
        after?.version,
      );
      expect(await t.auditFailures()).toEqual([]);
    });

    it('refuses a link used by someone else, an expired one and a tampered one, each audited; the recipient can still use theirs', async () => {
      const t = await setup();
      const [message] = await t.page();
      const token = t.tokenOf(message.payload.link);

      await expect(
        t.links.acknowledge(t.as(ALICE), token),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        reason: 'wrong-recipient',
        message: expect.stringContaining(
          `sent to ${DAVE}, and you are signed in as ${ALICE}`,
        ),
      });

      const [payload, signature] = token.split('.');
      const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
      forged.rcp = ALICE;
      const tampered = [
        `${Buffer.from(JSON.stringify(forged)).toString(
          'base64url',
        )}.${signature}`,
        `${payload}.${signature.slice(0, -2)}AA`,
        `${payload}`,
        'not a token',
      ];
      for (const bad of tampered) {
        await expect(
          t.links.acknowledge(t.as(ALICE), bad),
        ).rejects.toMatchObject({ name: 'InputError', reason: 'tampered' });
      }
      // Signed with another key: another portal's link.
      const other = new AcknowledgeLinks({
        db: (t.links as any).options.db,
        incidents: t.incidents,
        auditor: t.auditor,
        logger: mockServices.logger.mock(),
        now: () => SIX_MINUTES_LATER,
        ttlMs: 3_600_000,
        secret: 'another portal, another key of 32+ characters',
      });
      const foreign = await other.linkFor({
        incidentId: t.incident.id,
        recipient: DAVE,
        notificationId: 'n',
        sentAt: SIX_MINUTES_LATER,
      });
      await expect(
        t.links.acknowledge(t.as(DAVE), t.tokenOf(`https://x${foreign}`)),
      ).rejects.toMatchObject({ reason: 'tampered' });

      // Thirteen hours later the 12-hour link has expired.
      t.setNow(new Date('2026-11-10T23:07:00Z'));
      await expect(
        t.links.acknowledge(t.as(DAVE), token),
      ).rejects.toMatchObject({ name: 'NotAllowedError', reason: 'expired' });

      expect(await t.auditFailures()).toEqual([
        'wrong-recipient',
        'tampered',
        'tampered',
        'tampered',
        'tampered',
        'tampered',
        'expired',
      ]);
      expect((await t.incidents.get(t.incident.id))?.phase).toBe('detection');

      // Before expiry, the refusals above used nothing up.
      t.setNow(new Date('2026-11-10T11:00:00Z'));
      await expect(
        t.links.acknowledge(t.as(DAVE), token),
      ).resolves.toMatchObject({ acknowledged: true });
    });

    it('pages the team member who took the shift from the portal; outsiders and denied callers cannot take one', async () => {
      const t = await setup();
      await expect(
        t.schedules.addOverride(t.as(MALLORY), 'platform-ops', {
          from: '2026-11-10T00:00:00Z',
          to: '2026-11-11T00:00:00Z',
        }),
      ).rejects.toThrow(`only members of ${TEAM} and of its rotation are`);
      await expect(
        t.schedules.addOverride(t.as(ALICE), 'platform-ops', {
          from: '2026-11-11T00:00:00Z',
          to: '2026-11-10T00:00:00Z',
        }),
      ).rejects.toThrow(
        "'to' (2026-11-10T00:00:00Z) must be after 'from' (2026-11-11T00:00:00Z)",
      );
      const override = await t.schedules.addOverride(
        t.as(ALICE),
        'platform-ops',
        {
          from: '2026-11-10T00:00:00Z',
          to: '2026-11-11T00:00:00Z',
          note: 'I take Tuesday',
        },
      );
      const outcomes = await Promise.all(
        t.auditor.createEvent.mock.calls.map(async (call, i) => {
          const event = await t.auditor.createEvent.mock.results[i].value;
          return [
            call[0].eventId,
            call[0].meta?.actor,
            event.fail.mock.calls.length ? 'fail' : 'success',
          ];
        }),
      );
      expect(outcomes).toEqual([
        ['schedule-override', MALLORY, 'fail'],
        ['schedule-override', ALICE, 'fail'],
        ['schedule-override', ALICE, 'success'],
      ]);
      expect(override).toMatchObject({
        source: 'portal',
        createdBy: ALICE,
        person: { entityRef: ALICE, displayName: 'Alice' },
      });
      const view = await t.schedules.view('platform-ops', { days: 7 });
      expect(
        view.shifts.map(s => [s.person?.entityRef, s.from, s.overrideId]),
      ).toEqual([
        // Taken from midnight at ten: it starts now.
        [ALICE, '2026-11-10T10:00:00.000Z', override.id],
        [DAVE, '2026-11-11T00:00:00.000Z', undefined],
        [ALICE, '2026-11-16T08:00:00.000Z', undefined],
      ]);

      const [message] = await t.page();
      expect(message.recipients).toEqual({
        type: 'entity',
        entityRef: [ALICE],
      });
      const events = (await t.incidents.get(t.incident.id))!.events;
      expect(events.at(-1)?.note).toContain(`schedule platform-ops: ${ALICE}`);

      const denied = await setup({ permission: AuthorizeResult.DENY });
      await expect(
        denied.schedules.addOverride(denied.as(ALICE), 'platform-ops', {
          from: '2026-11-10T00:00:00Z',
          to: '2026-11-11T00:00:00Z',
        }),
      ).rejects.toThrow('permission ops-health.schedule.override');
    });

    it('skips a member who left the catalog, and the schedule says so', async () => {
      const t = await setup({ dave: false });
      const view = await t.schedules.view('platform-ops', { days: 7 });
      expect(view.missing).toEqual([DAVE]);
      expect(view.current).toMatchObject({
        person: { entityRef: ALICE },
        skipped: [DAVE],
      });
      const [message] = await t.page();
      expect(message.recipients).toEqual({
        type: 'entity',
        entityRef: [ALICE],
      });
    });

    it('pages the schedule team when nobody is on call', async () => {
      const t = await setup({ dave: false, alice: false });
      const sent = await t.page();
      // The team's members in the catalog (Mallory) get the page, each with
      // a link of their own.
      expect(sent.map(m => m.recipients)).toEqual([
        { type: 'entity', entityRef: [MALLORY] },
      ]);
      expect(
        (await t.incidents.get(t.incident.id))!.events.at(-1)?.note,
      ).toContain(`schedule platform-ops: nobody on call, so its team ${TEAM}`);
    });

    it('leaves the link good when acknowledging fails, so its recipient can try again', async () => {
      const t = await setup();
      const [message] = await t.page();
      const token = t.tokenOf(message.payload.link);
      jest
        .spyOn(t.incidents, 'transition')
        .mockRejectedValueOnce(new Error('database went away'));
      await expect(t.links.acknowledge(t.as(DAVE), token)).rejects.toThrow(
        'database went away',
      );
      await expect(
        t.links.acknowledge(t.as(DAVE), token),
      ).resolves.toMatchObject({ acknowledged: true });
    });

    it('uses the link in the transaction that acknowledges: a crash before it commits leaves the link good', async () => {
      const t = await setup();
      const [message] = await t.page();
      const token = t.tokenOf(message.payload.link);
      const usedAt = async (db: typeof t.knex) =>
        (await db('ops_health_ack_tokens').first('used_at'))?.used_at ?? null;
      const real = t.incidents.transition.bind(t.incidents);
      let seenOutside: unknown = 'not read';
      jest
        .spyOn(t.incidents, 'transition')
        .mockImplementationOnce((id, options) =>
          real(id, {
            ...options,
            inTransaction: async tx => {
              await options.inTransaction?.(tx);
              // Another connection (PostgreSQL; SQLite has one) does not see
              // the link used before the move commits.
              if (databaseId.startsWith('POSTGRES')) {
                seenOutside = await usedAt(t.knex);
              }
              // The process dies here: nothing after this line runs.
              throw new Error('connection lost before commit');
            },
          }),
        );
      await expect(t.links.acknowledge(t.as(DAVE), token)).rejects.toThrow(
        'connection lost before commit',
      );
      expect(seenOutside).toBe(
        databaseId.startsWith('POSTGRES') ? null : 'not read',
      );
      expect(await usedAt(t.knex)).toBeNull();
      expect((await t.incidents.get(t.incident.id))?.phase).toBe('detection');
      await expect(
        t.links.acknowledge(t.as(DAVE), token),
      ).resolves.toMatchObject({ acknowledged: true });
      expect(await usedAt(t.knex)).not.toBeNull();
    });

    it('acknowledges once when the link is clicked twice at once', async () => {
      const t = await setup();
      const [message] = await t.page();
      const token = t.tokenOf(message.payload.link);
      const outcomes = await Promise.allSettled([
        t.links.acknowledge(t.as(DAVE), token),
        t.links.acknowledge(t.as(DAVE), token),
      ]);
      const seen = outcomes.map(o =>
        o.status === 'fulfilled'
          ? o.value.acknowledged
          : (o.reason as { reason?: string }).reason,
      );
      // One acknowledges; the other is refused as used mid-way, or told
      // that the incident is acknowledged.
      expect(seen.filter(v => v === true)).toHaveLength(1);
      expect([false, 'used']).toContain(seen.find(v => v !== true));
      const events = (await t.incidents.get(t.incident.id))!.events;
      expect(events.filter(e => e.type === 'phase-changed')).toHaveLength(1);
    });

    it('compares the recipient without case, as the catalog does', async () => {
      const t = await setup();
      const [message] = await t.page();
      await expect(
        t.links.acknowledge(
          t.as('user:default/Dave'),
          t.tokenOf(message.payload.link),
        ),
      ).resolves.toMatchObject({ acknowledged: true });
    });
  },
);
