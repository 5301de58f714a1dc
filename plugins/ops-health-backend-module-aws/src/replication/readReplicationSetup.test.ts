import { bucketFromArn, formatSeconds, roleNameFromArn } from '../awsCalls';
import {
  parseReplicationRules,
  trustPolicyAllowsService,
} from './readReplicationSetup';

describe('trustPolicyAllowsService', () => {
  const policy = (statement: unknown) =>
    encodeURIComponent(
      JSON.stringify({ Version: '2012-10-17', Statement: statement }),
    );

  it('reads the URL-encoded document IAM returns, and plain JSON', () => {
    const allow = {
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sts:AssumeRole',
    };
    expect(trustPolicyAllowsService(policy([allow]), 's3.amazonaws.com')).toBe(
      true,
    );
    expect(
      trustPolicyAllowsService(
        JSON.stringify({ Statement: allow }),
        's3.amazonaws.com',
      ),
    ).toBe(true);
  });

  it('needs an Allow of sts:AssumeRole for the service, and no Deny', () => {
    const s3 = 's3.amazonaws.com';
    expect(
      trustPolicyAllowsService(
        policy([
          {
            Effect: 'Allow',
            Principal: { Service: ['lambda.amazonaws.com', s3] },
            Action: ['sts:TagSession', 'sts:AssumeRole'],
          },
        ]),
        s3,
      ),
    ).toBe(true);
    expect(
      trustPolicyAllowsService(
        policy([
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ]),
        s3,
      ),
    ).toBe(false);
    expect(
      trustPolicyAllowsService(
        policy([
          {
            Effect: 'Allow',
            Principal: { Service: s3 },
            Action: 'sts:AssumeRoleWithWebIdentity',
          },
        ]),
        s3,
      ),
    ).toBe(false);
    expect(
      trustPolicyAllowsService(
        policy([
          { Effect: 'Allow', Principal: { Service: s3 }, Action: 'sts:*' },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:AssumeRole',
          },
        ]),
        s3,
      ),
    ).toBe(false);
    expect(trustPolicyAllowsService(undefined, s3)).toBe(false);
    expect(trustPolicyAllowsService('%7Bnot json', s3)).toBe(false);
  });
});

describe('parseReplicationRules', () => {
  it('reads filters, destinations and metrics of each rule', () => {
    expect(
      parseReplicationRules({
        Role: 'arn:aws:iam::123456789012:role/replication',
        Rules: [
          {
            ID: 'images',
            Status: 'Enabled',
            Priority: 2,
            Filter: {
              And: {
                Prefix: 'images/',
                Tags: [{ Key: 'replicate', Value: 'yes' }],
              },
            },
            Destination: {
              Bucket: 'arn:aws:s3:::images-dr',
              Account: '210987654321',
              StorageClass: 'GLACIER_IR',
            },
          },
          {
            Status: 'Disabled',
            Prefix: 'legacy/',
            Destination: {
              Bucket: 'arn:aws:s3:::legacy-dr',
              Metrics: { Status: 'Enabled' },
            },
          },
        ],
      }),
    ).toEqual([
      {
        id: 'images',
        status: 'Enabled',
        priority: 2,
        prefix: 'images/',
        tags: [{ key: 'replicate', value: 'yes' }],
        destinationBucket: 'images-dr',
        destinationAccount: '210987654321',
        storageClass: 'GLACIER_IR',
        metricsEnabled: false,
      },
      {
        id: 'rule-2',
        status: 'Disabled',
        priority: undefined,
        prefix: 'legacy/',
        destinationBucket: 'legacy-dr',
        metricsEnabled: true,
      },
    ]);
  });
});

describe('helpers', () => {
  it('parses ARNs and formats durations', () => {
    expect(
      roleNameFromArn('arn:aws:iam::123456789012:role/service/s3-repl'),
    ).toBe('s3-repl');
    expect(roleNameFromArn('arn:aws:iam::123456789012:role/plain')).toBe(
      'plain',
    );
    expect(bucketFromArn('arn:aws:s3:::media-replica')).toBe('media-replica');
    expect(bucketFromArn('arn:aws-cn:s3:::cn-replica')).toBe('cn-replica');
    expect(formatSeconds(95)).toBe('95 s');
    expect(formatSeconds(3480)).toBe('58 min');
    expect(formatSeconds(4500)).toBe('75 min');
    expect(formatSeconds(5 * 3600)).toBe('5 h');
  });
});
