import {
  dailyCostResults,
  queueCostAndUsageResults,
  useMotoServer,
} from '@internal/aws-emulator';
import { CheckResult } from '@ops-health/backstage-plugin-ops-health-node';
import { trustEverything } from '../__testUtils__/trust';
import { TrustConfig } from '../config';
import { OwnershipVerifier } from '../trust/OwnershipVerifier';
import { CostCheckProvider } from './CostCheckProvider';
import {
  COST_CONFIG,
  costClientFactory,
  costContext,
  costTarget,
  flat,
  recordRequests,
} from './__testUtils__/costTestUtils';

// A cost tag set of an account is measured for one entity only. The second
// claimant is a catalog-info.yaml that copied team A's tags (anyone who can
// open a pull request writes one): it must neither read team A's cost nor
// switch team A's cost check off.
const START = '2026-08-28';
const DAYS = 91;
const teamA = costTarget('team-a-service', { tags: 'service=team-a' });
const copycat = costTarget('copycat', { tags: 'service=team-a' });

/** What an earlier run stored for an entity that measured `tags`. */
function measured(
  entityRef: string,
  tags: Array<{ key: string; value: string }>,
  extra: Record<string, unknown> = {},
): CheckResult {
  return {
    entityRef,
    checkId: 'cost',
    subject: '',
    status: 'ok',
    message: 'USD 30 yesterday',
    details: { metric: 'UnblendedCost', tags, ...extra },
    measuredAt: new Date('2026-11-26T06:00:00Z'),
  };
}

describe('CostCheckProvider: entities claiming the same cost tags', () => {
  const moto = useMotoServer();

  async function run(
    targets: (typeof teamA)[],
    context: Parameters<typeof costContext>[0],
    trust?: TrustConfig,
  ) {
    const clients = costClientFactory(moto.endpoint);
    const sent = recordRequests(await clients.costExplorer());
    const provider = CostCheckProvider.create({
      ownership: trust
        ? OwnershipVerifier.create({ clients, trust })
        : trustEverything,
      clients,
      config: COST_CONFIG,
    });
    const output = await provider.run(targets, costContext(context));
    return {
      sent: sent.inputs,
      byRef: new Map(output.results.map(r => [r.entityRef, r])),
    };
  }

  const queueTeamACost = () =>
    queueCostAndUsageResults(
      moto.endpoint,
      dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'service',
        series: { 'team-a': flat(30, DAYS) },
      }),
    );

  describe('with the tags mapped to their owners in opsHealth.trust.costTags', () => {
    const trust = (requireCostTagMapping: boolean): TrustConfig => ({
      resourceTagKey: 'ops-health:entity',
      requireResourceTag: true,
      costTags: [
        {
          key: 'service',
          value: 'team-a',
          owners: ['group:default/team-a'],
          namespaces: [],
          locations: [],
        },
      ],
      requireCostTagMapping,
    });
    // Another team's entities: one names team A's tag in a narrower set,
    // one a tag nobody listed.
    const narrower = costTarget('narrower', {
      tags: 'service=team-a,env=prod',
      owner: 'team-b',
    });
    const unlisted = costTarget('finance-reader', {
      tags: 'team=finance',
      owner: 'team-b',
    });

    it("measures the tag's owner only; another team naming its tag in any set is misconfigured", async () => {
      await queueTeamACost();
      const { sent, byRef } = await run([teamA, narrower], {}, trust(false));
      expect(sent).toHaveLength(1);
      expect(byRef.get(teamA.entityRef)).toMatchObject({ status: 'ok' });
      expect(byRef.get(narrower.entityRef)).toMatchObject({
        status: 'misconfigured',
        message:
          'Not measured: the cost of the tag service=team-a may be measured by owners group:default/team-a (opsHealth.trust.costTags), not by group:default/team-b in namespace default',
      });
    });

    it('measures a tag nobody listed unless opsHealth.trust.requireCostTagMapping', async () => {
      const open = await run([unlisted], {}, trust(false));
      expect(open.sent).toHaveLength(1);
      expect(open.byRef.get(unlisted.entityRef)?.status).not.toBe(
        'misconfigured',
      );

      const required = await run([unlisted], {}, trust(true));
      expect(required.sent).toEqual([]);
      expect(required.byRef.get(unlisted.entityRef)).toMatchObject({
        status: 'misconfigured',
        message: expect.stringContaining(
          'none of the cost tags team=finance is listed in opsHealth.trust.costTags, which opsHealth.trust.requireCostTagMapping requires',
        ),
      });
    });
  });

  it('measures neither of two new claimants', async () => {
    const { sent, byRef } = await run([teamA, copycat], {});

    expect(sent).toEqual([]);
    for (const ref of [teamA.entityRef, copycat.entityRef]) {
      expect(byRef.get(ref)).toMatchObject({
        status: 'misconfigured',
        message:
          "Not measured: the cost tags service=team-a are claimed by component:default/copycat and component:default/team-a-service: one entity's cost may not be another's, so none is measured until only one claims them",
      });
    }
  });

  it('keeps measuring the entity that already measures the tags', async () => {
    await queueTeamACost();

    const { sent, byRef } = await run([copycat, teamA], {
      storedResults: [
        measured(teamA.entityRef, [{ key: 'service', value: 'team-a' }]),
      ],
    });

    expect(sent).toHaveLength(1);
    expect(byRef.get(teamA.entityRef)).toMatchObject({
      status: 'ok',
      value: 30,
      details: expect.objectContaining({
        tags: [{ key: 'service', value: 'team-a' }],
      }),
    });
    expect(byRef.get(copycat.entityRef)).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining(
        'the cost tags service=team-a are already measured for component:default/team-a-service',
      ),
      details: { notProven: expect.any(String) },
    });
  });

  it('refuses a newcomer in a catch-up run, which measures it alone', async () => {
    // A catch-up run measures new and changed entities only: the claim of
    // the entity outside the run still counts.
    const catchUp = (storedResults: CheckResult[]) =>
      run([copycat], { catalogTargets: [teamA, copycat], storedResults });

    const held = await catchUp([
      measured(teamA.entityRef, [{ key: 'service', value: 'team-a' }]),
    ]);
    expect(held.sent).toEqual([]);
    expect([...held.byRef.keys()]).toEqual([copycat.entityRef]);
    expect(held.byRef.get(copycat.entityRef)).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining(
        'already measured for component:default/team-a-service',
      ),
    });

    // Team A not measured yet either: nobody's.
    const open = await catchUp([]);
    expect(open.sent).toEqual([]);
    expect(open.byRef.get(copycat.entityRef)).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining(
        'claimed by component:default/copycat and component:default/team-a-service',
      ),
    });
  });

  it('counts only a stored measurement of the same tags in the same account', async () => {
    const tags = [{ key: 'service', value: 'team-a' }];
    for (const stored of [
      // Not measured: refused itself.
      { ...measured(teamA.entityRef, tags), status: 'misconfigured' as const },
      // Other tags, or the same tags in another account.
      measured(teamA.entityRef, [{ key: 'service', value: 'team-b' }]),
      measured(teamA.entityRef, tags, { accountId: '210987654321' }),
    ]) {
      const { sent, byRef } = await run([teamA, copycat], {
        storedResults: [stored],
      });
      expect(sent).toEqual([]);
      expect(byRef.get(teamA.entityRef)?.status).toBe('misconfigured');
      expect(byRef.get(copycat.entityRef)?.message).toContain('claimed by');
    }
  });

  it('refuses every claimant when more than one already measures the tags', async () => {
    const tags = [{ key: 'service', value: 'team-a' }];
    const { sent, byRef } = await run([teamA, copycat], {
      storedResults: [
        measured(teamA.entityRef, tags),
        measured(copycat.entityRef, tags),
      ],
    });
    expect(sent).toEqual([]);
    expect(byRef.get(teamA.entityRef)?.message).toContain('claimed by');
    expect(byRef.get(copycat.entityRef)?.message).toContain('claimed by');
  });

  it('records the account it read, for the next run to compare', async () => {
    await queueTeamACost();
    const inAccount = costTarget('team-a-service', {
      tags: 'service=team-a',
      accountId: '210987654321',
    });
    const { byRef } = await run([inAccount], {});
    expect(byRef.get(inAccount.entityRef)?.details).toMatchObject({
      accountId: '210987654321',
    });
  });
});
