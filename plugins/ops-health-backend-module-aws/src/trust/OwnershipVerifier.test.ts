import { Entity } from '@backstage/catalog-model';
import { seedBucket, useMotoServer } from '@internal/aws-emulator';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import { CallCounter } from '../awsCalls';
import { TrustConfig } from '../config';
import { OwnershipVerifier } from './OwnershipVerifier';

const entity = (owner: string, namespace = 'default'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', namespace },
  spec: { owner },
});
const claimant = (accountId?: string, owner = 'group:default/team-a') => ({
  entity: entity(owner),
  entityRef: 'component:default/svc',
  config: { accountId },
});
const TRUST: TrustConfig = {
  resourceTagKey: 'ops-health:entity',
  requireResourceTag: true,
};

describe('OwnershipVerifier', () => {
  const moto = useMotoServer();

  it('lets every entity use the main account, and no other unless mapped', () => {
    const verifier = OwnershipVerifier.create({
      clients: createMotoClientFactory(moto.endpoint),
      trust: TRUST,
    });
    expect(verifier.accountProblem(claimant())).toBeUndefined();
    expect(verifier.accountProblem(claimant('111122223333'))).toMatch(
      /account 111122223333 is not mapped/,
    );
  });

  it('maps accounts, the main one included, to owners and namespaces', () => {
    const verifier = OwnershipVerifier.create({
      clients: createMotoClientFactory(moto.endpoint),
      trust: {
        ...TRUST,
        accounts: [
          {
            accountId: '111122223333',
            owners: ['group:default/team-a'],
            namespaces: [],
          },
          { accountId: 'main', owners: [], namespaces: ['payments'] },
        ],
      },
    });
    expect(verifier.accountProblem(claimant('111122223333'))).toBeUndefined();
    expect(verifier.accountProblem(claimant('111122223333', 'team-b'))).toMatch(
      /may be used by owners group:default\/team-a \(opsHealth.trust.accounts\), not by group:default\/team-b/,
    );
    expect(verifier.accountProblem(claimant())).toMatch(
      /main account may be used by namespaces payments/,
    );
    expect(
      verifier.accountProblem({
        ...claimant(),
        entity: entity('team-b', 'payments'),
      }),
    ).toBeUndefined();
  });

  it('proves a bucket by its tag, read once per run', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'shared',
      tags: {
        'ops-health:entity': 'component:default/other, component:default/svc',
      },
    });
    await seedBucket(moto.clientConfig(), { name: 'untagged' });
    const calls = new CallCounter();
    const verifier = OwnershipVerifier.create({
      clients: createMotoClientFactory(moto.endpoint),
      trust: TRUST,
    }).forRun(calls);
    expect(
      await verifier.bucketProblem(
        undefined,
        'shared',
        'component:default/svc',
      ),
    ).toBeUndefined();
    expect(
      await verifier.bucketProblem(
        undefined,
        'shared',
        'component:default/svc',
      ),
    ).toBeUndefined();
    expect(
      await verifier.bucketProblem(undefined, 'shared', 'component:default/x'),
    ).toMatch(
      /does not carry the tag ops-health:entity naming component:default\/x \(it names/,
    );
    expect(
      await verifier.bucketProblem(
        undefined,
        'untagged',
        'component:default/svc',
      ),
    ).toMatch(/^bucket untagged does not carry the tag .*put-bucket-tagging/);
    // A bucket that does not exist is for the check to report.
    expect(
      await verifier.bucketProblem(undefined, 'nope', 'component:default/svc'),
    ).toBeUndefined();
    expect(calls.get('GetBucketTagging')).toBe(3);
  });

  it('trusts every resource when the tag is not required', async () => {
    const verifier = OwnershipVerifier.create({
      clients: createMotoClientFactory(moto.endpoint),
      trust: { ...TRUST, requireResourceTag: false },
    });
    expect(
      await verifier.bucketProblem(undefined, 'any', 'component:default/svc'),
    ).toBeUndefined();
  });
});
