import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { opsHealthClockServiceRef } from '@ops-health/backstage-plugin-ops-health-node';
import request from 'supertest';
import { opsHealthPlugin } from '..';
import { demoCatalog } from '../__testUtils__/demoCatalog';

jest.setTimeout(60_000);

const API = '/api/ops-health';
const GUEST = 'user:default/guest';
const CAROL = 'user:default/carol-cto';
const ALICE = 'user:default/alice-oncall';
const DAVE = 'user:default/dave-oncall';
const TEAM = 'group:default/platform-ops';
// Wednesday of Alice's fifth week (weeks count from Monday 2 November).
const NOW = new Date('2026-12-02T10:00:00Z');

const config = {
  app: { baseUrl: 'https://portal.example.com' },
  opsHealth: {
    schedules: [
      {
        name: 'platform-ops',
        title: 'Platform Operations on call',
        team: TEAM,
        timeZone: 'Europe/Berlin',
        members: [ALICE, DAVE],
        rotation: 'weekly',
        handoffDay: 'monday',
        handoffTime: '09:00',
        start: '2026-11-02',
        overrides: [
          { from: '2026-12-24T18:00', to: '2026-12-27T09:00', user: DAVE },
        ],
      },
      {
        // One member, on call since September: no hand-off in the view.
        name: 'security-on-call',
        team: 'group:default/engineering',
        timeZone: 'Europe/Berlin',
        members: [CAROL],
        rotation: 'weekly',
        handoffDay: 'monday',
        handoffTime: '09:00',
        start: '2026-09-07',
      },
    ],
    // Escalation notifies its targets through the channels.
    notifications: { channels: [{ name: 'inbox', type: 'backstage' }] },
    escalation: {
      policies: [
        {
          name: 'platform',
          levels: [
            { targets: ['schedule:platform-ops'], delay: '5m' },
            { targets: ['user:default/bob-manager'], delay: '15m' },
          ],
        },
      ],
    },
  },
};

async function start() {
  const actions = actionsRegistryServiceMock();
  const entities = demoCatalog();
  const { server } = await startTestBackend({
    features: [
      opsHealthPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({ data: config }),
      createServiceFactory({
        service: opsHealthClockServiceRef,
        deps: {},
        factory: () => ({ now: () => NOW }),
      }),
      // Ownership as sign-in resolves it: the user and their groups.
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            const user = entities.find(
              e => `user:default/${e.metadata.name}` === ref,
            );
            const groups = ((user?.spec?.memberOf as string[]) ?? []).map(
              g => `group:default/${g}`,
            );
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...groups],
            };
          },
        }),
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actions,
      }),
    ],
  });
  const as = (ref: string) => mockCredentials.user.header(ref);
  return { server, actions, as };
}

describe('on-call schedule API', () => {
  it('shows who is on call now and next, to signed-in users only', async () => {
    const { server, as } = await start();
    const anonymous = await request(server)
      .get(`${API}/schedules`)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);

    const res = await request(server)
      .get(`${API}/schedules`)
      .set('Authorization', as(CAROL));
    expect(res.status).toBe(200);
    const [schedule] = res.body.items;
    expect(schedule).toMatchObject({
      name: 'platform-ops',
      title: 'Platform Operations on call',
      timeZone: 'Europe/Berlin',
      layers: [
        {
          rotation: 'weekly',
          handoff: 'Monday 09:00 Europe/Berlin',
          members: [
            {
              entityRef: ALICE,
              displayName: 'Alice Moreau (on-call engineer)',
            },
            { entityRef: DAVE, displayName: 'Dave Okafor (on-call engineer)' },
          ],
        },
      ],
      current: {
        person: { entityRef: ALICE },
        // The shift began at Monday's hand-off, before now.
        from: '2026-11-30T08:00:00.000Z',
        to: '2026-12-07T08:00:00.000Z',
      },
      next: {
        person: { entityRef: DAVE },
        from: '2026-12-07T08:00:00.000Z',
      },
      missing: [],
    });
    // Every shift shown ends at a hand-off (the schedule is read a week
    // past the view): none is open-ended.
    expect(schedule.shifts.filter((x: any) => x.openEnded)).toEqual([]);
    // And each began at a hand-off the schedule shows.
    expect(schedule.shifts.filter((x: any) => x.openStart)).toEqual([]);

    // A shift that began before the schedule was read (8 days back) says
    // so, instead of passing that instant off as its hand-off.
    const security = res.body.items.find(
      (x: any) => x.name === 'security-on-call',
    );
    expect(security.current).toEqual(
      expect.objectContaining({
        person: expect.objectContaining({ entityRef: CAROL }),
        from: '2026-11-24T10:00:00.000Z',
        openStart: true,
        openEnded: true,
      }),
    );
    expect(schedule.overrides).toEqual([
      expect.objectContaining({
        id: 'config:0',
        source: 'config',
        from: '2026-12-24T17:00:00.000Z',
      }),
    ]);
    const bad = await request(server)
      .get(`${API}/schedules/nope`)
      .set('Authorization', as(CAROL));
    expect(bad.status).toBe(404);
    expect(bad.body.error.message).toBe(
      "No on-call schedule named 'nope'; configured: platform-ops, security-on-call",
    );
  });

  it("says who takes over next: a person's back-to-back shifts are one stretch on call", async () => {
    const { server, as } = await start();
    const take = (from: string, to: string) =>
      request(server)
        .post(`${API}/schedules/platform-ops/overrides`)
        .set('Authorization', as(GUEST))
        .send({ from, to });
    // Two overrides end to end from now: in the list two shifts, on call
    // now one stretch that ends when Alice's turn resumes.
    const first = await take('2026-12-02T10:00:00Z', '2026-12-02T20:00:00Z');
    expect(first.status).toBe(201);
    const second = await take('2026-12-02T20:00:00Z', '2026-12-03T08:00:00Z');
    expect(second.status).toBe(201);
    const view = await request(server)
      .get(`${API}/schedules/platform-ops?days=10`)
      .set('Authorization', as(CAROL));
    expect(
      view.body.shifts
        .slice(0, 3)
        .map((s: any) => [s.person.entityRef, s.from, s.to]),
    ).toEqual([
      [GUEST, '2026-12-02T10:00:00.000Z', '2026-12-02T20:00:00.000Z'],
      [GUEST, '2026-12-02T20:00:00.000Z', '2026-12-03T08:00:00.000Z'],
      [ALICE, '2026-12-03T08:00:00.000Z', '2026-12-07T08:00:00.000Z'],
    ]);
    expect(view.body.current).toMatchObject({
      person: { entityRef: GUEST },
      from: '2026-12-02T10:00:00.000Z',
      to: '2026-12-03T08:00:00.000Z',
    });
    expect(view.body.next).toMatchObject({
      person: { entityRef: ALICE },
      from: '2026-12-03T08:00:00.000Z',
      to: '2026-12-07T08:00:00.000Z',
    });
  });

  it('lets a team member take a shift and give it back; others and bad times are refused with the reason', async () => {
    const { server, as } = await start();
    const post = (who: string, body: object) =>
      request(server)
        .post(`${API}/schedules/platform-ops/overrides`)
        .set('Authorization', as(who))
        .send(body);

    const taken = await post(GUEST, {
      from: '2026-12-08T08:00:00Z',
      to: '2026-12-09T08:00:00Z',
      note: 'I take Tuesday',
    });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({
      person: { entityRef: GUEST },
      source: 'portal',
      createdBy: GUEST,
      note: 'I take Tuesday',
    });
    // The same shift again (a double click): refused, not a second one.
    const again = await post(GUEST, {
      from: '2026-12-08T12:00:00Z',
      to: '2026-12-09T08:00:00Z',
    });
    expect([again.status, again.body.error.message]).toEqual([
      409,
      `You already hold this shift: your override ${taken.body.id} covers 2026-12-08T08:00:00.000Z to 2026-12-09T08:00:00.000Z, so there is nothing to add`,
    ]);
    const view = await request(server)
      .get(`${API}/schedules/platform-ops?days=10`)
      .set('Authorization', as(CAROL));
    // The last shift runs to its hand-off, past the ten days asked for.
    expect(view.body.shifts.at(-1).to).toBe('2026-12-14T08:00:00.000Z');
    expect(
      view.body.shifts.map((s: any) => [s.person.entityRef, s.from]),
    ).toEqual([
      [ALICE, '2026-11-30T08:00:00.000Z'],
      [DAVE, '2026-12-07T08:00:00.000Z'],
      [GUEST, '2026-12-08T08:00:00.000Z'],
      [DAVE, '2026-12-09T08:00:00.000Z'],
    ]);

    const outsider = await post(CAROL, {
      from: '2026-12-08T08:00:00Z',
      to: '2026-12-09T08:00:00Z',
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toContain(
      `only members of ${TEAM} and of its rotation are`,
    );
    for (const [body, message] of [
      [
        { from: 'Tuesday', to: '2026-12-09T08:00:00Z' },
        "from must be a date and time with an offset, e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00; got 'Tuesday'",
      ],
      [
        { from: '2026-11-30T08:00:00Z', to: '2026-12-01T08:00:00Z' },
        'The shift ends in the past',
      ],
      [
        { from: '2026-12-08T08:00:00Z', to: '2027-02-08T08:00:00Z' },
        'lasts at most 31 days',
      ],
      [
        // 32 days of Berlin's calendar, 767 hours across the clock change
        { from: '2027-10-01T09:00:00+02:00', to: '2027-11-02T09:00:00+01:00' },
        'lasts at most 31 days',
      ],
      // Days that do not exist are refused, not moved into the next month.
      [
        { from: '2027-02-29T08:00:00Z', to: '2027-03-02T08:00:00Z' },
        "from '2027-02-29T08:00:00Z' is not a date and time that exists",
      ],
      [
        { from: '2027-04-30T08:00:00+02:00', to: '2027-04-31T08:00:00+02:00' },
        "to '2027-04-31T08:00:00+02:00' is not a date and time that exists",
      ],
      // An offset nowhere uses: luxon would read it as 23 hours.
      [
        { from: '2026-12-08T08:00:00+23:00', to: '2026-12-09T08:00:00Z' },
        "from '2026-12-08T08:00:00+23:00' has an offset outside -12:00 … +14:00",
      ],
    ] as const) {
      const res = await post(GUEST, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    expect(
      (
        await request(server)
          .post(`${API}/schedules/platform-ops/overrides`)
          .set('Authorization', mockCredentials.none.header())
          .send({ from: '2026-12-08T08:00:00Z', to: '2026-12-09T08:00:00Z' })
      ).status,
    ).toBe(401);

    // Only who took a shift gives it back.
    const colleague = await request(server)
      .delete(`${API}/schedules/platform-ops/overrides/${taken.body.id}`)
      .set('Authorization', as(ALICE));
    expect(colleague.status).toBe(403);
    expect(colleague.body.error.message).toBe(
      `Override ${taken.body.id} was taken by ${GUEST}; only they can give it back`,
    );
    // Taken from a moment ago: it starts now.
    const fromThePast = await post(GUEST, {
      from: '2026-12-02T06:00:00Z',
      to: '2026-12-02T18:00:00Z',
    });
    expect(fromThePast.status).toBe(201);
    expect(fromThePast.body.from).toBe(NOW.toISOString());
    // Its length counts from now: begun a year ago, it is a day long.
    const longAgo = await post(GUEST, {
      from: '2025-12-02T10:00:00Z',
      to: '2026-12-03T10:00:00Z',
    });
    expect(longAgo.body.error?.message).toBeUndefined();
    expect(longAgo.body.from).toBe(NOW.toISOString());
    // Days that do not exist, written the way people write them (with
    // spaces around), are refused for what they are.
    const thirtieth = await post(GUEST, {
      from: ' 2027-02-30T08:00:00Z ',
      to: '2027-03-01T08:00:00Z',
    });
    expect(thirtieth.body.error.message).toContain(
      "from ' 2027-02-30T08:00:00Z ' is not a date and time that exists",
    );

    // A month of Berlin's calendar across the autumn clock change (745
    // hours) is 31 days.
    for (const body of [
      { from: '2027-10-01T09:00:00+02:00', to: '2027-11-01T09:00:00+01:00' },
    ]) {
      const month = await post(GUEST, body);
      expect(month.body.error?.message).toBeUndefined();
      expect(month.status).toBe(201);
      expect(
        (
          await request(server)
            .delete(`${API}/schedules/platform-ops/overrides/${month.body.id}`)
            .set('Authorization', as(GUEST))
        ).status,
      ).toBe(204);
    }

    const configured = await request(server)
      .delete(`${API}/schedules/platform-ops/overrides/config:0`)
      .set('Authorization', as(GUEST));
    expect(configured.status).toBe(409);
    expect(configured.body.error.message).toBe(
      "Override config:0 is configured in opsHealth.schedules (platform-ops's overrides[0]); remove it from the config",
    );
    // An id no configured override has is not found, whatever its prefix.
    const unknown = await request(server)
      .delete(`${API}/schedules/platform-ops/overrides/config:whatever`)
      .set('Authorization', as(GUEST));
    expect(unknown.status).toBe(404);
    const removed = await request(server)
      .delete(`${API}/schedules/platform-ops/overrides/${taken.body.id}`)
      .set('Authorization', as(GUEST));
    expect(removed.status).toBe(204);
  });

  it('puts who is on call on the contacts, the escalation level and the get-entity-health action', async () => {
    const { server, as, actions } = await start();
    const contacts = await request(server)
      .get(`${API}/entities/component/default/checkout-service/contacts`)
      .set('Authorization', as(CAROL));
    expect(contacts.status).toBe(200);
    expect(contacts.body.escalation.levels[0].targets).toEqual([
      {
        entityRef: 'schedule:platform-ops',
        kind: 'schedule',
        displayName: 'Platform Operations on call',
      },
    ]);
    expect(contacts.body.onCall).toEqual([
      expect.objectContaining({
        name: 'platform-ops',
        current: expect.objectContaining({
          person: expect.objectContaining({ entityRef: ALICE }),
          to: '2026-12-07T08:00:00.000Z',
        }),
        next: expect.objectContaining({
          person: expect.objectContaining({ entityRef: DAVE }),
        }),
      }),
    ]);

    const health = await actions.invoke({
      id: 'test:get-entity-health',
      input: { entityRef: 'component:default/checkout-service' },
      credentials: mockCredentials.user(CAROL),
    });
    expect((health.output as any).onCall).toEqual([
      {
        schedule: 'platform-ops',
        now: {
          user: ALICE,
          name: 'Alice Moreau (on-call engineer)',
          until: '2026-12-07T08:00:00.000Z',
        },
        next: {
          user: DAVE,
          name: 'Dave Okafor (on-call engineer)',
          from: '2026-12-07T08:00:00.000Z',
        },
        skippedMembers: [],
      },
    ]);
  });

  it('refuses a damaged acknowledge link with its reason, and a caller without credentials', async () => {
    const { server, as } = await start();
    const res = await request(server)
      .post(`${API}/acknowledge`)
      .set('Authorization', as(ALICE))
      .send({ token: 'eyJ2IjoxfQ.c2lnbmF0dXJl' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      reason: 'tampered',
      error: {
        name: 'InputError',
        message: expect.stringContaining(
          'damaged or was not issued by this portal',
        ),
      },
    });
    // As Backstage's error handler writes it: no stack for the caller.
    expect(res.body.error.stack).toBeUndefined();
    expect(
      (
        await request(server)
          .post(`${API}/acknowledge`)
          .set('Authorization', mockCredentials.none.header())
          .send({ token: 'x.y' })
      ).status,
    ).toBe(401);
  });
});
