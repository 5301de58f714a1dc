import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEMO_OWNERSHIP_TAG,
  seedBucket,
  seedLambdaFunction,
  useMotoServer,
} from '@internal/aws-emulator';
import request from 'supertest';
import { opsHealthModuleAwsChecks, opsHealthPlugin } from '.';

jest.setTimeout(120_000);

// The trust model against the emulator: a catalog-info.yaml written by
// someone else's pull request names team A's bucket, function, cost tags and
// an account nobody mapped. None of it is read or acted on.
const component = (
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

const teamA = component('team-a-service', 'group:default/team-a', {
  'ops-health/s3-replication': 'team-a-data',
  'ops-health/backup-s3': 's3://team-a-data/backups/',
  'ops-health/backup-lambda': 'team-a-backup',
  'ops-health/backup-max-age': '26h',
});
const hostile = component('evil-service', 'group:default/evil', {
  'ops-health/s3-replication': 'team-a-data',
  'ops-health/backup-s3': 's3://team-a-data/backups/',
  'ops-health/backup-lambda': 'team-a-backup',
  'ops-health/backup-max-age': '26h',
  'ops-health/cost-tags': 'service=team-a',
});
const claimsToo = component('team-a-cost', 'group:default/team-a', {
  'ops-health/cost-tags': 'service=team-a',
});
// Only an AWS Backup resource, the ARN of team A's bucket: its backup jobs
// and recovery points are not read for this entity.
const arnThief = component('arn-thief', 'group:default/evil', {
  'ops-health/backup-resource-arn': 'arn:aws:s3:::team-a-data',
});
// A malformed account id: the checks mark it misconfigured, and the actions
// do not fall back on the main account for it.
const typo = component('team-a-typo', 'group:default/team-a', {
  'ops-health/aws-account-id': '12',
  'ops-health/backup-lambda': 'team-a-backup',
});
const otherAccount = component('stowaway', 'group:default/evil', {
  'ops-health/aws-account-id': '111122223333',
  'ops-health/cost-tags': 'service=stowaway',
});

describe('the trust boundary', () => {
  const moto = useMotoServer();
  const saved = { ...process.env };
  beforeEach(async () => {
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    process.env.AWS_REGION = 'us-east-1';
    const proof = { [DEMO_OWNERSHIP_TAG]: 'component:default/team-a-service' };
    await seedBucket(moto.clientConfig(), {
      name: 'team-a-data',
      versioning: true,
      tags: proof,
      objects: [{ key: 'backups/db.dump', body: 'x' }],
    });
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'team-a-backup',
      tags: proof,
    });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to read or act on resources and accounts an entity does not prove are its own', async () => {
    const auditor = mockServices.auditor.mock();
    const events: Array<{ eventId: string; outcome: string; error?: string }> =
      [];
    auditor.createEvent.mockImplementation(async ({ eventId }) => ({
      success: async () => {
        events.push({ eventId, outcome: 'success' });
      },
      fail: async ({ error }) => {
        events.push({ eventId, outcome: 'fail', error: error.message });
      },
    }));
    const { server } = await startTestBackend({
      features: [
        opsHealthPlugin,
        opsHealthModuleAwsChecks,
        auditor.factory,
        catalogServiceMock.factory({
          entities: [teamA, hostile, claimsToo, otherAccount, arnThief, typo],
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.rootConfig.factory({
          data: {
            opsHealth: {
              replication: { canary: { timeout: '1s', pollInterval: '200ms' } },
            },
          },
        }),
      ],
    });
    const health = async (name: string, checks: number) => {
      for (let i = 0; i < 100; i++) {
        const res = await request(server).get(
          `/api/ops-health/entities/component/default/${name}/health?details=true`,
        );
        if (res.body.checks?.length >= checks) return res.body.checks;
        await new Promise(r => setTimeout(r, 200));
      }
      throw new Error(`no health for ${name}`);
    };
    const statusOf = (checks: any[], checkId: string) =>
      checks.find(c => c.checkId === checkId);

    // The owner's own resources are measured.
    const own = await health('team-a-service', 2);
    expect(statusOf(own, 'replication').status).not.toBe('misconfigured');
    expect(statusOf(own, 'backup').status).not.toBe('misconfigured');

    // The hostile entity's are not: misconfigured, saying how to prove it.
    const evil = await health('evil-service', 3);
    expect(statusOf(evil, 'replication')).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining(
        'bucket team-a-data does not carry the tag ops-health:entity naming component:default/evil-service (it names component:default/team-a-service)',
      ),
    });
    expect(statusOf(evil, 'replication').details).toEqual({
      notProven: expect.any(String),
    });
    expect(statusOf(evil, 'backup')).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining('bucket team-a-data does not carry'),
    });
    expect(statusOf(await health('arn-thief', 1), 'backup')).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining(
        'resource arn:aws:s3:::team-a-data does not carry the tag ops-health:entity naming component:default/arn-thief (it names component:default/team-a-service)',
      ),
    });
    // Cost tags claimed by two entities are nobody's.
    expect(statusOf(evil, 'cost')).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining(
        'claimed by component:default/evil-service and component:default/team-a-cost',
      ),
    });
    // Measured on request ("check now"), the claim is measured among the
    // catalog's entities as in a pass: still nobody's, no spend read.
    const measured = await request(server).post(
      '/api/ops-health/entities/component/default/evil-service/checks/cost/measure',
    );
    expect(measured.status).toBe(200);
    expect(measured.body.results).toEqual([
      expect.objectContaining({
        status: 'misconfigured',
        message: expect.stringContaining(
          'claimed by component:default/evil-service and component:default/team-a-cost',
        ),
      }),
    ]);
    // An account nobody mapped to the entity's owner is not used.
    expect(statusOf(await health('stowaway', 1), 'cost')).toMatchObject({
      status: 'misconfigured',
      message: expect.stringContaining(
        'account 111122223333 is not mapped to this entity',
      ),
    });

    // Manual actions on them are refused (403) and audited.
    const canary = await request(server)
      .post(
        '/api/ops-health/entities/component/default/evil-service/replication/canary',
      )
      .send({});
    expect(canary.status).toBe(403);
    expect(canary.body.error.message).toMatch(
      /^Not allowed: bucket team-a-data does not carry the tag/,
    );
    const trigger = await request(server).post(
      '/api/ops-health/entities/component/default/evil-service/backup/trigger',
    );
    expect(trigger.status).toBe(403);
    expect(trigger.body.error.message).toMatch(
      /^Not allowed: function team-a-backup does not carry the tag/,
    );
    const misconfigured = await request(server).post(
      '/api/ops-health/entities/component/default/team-a-typo/backup/trigger',
    );
    expect(misconfigured.status).toBe(400);
    expect(misconfigured.body.error.message).toBe(
      'component:default/team-a-typo is misconfigured: ops-health/aws-account-id: expected a 12-digit AWS account id; fix its catalog-info.yaml, then try again',
    );
    expect(
      events.filter(e => e.outcome === 'fail').map(e => e.eventId),
    ).toEqual(['replication-canary', 'backup-trigger', 'backup-trigger']);

    // The owner may act on its own.
    const ownCanary = await request(server)
      .post(
        '/api/ops-health/entities/component/default/team-a-service/replication/canary',
      )
      .send({});
    expect(ownCanary.status).toBe(202);
  });
});
