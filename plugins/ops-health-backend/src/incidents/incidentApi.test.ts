import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { opsHealthPlugin } from '..';
import { opsHealthClockServiceRef } from '@ops-health/backstage-plugin-ops-health-node';
import { inertChecksModule } from '../__testUtils__/checksModule';
import { demoCatalog } from '../__testUtils__/demoCatalog';

jest.setTimeout(60_000);

// The demo catalog and organisation: the contacts come from its profiles.
const entities = demoCatalog();

const API = '/api/ops-health';
const ALICE = mockCredentials.user.header('user:default/alice-oncall');
const CHECKOUT = 'component:default/checkout-service';

const config = {
  opsHealth: {
    // Escalation notifies its targets through the channels.
    notifications: { channels: [{ name: 'inbox', type: 'backstage' }] },
    escalation: {
      policies: [
        {
          name: 'platform',
          levels: [
            {
              name: 'On-call engineer',
              targets: ['user:default/alice-oncall'],
              delay: '5m',
            },
            // A level config does not name.
            { targets: ['user:default/bob-manager'], delay: '15m' },
            { targets: ['group:default/engineering'], delay: '30m' },
          ],
        },
      ],
    },
    contacts: {
      primary: { name: 'DevOps team', email: 'devops@company.com' },
    },
    runbook: { defaultUrl: 'https://runbooks.example.com/ops' },
  },
};

async function start(
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    now?: () => Date;
  } = {},
) {
  // One registry instance, so the test can invoke what the plugin registered.
  const actions = actionsRegistryServiceMock();
  // One scheduler instance, so the test can run the incidents task.
  const scheduler = mockServices.scheduler();
  const { server } = await startTestBackend({
    features: [
      opsHealthPlugin,
      // The checks the runbook sections are asked for.
      inertChecksModule(),
      catalogServiceMock.factory({ entities }),
      (scheduler as any).factory({ skipTaskRunOnStartup: true }),
      ...(options.now
        ? [
            createServiceFactory({
              service: opsHealthClockServiceRef,
              deps: {},
              factory: () => ({ now: options.now! }),
            }),
          ]
        : []),
      mockServices.rootConfig.factory({ data: config }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actions,
      }),
    ],
  });
  return {
    server,
    actions,
    runIncidentsTask: () =>
      (scheduler as any).triggerTask('ops-health-incidents') as Promise<void>,
  };
}

describe('incident API', () => {
  it('walks an incident from detection to closed, with every refusal explained', async () => {
    const { server } = await start();
    const post = (url: string, body: object) =>
      request(server)
        .post(`${API}${url}`)
        .set('Authorization', ALICE)
        .send(body);

    const created = await post('/incidents', {
      entityRef: CHECKOUT,
      title: 'Checkout returns 502',
      severity: 'SEV1',
      commander: 'user:default/alice-oncall',
      note: 'Error rate at 30 %',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      entityRef: CHECKOUT,
      phase: 'detection',
      version: 1,
      createdBy: 'user:default/alice-oncall',
      commander: 'user:default/alice-oncall',
      escalationPolicy: 'platform',
      escalationLevel: 0,
    });

    // A version the incident never had is a 409 that says so, and changes
    // nothing (a stale one says someone else changed it, below).
    const stale = await post(`/incidents/${id}/transition`, {
      to: 'assessment',
      version: 7,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(
      `Incident ${id} is at version 1; version 7 was never one of its versions: send the version of the incident as you last read it`,
    );

    // Forward, skipping phases: each phase reached is recorded as reached.
    const contained = await post(`/incidents/${id}/transition`, {
      to: 'containment',
      version: 1,
    });
    expect(contained.status).toBe(200);
    expect(Object.keys(contained.body.phaseReachedAt)).toEqual([
      'detection',
      'assessment',
      'containment',
    ]);

    // The same phase again: 409 naming the allowed moves.
    const same = await post(`/incidents/${id}/transition`, {
      to: 'containment',
      version: 2,
    });
    expect(same.status).toBe(409);
    expect(same.body.error.message).toContain(
      'allowed from containment: forward to eradication, recovery, lessons-learned; back to detection, assessment with a note',
    );

    // Back without a note: refused; with one: recorded.
    expect(
      (
        await post(`/incidents/${id}/transition`, {
          to: 'assessment',
          version: 2,
        })
      ).status,
    ).toBe(409);
    const back = await post(`/incidents/${id}/transition`, {
      to: 'assessment',
      version: 2,
      note: 'The fix did not hold',
    });
    expect(back.status).toBe(200);

    await post(`/incidents/${id}/notes`, { note: 'Rolled back the deploy' });
    const ll = await post(`/incidents/${id}/transition`, {
      to: 'lessons-learned',
      version: 3,
    });
    expect(ll.body.phase).toBe('lessons-learned');

    // Closing needs the post-mortem.
    const early = await post(`/incidents/${id}/transition`, {
      to: 'closed',
      version: 4,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain(
      'missing: summary, impact, rootCause, at least one action item (text, owner and due date), monitoringChanges',
    );
    let details = await request(server)
      .get(`${API}/incidents/${id}`)
      .set('Authorization', ALICE);
    expect(details.body.missingPostmortem).toContain('summary');

    const badDate = await request(server)
      .put(`${API}/incidents/${id}/postmortem`)
      .set('Authorization', ALICE)
      .send({
        version: 4,
        postmortem: {
          actionItems: [{ text: 'x', owner: 'y', dueDate: 'soon' }],
        },
      });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toBe(
      "actionItems[0].dueDate 'soon' is not a date; use YYYY-MM-DD, e.g. 2027-02-28",
    );
    // Days that do not exist, said in words; days no plan has (year 0,
    // one far past any horizon).
    const implausible = (dueDate: string) =>
      expect.stringMatching(
        `^actionItems\\[0\\]\\.dueDate '${dueDate}' is not a date a plan can have: give a day from 2000-01-01 to \\d{4}-\\d{2}-\\d{2} \\(10 years from today\\)$`,
      );
    for (const [dueDate, message] of [
      [
        '2027-02-29',
        "actionItems[0].dueDate '2027-02-29' is not a day of the calendar (February 2027 has 28 days); use YYYY-MM-DD",
      ],
      [
        '2026-02-31',
        "actionItems[0].dueDate '2026-02-31' is not a day of the calendar (February 2026 has 28 days); use YYYY-MM-DD",
      ],
      [
        '2026-13-01',
        "actionItems[0].dueDate '2026-13-01' is not a day of the calendar (there is no month 13); use YYYY-MM-DD",
      ],
      ['0000-01-01', implausible('0000-01-01')],
      ['1999-12-31', implausible('1999-12-31')],
      ['9999-12-31', implausible('9999-12-31')],
    ]) {
      const refused = await request(server)
        .put(`${API}/incidents/${id}/postmortem`)
        .set('Authorization', ALICE)
        .send({
          version: 4,
          postmortem: { actionItems: [{ text: 'x', owner: 'y', dueDate }] },
        });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toEqual(message);
    }

    // Owners are catalog users or groups, not free text.
    for (const [owner, message] of [
      [
        'alice',
        "actionItems[0].owner 'alice' is not a user or group in the catalog (looked for user:default/alice and group:default/alice); use user:default/jane or group:default/team-a",
      ],
      [
        'user:default/alice',
        'actionItems[0].owner user:default/alice is not a user or group in the catalog',
      ],
      [
        'component:default/checkout-service',
        'actionItems[0].owner must be a user or group',
      ],
      ['user:', "actionItems[0].owner 'user:' is not an entity ref"],
    ]) {
      const badOwner = await request(server)
        .put(`${API}/incidents/${id}/postmortem`)
        .set('Authorization', ALICE)
        .send({
          version: 4,
          postmortem: {
            actionItems: [{ text: 'x', owner, dueDate: '2026-12-15' }],
          },
        });
      expect(badOwner.status).toBe(400);
      expect(badOwner.body.error.message).toContain(message);
    }

    const pm = await request(server)
      .put(`${API}/incidents/${id}/postmortem`)
      .set('Authorization', ALICE)
      .send({
        version: 4,
        postmortem: {
          summary: 'A bad deploy broke checkout',
          impact: '**12 minutes** of failed payments',
          rootCause: 'Connection pool too small',
          actionItems: [
            {
              text: 'Load test the pool',
              // A bare name: the group of that name, as the catalog has
              // no user of it (and a user's name the user).
              owner: 'platform-ops',
              dueDate: '2026-12-15',
            },
          ],
          monitoringChanges: 'Alert on 5xx rate above 1 %',
        },
      });
    expect(pm.status).toBe(200);
    expect(pm.body.version).toBe(5);
    expect(pm.body.postmortem.actionItems[0].owner).toBe(
      'group:default/platform-ops',
    );
    // Saving it again unchanged adds nothing to the timeline.
    const again = await request(server)
      .put(`${API}/incidents/${id}/postmortem`)
      .set('Authorization', ALICE)
      .send({ version: 5, postmortem: pm.body.postmortem });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(5);
    const closed = await post(`/incidents/${id}/transition`, {
      to: 'closed',
      version: 5,
    });
    expect(closed.status).toBe(200);

    details = await request(server)
      .get(`${API}/incidents/${id}`)
      .set('Authorization', ALICE);
    expect(
      details.body.events.map((e: any) => [e.type, e.toPhase ?? null]),
    ).toEqual([
      ['created', 'detection'],
      ['note', null],
      // Each move once, the phases it skipped in its data.
      ['phase-changed', 'containment'],
      ['phase-changed', 'assessment'],
      ['note', null],
      ['phase-changed', 'lessons-learned'],
      ['postmortem-updated', null],
      ['phase-changed', 'closed'],
    ]);
    expect(details.body.events[2].data).toEqual({ skipped: ['assessment'] });
    expect(details.body.events[5].data).toEqual({
      skipped: ['containment', 'eradication', 'recovery'],
    });
    expect(details.body.missingPostmortem).toEqual([]);

    // Listing and metrics see it.
    const open = await request(server)
      .get(`${API}/incidents?open=true`)
      .set('Authorization', ALICE);
    expect(open.body.items).toEqual([]);
    // open=false: the closed ones.
    const notOpen = await request(server)
      .get(`${API}/incidents?open=false`)
      .set('Authorization', ALICE);
    expect(notOpen.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    // Both filters: which one was meant is not guessed.
    const both = await request(server)
      .get(`${API}/incidents?phase=closed&open=true`)
      .set('Authorization', ALICE);
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe(
      "Give either 'phase' or 'open', not both: open=true is every phase but closed, open=false only closed",
    );
    // A repeated single-valued parameter, an unescaped reserved character.
    const twice = await request(server)
      .get(`${API}/incidents?entityRef=${CHECKOUT}&entityRef=${CHECKOUT}`)
      .set('Authorization', ALICE);
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe(
      "Query parameter 'entityRef' is given more than once; it takes one value",
    );
    const comma = await request(server)
      .get(`${API}/incidents?phase=closed,detection`)
      .set('Authorization', ALICE);
    expect(comma.status).toBe(400);
    expect(comma.body.error.message).toContain(
      'give several values by repeating the parameter (phase=a&phase=b)',
    );
    const all = await request(server)
      .get(`${API}/incidents?entityRef=${CHECKOUT}`)
      .set('Authorization', ALICE);
    expect(all.body.items.map((i: any) => i.id)).toEqual([id]);
    // The entity as the catalog names it, however it was asked for.
    const metrics = await request(server)
      .get(`${API}/metrics/incidents?entityRef=Component:checkout-service`)
      .set('Authorization', ALICE);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({
      entityRef: CHECKOUT,
      incidentCount: 1,
      acknowledgedCount: 1,
      recoveredCount: 1,
    });
    expect(metrics.body.mttaMs).toBeGreaterThanOrEqual(0);
    // A day that does not exist is refused, not rolled into March.
    const feb30 = await request(server)
      .get(`${API}/metrics/incidents?from=2027-02-30T00:00:00Z`)
      .set('Authorization', ALICE);
    expect(feb30.status).toBe(400);
    expect(feb30.body.error.message).toBe(
      "Query parameter 'from' '2027-02-30T00:00:00Z' is not a date and time that exists (February 2027 has 28 days); e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00",
    );

    // By owner: the owning team's entities, a bare name being a group.
    for (const [owner, count] of [
      ['group:default/platform-ops', 1],
      ['platform-ops', 1],
      ['group:default/engineering', 0],
    ] as const) {
      const byOwner = await request(server)
        .get(`${API}/incidents?owner=${owner}`)
        .set('Authorization', ALICE);
      expect(byOwner.body.items).toHaveLength(count);
      const ownerMetrics = await request(server)
        .get(`${API}/metrics/incidents?owner=${owner}&owner=user:default/x`)
        .set('Authorization', ALICE);
      expect(ownerMetrics.body.incidentCount).toBe(count);
    }
    const badOwner = await request(server)
      .get(`${API}/incidents?owner=${encodeURIComponent('group:')}`)
      .set('Authorization', ALICE);
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.error.message).toMatch(/^Invalid owner 'group:': /);
    // An owner is a group or a user; a part no catalog entity has is refused.
    for (const [owner, message] of [
      [
        'component:default/checkout-service',
        "Invalid owner 'component:default/checkout-service': an owner is a group or a user, e.g. group:default/team-a",
      ],
      [
        'team a',
        "Invalid owner 'team a': its name 'team a' is not a catalog entity's name: letters, digits and '-', '_', '.' between them (at most 253), e.g. checkout-service",
      ],
    ]) {
      const res = await request(server)
        .get(`${API}/incidents?owner=${encodeURIComponent(owner)}`)
        .set('Authorization', ALICE);
      expect([res.status, res.body.error?.message]).toEqual([400, message]);
    }
  });

  it('names the escalation level reached as config calls it, in the incident and in the lists', async () => {
    // Across a month boundary: detected at 23:58 on 31 January.
    let now = new Date('2027-01-31T23:58:00Z');
    const { server, runIncidentsTask } = await start({ now: () => now });
    const created = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({
        entityRef: CHECKOUT,
        title: 'Checkout is slow',
        severity: 'SEV2',
      });
    expect(created.status).toBe(201);
    expect(created.body.escalationLevelName).toBeUndefined();
    const id = created.body.id;
    const read = async () => {
      const one = await request(server)
        .get(`${API}/incidents/${id}`)
        .set('Authorization', ALICE);
      const list = await request(server)
        .get(`${API}/incidents`)
        .query({ entityRef: CHECKOUT })
        .set('Authorization', ALICE);
      const listed = list.body.items.find((i: { id: string }) => i.id === id);
      expect(listed.escalationLevel).toBe(one.body.escalationLevel);
      expect(listed.escalationLevelName).toBe(one.body.escalationLevelName);
      return one.body;
    };

    // Four minutes in: level 1 (5 minutes) is not due yet.
    now = new Date('2027-02-01T00:02:00Z');
    await runIncidentsTask();
    expect(await read()).toMatchObject({ escalationLevel: 0 });
    expect((await read()).escalationLevelName).toBeUndefined();

    // Six minutes in: level 1, which config calls "On-call engineer".
    now = new Date('2027-02-01T00:04:00Z');
    await runIncidentsTask();
    expect(await read()).toMatchObject({
      escalationLevel: 1,
      escalationLevelName: 'On-call engineer',
    });

    // Sixteen minutes in: level 2, which config does not name.
    now = new Date('2027-02-01T00:14:00Z');
    await runIncidentsTask();
    const second = await read();
    expect(second.escalationLevel).toBe(2);
    expect(second).not.toHaveProperty('escalationLevelName');
  });

  it('keeps a blank action item owner as none, which the post-mortem then lacks', async () => {
    const { server } = await start();
    const created = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({ entityRef: CHECKOUT, title: 'Slow checkout', severity: 'SEV3' });
    const ll = await request(server)
      .post(`${API}/incidents/${created.body.id}/transition`)
      .set('Authorization', ALICE)
      .send({ to: 'lessons-learned', version: 1 });
    const put = await request(server)
      .put(`${API}/incidents/${created.body.id}/postmortem`)
      .set('Authorization', ALICE)
      .send({
        version: ll.body.version,
        postmortem: { actionItems: [{ text: 'Add an alert', owner: '   ' }] },
      });
    expect(put.status).toBe(200);
    expect(put.body.postmortem.actionItems).toEqual([
      { text: 'Add an alert', owner: '' },
    ]);
    const read = await request(server)
      .get(`${API}/incidents/${created.body.id}`)
      .set('Authorization', ALICE);
    expect(read.body.missingPostmortem).toContain('actionItems[0].owner');
  });

  it('says a period that ends before it starts is empty, and that a left-out to is now', async () => {
    const { server } = await start({
      now: () => new Date('2027-02-28T12:00:00Z'),
    });
    const future = await request(server)
      .get(`${API}/metrics/incidents?from=2027-03-01T00:00:00Z`)
      .set('Authorization', ALICE);
    expect([future.status, future.body.error.message]).toEqual([
      400,
      'The period is empty: from (2027-03-01T00:00:00.000Z) must be before to (2027-02-28T12:00:00.000Z); to was left out, so it is now',
    ]);
    const reversed = await request(server)
      .get(
        `${API}/metrics/incidents?from=2027-02-01T00:00:00Z&to=2027-01-01T00:00:00Z`,
      )
      .set('Authorization', ALICE);
    expect(reversed.body.error.message).toBe(
      'The period is empty: from (2027-02-01T00:00:00.000Z) must be before to (2027-01-01T00:00:00.000Z)',
    );
  });

  it('answers bad requests with 400s and unknown things with 404s', async () => {
    const { server } = await start();
    const badSeverity = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({ entityRef: CHECKOUT, title: 'x', severity: 'SEV9' });
    expect(badSeverity.status).toBe(400);
    expect(badSeverity.body.error.message).toMatch(/severity/);

    const unknownEntity = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({
        entityRef: 'component:default/nope',
        title: 'x',
        severity: 'SEV3',
      });
    expect(unknownEntity.status).toBe(404);

    // A person is not what an incident is declared on.
    const onAUser = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({
        entityRef: 'user:default/alice-oncall',
        title: 'x',
        severity: 'SEV3',
      });
    expect([onAUser.status, onAUser.body.error.message]).toEqual([
      400,
      'Incidents are declared on components, resources, systems, APIs and domains, not on a User (user:default/alice-oncall)',
    ]);

    const badRef = await request(server)
      .get(`${API}/incidents?entityRef=component:`)
      .set('Authorization', ALICE);
    expect(badRef.status).toBe(400);

    expect(
      (
        await request(server)
          .post(`${API}/incidents/nope/transition`)
          .set('Authorization', ALICE)
          .send({ to: 'assessment', version: 1 })
      ).status,
    ).toBe(404);
    const badPhase = await request(server)
      .get(`${API}/incidents?phase=resolved`)
      .set('Authorization', ALICE);
    expect(badPhase.status).toBe(400);
  });

  it('pages the timeline: the newest events with the count of all, older pages from /events', async () => {
    const { server } = await start();
    const created = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({ entityRef: CHECKOUT, title: 'Long one', severity: 'SEV3' });
    const id = created.body.id;
    for (let i = 0; i < 5; i++) {
      const note = await request(server)
        .post(`${API}/incidents/${id}/notes`)
        .set('Authorization', ALICE)
        .send({ note: `note ${i}` });
      expect(note.status).toBe(201);
    }
    const details = await request(server)
      .get(`${API}/incidents/${id}?eventLimit=2`)
      .set('Authorization', ALICE);
    expect(details.status).toBe(200);
    expect(details.body.eventCount).toBe(6);
    expect(details.body.events.map((e: any) => e.note)).toEqual([
      'note 3',
      'note 4',
    ]);
    const older = await request(server)
      .get(
        `${API}/incidents/${id}/events?before=${details.body.events[0].id}&limit=10`,
      )
      .set('Authorization', ALICE);
    expect(older.status).toBe(200);
    expect(older.body.totalCount).toBe(6);
    expect(older.body.items.map((e: any) => e.type)).toEqual([
      'created',
      'note',
      'note',
      'note',
    ]);
    const bad = await request(server)
      .get(`${API}/incidents/${id}/events?before=first`)
      .set('Authorization', ALICE);
    expect(bad.status).toBe(400);
    const notItsEvent = await request(server)
      .get(`${API}/incidents/${id}/events?before=999999`)
      .set('Authorization', ALICE);
    expect(notItsEvent.status).toBe(400);
    expect(notItsEvent.body.error.message).toBe(
      `before=999999 is not an event of incident ${id}: give the id of the oldest event already shown (each event's id)`,
    );
    const tooMany = await request(server)
      .get(`${API}/incidents/${id}?eventLimit=5000`)
      .set('Authorization', ALICE);
    expect(tooMany.status).toBe(400);
    const unknown = await request(server)
      .get(`${API}/incidents/nope/events`)
      .set('Authorization', ALICE);
    expect(unknown.status).toBe(404);
  });

  it('hands command over and changes severity, checking the commander is a catalog user', async () => {
    const { server } = await start();
    const created = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({ entityRef: CHECKOUT, title: 'Slow checkout', severity: 'SEV3' });
    expect(created.body.commander).toBeUndefined();
    const id = created.body.id;
    const patch = (body: object) =>
      request(server)
        .patch(`${API}/incidents/${id}`)
        .set('Authorization', ALICE)
        .send(body);

    const notAUser = await patch({
      version: 1,
      commander: 'group:default/platform-ops',
    });
    expect(notAUser.status).toBe(400);
    expect(notAUser.body.error.message).toBe(
      'The commander must be a user, like user:default/jane; got group:default/platform-ops',
    );
    const unknown = await patch({
      version: 1,
      commander: 'user:default/nobody',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'The commander user:default/nobody is not a user in the catalog',
    );
    const nothing = await patch({ version: 1 });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toMatch(
      /^Nothing to change: .*; a note alone goes on the timeline with POST \/incidents\/\{id\}\/notes$/,
    );
    expect((await patch({ version: 1, severity: 'SEV0' })).status).toBe(400);

    // A bare name is a user ref.
    const handed = await patch({
      version: 1,
      commander: 'bob-manager',
      severity: 'SEV1',
      note: 'Payments failing too',
    });
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({
      commander: 'user:default/bob-manager',
      severity: 'SEV1',
      version: 2,
    });
    const stale = await patch({ version: 1, severity: 'SEV2' });
    expect(stale.status).toBe(409);
    const cleared = await patch({ version: 2, commander: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.commander).toBeUndefined();
    // The severity it already has, with a note: nothing changes, but the
    // note is kept.
    const same = await patch({
      version: 3,
      severity: 'SEV1',
      note: 'Still SEV1: card payments only',
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ severity: 'SEV1', version: 3 });

    const details = await request(server)
      .get(`${API}/incidents/${id}`)
      .set('Authorization', ALICE);
    expect(
      details.body.events
        .filter((e: any) => e.type !== 'created')
        .map((e: any) => [e.type, e.actor, e.data, e.note ?? null]),
    ).toEqual([
      [
        'commander-changed',
        'user:default/alice-oncall',
        { from: null, to: 'user:default/bob-manager' },
        'Payments failing too',
      ],
      [
        'severity-changed',
        'user:default/alice-oncall',
        { from: 'SEV3', to: 'SEV1' },
        'Payments failing too',
      ],
      [
        'commander-changed',
        'user:default/alice-oncall',
        { from: 'user:default/bob-manager', to: null },
        null,
      ],
      [
        'note',
        'user:default/alice-oncall',
        undefined,
        'Still SEV1: card payments only',
      ],
    ]);
  });

  it('declares one incident per Idempotency-Key of a caller, however often and however at once it is sent', async () => {
    const { server } = await start();
    const BOB = mockCredentials.user.header('user:default/bob-manager');
    const body = {
      entityRef: CHECKOUT,
      title: 'Checkout returns 502',
      severity: 'SEV2',
    };
    const declare = (key: string, as = ALICE, sent: object = body) =>
      request(server)
        .post(`${API}/incidents`)
        .set('Authorization', as)
        .set('Idempotency-Key', key)
        .send(sent);
    const listed = async () =>
      (
        await request(server)
          .get(`${API}/incidents?entityRef=${CHECKOUT}`)
          .set('Authorization', ALICE)
      ).body.items.map((i: { id: string }) => i.id);

    const first = await declare('key-1');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // A double click, or a retry after a timeout: the same incident, 200.
    const again = await declare('key-1');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    // Ten at once with a new key: one incident, and all ten answer with it.
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => declare('key-2')),
    );
    expect(burst.map(r => r.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(burst.map(r => r.body.id)).size).toBe(1);
    expect(burst[0].body.id).not.toBe(first.body.id);

    // The key is the caller's: another person's same key is another incident.
    const bobs = await declare('key-1', BOB);
    expect(bobs.status).toBe(201);
    expect(bobs.body.id).not.toBe(first.body.id);
    expect(bobs.body.createdBy).toBe('user:default/bob-manager');

    // The same key for another incident is refused, naming the first.
    const reused = await declare('key-1', ALICE, { ...body, severity: 'SEV1' });
    expect(reused.status).toBe(409);
    expect(reused.body.error.message).toBe(
      `You already declared incident ${first.body.id} ('Checkout returns 502', SEV2 on ${CHECKOUT}) with the Idempotency-Key key-1, with other fields than this request's; send a new key for a new incident`,
    );
    // Any field: a commander or note the replay would drop without a word.
    for (const other of [
      { ...body, commander: 'user:default/alice-oncall' },
      { ...body, note: 'Error rate at 30 %' },
      { ...body, title: 'Checkout returns 502 ' },
    ]) {
      expect((await declare('key-1', ALICE, other)).status).toBe(409);
    }
    // The same entity written another way is the same request.
    const sameEntity = await declare('key-1', ALICE, {
      ...body,
      entityRef: 'Component:Checkout-Service',
    });
    expect([sameEntity.status, sameEntity.body.id]).toEqual([
      200,
      first.body.id,
    ]);
    // A key that is not visible ASCII is refused before anything happens.
    const spaced = await declare('my key');
    expect(spaced.status).toBe(400);
    expect(spaced.body.error.message).toBe(
      'The Idempotency-Key header must be 1 to 255 visible ASCII characters, without spaces: e.g. a UUID made for each incident you declare or silence you create',
    );

    // Without a key, each request declares one (as before).
    const plain = () =>
      request(server)
        .post(`${API}/incidents`)
        .set('Authorization', ALICE)
        .send(body);
    expect((await plain()).status).toBe(201);
    expect((await plain()).status).toBe(201);
    expect(await listed()).toHaveLength(5);
    // Paged, newest first, with the total.
    const page = (query: string) =>
      request(server)
        .get(`${API}/incidents?entityRef=${CHECKOUT}&${query}`)
        .set('Authorization', ALICE);
    const newest = await page('limit=2');
    const next = await page('limit=2&offset=2');
    const last = await page('limit=2&offset=4');
    expect(
      [newest, next, last].map(r => [
        r.body.items.length,
        r.body.totalCount,
        r.body.offset,
      ]),
    ).toEqual([
      [2, 5, 0],
      [2, 5, 2],
      [1, 5, 4],
    ]);
    expect(
      [...newest.body.items, ...next.body.items, ...last.body.items].map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual(await listed());
    const timeline = await request(server)
      .get(`${API}/incidents/${first.body.id}`)
      .set('Authorization', ALICE);
    expect(
      timeline.body.events.filter(
        (e: { type: string }) => e.type === 'created',
      ),
    ).toHaveLength(1);
  });

  it('explains a denied change with a 403', async () => {
    const { server } = await start({ permission: AuthorizeResult.DENY });
    const res = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({ entityRef: CHECKOUT, title: 'x', severity: 'SEV3' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "You are not allowed to declare incidents on component:default/checkout-service (permission ops-health.incident.create); the entity's owners and admins are",
    );
  });

  it('resolves contacts: owner profile and chat, the escalation chain, the primary contact', async () => {
    const { server } = await start();
    const res = await request(server)
      .get(`${API}/entities/component/default/checkout-service/contacts`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    expect(res.body.owner).toMatchObject({
      entityRef: 'group:default/platform-ops',
      displayName: 'Platform Operations',
      email: 'platform-ops@example.com',
      chat: 'https://chat.example.com/channels/platform-ops',
    });
    expect(res.body.escalation.policy).toBe('platform');
    expect(
      res.body.escalation.levels.map((l: any) => [
        l.level,
        l.delayMs,
        l.targets.map((t: any) => t.displayName),
      ]),
    ).toEqual([
      [1, 300_000, ['Alice Moreau (on-call engineer)']],
      [2, 900_000, ['Bob Okafor (DevOps manager)']],
      [3, 1_800_000, ['Engineering']],
    ]);
    expect(res.body.escalation.levels[0].targets[0]).toMatchObject({
      email: 'alice@example.com',
      chat: 'https://chat.example.com/users/alice',
    });
    expect(res.body.primary).toMatchObject({ email: 'devops@company.com' });
  });

  it('resolves the runbook section of a check', async () => {
    const { server } = await start();
    const get = (entity: string, checkId: string) =>
      request(server)
        .get(
          `${API}/entities/component/default/${entity}/runbook?checkId=${checkId}`,
        )
        .set('Authorization', ALICE);
    expect((await get('checkout-service', 'cost')).body).toEqual({
      url: '/docs/default/component/ops-runbook/#cost-overrun-alert',
      source: 'annotation',
      section: 'cost-overrun-alert',
    });
    expect((await get('billing-api', 'backup')).body).toMatchObject({
      url: 'http://localhost:3000/docs/default/component/ops-runbook#disaster-recovery-backup-failure',
      source: 'link',
    });
    expect((await get('storefront-web', 'replication')).body).toMatchObject({
      url: 'https://runbooks.example.com/ops#s3-replication-failure',
      source: 'config',
    });
    const unknown = await get('storefront-web', 'nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("Unknown checkId 'nope'");
    // A part of an installed check, and the incident section.
    expect((await get('storefront-web', 'replication-canary')).status).toBe(
      200,
    );
    expect((await get('storefront-web', 'incident')).status).toBe(200);
    // Names the catalog accepts, '--' and '._' in them, reach the route.
    const odd = await request(server)
      .get(`${API}/entities/component/default/a--b._c/setup`)
      .set('Authorization', ALICE);
    expect(odd.status).toBe(404);
    expect(odd.body.error.message).toBe(
      'Entity component:default/a--b._c not found',
    );
  });

  it('offers the actions to AI tools, with the same checks', async () => {
    const { actions } = await start();
    const credentials = mockCredentials.user('user:default/alice-oncall');
    expect((await actions.list()).actions.map(a => a.name).sort()).toEqual([
      'create-incident',
      'get-entity-health',
      'list-incidents',
    ]);
    const created = await actions.invoke({
      id: 'test:create-incident',
      input: {
        entityRef: CHECKOUT,
        title: 'From the assistant',
        severity: 'SEV3',
      },
      credentials,
    });
    expect(created.output).toMatchObject({
      incident: {
        entityRef: CHECKOUT,
        phase: 'detection',
        createdBy: 'user:default/alice-oncall',
      },
    });
    const listed = await actions.invoke({
      id: 'test:list-incidents',
      input: { open: true },
      credentials,
    });
    expect((listed.output as any).incidents).toHaveLength(1);
    const health = await actions.invoke({
      id: 'test:get-entity-health',
      input: { entityRef: 'component:default/storefront-web' },
      credentials,
    });
    expect(health.output).toMatchObject({
      entityRef: 'component:default/storefront-web',
      status: 'not-configured',
      checks: [],
    });
    await expect(
      actions.invoke({
        id: 'test:get-entity-health',
        input: { entityRef: 'component:default/missing' },
        credentials,
      }),
    ).rejects.toThrow('Entity component:default/missing not found');
    // Held to the HTTP API's limits: no NUL, no text longer than it takes.
    const refused: Array<[Record<string, string>, RegExp]> = [
      [{ note: 'a\u0000b' }, /must not contain a NUL character/],
      [{ entityRef: `${CHECKOUT}\u0000` }, /must not contain a NUL character/],
      [{ note: 'n'.repeat(10_001) }, /at most 10000 character/],
      [{ title: '' }, /at least 1 character/],
    ];
    for (const [change, message] of refused) {
      await expect(
        actions.invoke({
          id: 'test:create-incident',
          input: {
            entityRef: CHECKOUT,
            title: 'x',
            severity: 'SEV3',
            ...change,
          },
          credentials,
        }),
      ).rejects.toThrow(message);
    }
    expect(
      (
        (
          await actions.invoke({
            id: 'test:list-incidents',
            input: {},
            credentials,
          })
        ).output as any
      ).incidents,
    ).toHaveLength(1);

    const denied = await start({ permission: AuthorizeResult.DENY });
    await expect(
      denied.actions.invoke({
        id: 'test:create-incident',
        input: { entityRef: CHECKOUT, title: 'x', severity: 'SEV3' },
        credentials,
      }),
    ).rejects.toThrow(/not allowed to declare incidents/);
  });
});
