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
            locations: [],
          },
          {
            accountId: 'main',
            owners: [],
            namespaces: ['payments'],
            locations: [],
          },
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

  it('maps accounts to the catalog locations entities come from', () => {
    // backstage.io/managed-by-location is set by the catalog from where it
    // read the entity: the author of catalog-info.yaml cannot choose it.
    const from = (location: string | undefined, owner = 'team-b') => ({
      ...claimant('111122223333', owner),
      entity: {
        ...entity(owner),
        metadata: {
          name: 'svc',
          namespace: 'default',
          ...(location
            ? {
                annotations: {
                  'backstage.io/managed-by-location': location,
                },
              }
            : {}),
        },
      },
    });
    const verifier = OwnershipVerifier.create({
      clients: createMotoClientFactory(moto.endpoint),
      trust: {
        ...TRUST,
        accounts: [
          {
            accountId: '111122223333',
            owners: [],
            namespaces: [],
            locations: [
              'url:https://github.com/acme/payments/blob/main/',
              'url:https://github.com/acme/ledger/blob/main/catalog-info.yaml',
            ],
          },
        ],
      },
    });
    for (const ok of [
      'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
      'url:https://github.com/acme/payments/blob/main/services/api/catalog-info.yaml',
      'url:https://github.com/acme/ledger/blob/main/catalog-info.yaml',
    ]) {
      expect(verifier.accountProblem(from(ok))).toBeUndefined();
    }
    for (const refused of [
      // Another repository whose name starts the same, another branch, a
      // file beside the one listed, no location at all.
      'url:https://github.com/acme/payments-fork/blob/main/catalog-info.yaml',
      'url:https://github.com/acme/payments/blob/pr-branch/catalog-info.yaml',
      'url:https://github.com/acme/ledger/blob/main/catalog-info.yaml.bak',
      undefined,
      // In the listed folder by its text only: another repository's file.
      'url:https://github.com/acme/payments/blob/main/../../../../evil/repo/blob/main/catalog-info.yaml',
      'url:https://github.com/acme/payments/blob/main/%2e%2E/%2e%2e/evil/blob/main/catalog-info.yaml',
      'url:https://github.com/acme/payments/blob/main/%252e%252e/x/catalog-info.yaml',
      'url:https://github.com/acme/payments/blob/main/.%09./.%09./.%09./.%09./evil/repo/blob/main/catalog-info.yaml',
      'url:https://github.com/acme/payments/blob/main/.\t./.\n./evil/catalog-info.yaml',
      'url:https://github.com/acme/payments/blob/main/.\\..\\x/catalog-info.yaml',
    ]) {
      expect(verifier.accountProblem(from(refused))).toMatch(
        /^the account 111122223333 may be used by entities from url:https:\/\/github.com\/acme\/payments\/blob\/main\/, url:https:\/\/github.com\/acme\/ledger\/blob\/main\/catalog-info.yaml \(opsHealth.trust.accounts\), not by group:default\/team-b in namespace default/,
      );
    }
    expect(
      verifier.accountProblem(
        from(
          'url:https://github.com/acme/payments/blob/main/../../evil/blob/main/catalog-info.yaml',
        ),
      ),
    ).toMatch(
      /\(its path has '\.' or '\.\.' segments, so it is not matched against a listed folder: register the location by its plain path, or list it exactly\)$/,
    );
    expect(
      verifier.accountProblem(
        from('url:https://github.com/acme/evil/blob/main/catalog-info.yaml'),
      ),
    ).toMatch(
      / from url:https:\/\/github.com\/acme\/evil\/blob\/main\/catalog-info.yaml$/,
    );
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

  it('proves any resource by its tag through the Resource Groups Tagging API', async () => {
    // S3 buckets are among the resources AWS Backup protects.
    await seedBucket(moto.clientConfig(), {
      name: 'protected-data',
      tags: { 'ops-health:entity': 'component:default/svc' },
    });
    await seedBucket(moto.clientConfig(), {
      name: 'someone-elses-data',
      tags: { 'ops-health:entity': 'component:default/other', team: 'b' },
    });
    const calls = new CallCounter();
    const verifier = OwnershipVerifier.create({
      clients: createMotoClientFactory(moto.endpoint),
      trust: TRUST,
    }).forRun(calls);
    const ours = 'arn:aws:s3:::protected-data';
    expect(
      await verifier.resourceProblem(undefined, ours, 'component:default/svc'),
    ).toBeUndefined();
    expect(
      await verifier.resourceProblem(undefined, ours, 'component:default/svc'),
    ).toBeUndefined();
    expect(
      await verifier.resourceProblem(
        undefined,
        'arn:aws:s3:::someone-elses-data',
        'component:default/svc',
      ),
    ).toBe(
      "resource arn:aws:s3:::someone-elses-data does not carry the tag ops-health:entity naming component:default/svc (it names component:default/other), so it is not proven to belong to this entity; tag it: aws resourcegroupstaggingapi tag-resources --resource-arn-list arn:aws:s3:::someone-elses-data --tags 'ops-health:entity=component:default/svc'",
    );
    // Untagged or not there: the Tagging API does not list it, so it is not
    // proven (an annotation naming another team's table reads nothing).
    expect(
      await verifier.resourceProblem(
        undefined,
        'arn:aws:dynamodb:us-east-1:123456789012:table/payments',
        'component:default/svc',
      ),
    ).toMatch(
      /^resource arn:aws:dynamodb:us-east-1:123456789012:table\/payments does not carry the tag ops-health:entity naming component:default\/svc, so it is not proven/,
    );
    expect(calls.get('GetResources')).toBeGreaterThanOrEqual(3);
  });

  it('trusts every resource when the tag is not required', async () => {
    const verifier = OwnershipVerifier.create({
      clients: createMotoClientFactory(moto.endpoint),
      trust: { ...TRUST, requireResourceTag: false },
    });
    expect(
      await verifier.bucketProblem(undefined, 'any', 'component:default/svc'),
    ).toBeUndefined();
    expect(
      await verifier.resourceProblem(
        undefined,
        'arn:aws:dynamodb:us-east-1:123456789012:table/any',
        'component:default/svc',
      ),
    ).toBeUndefined();
  });
});
