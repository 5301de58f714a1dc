import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { useMotoServer } from '../useMotoServer';
import { seedRole } from './seedRole';

describe('seedRole', () => {
  const moto = useMotoServer();

  async function trustPolicy(roleName: string) {
    const iam = new IAMClient(moto.clientConfig());
    try {
      const { Role } = await iam.send(
        new GetRoleCommand({ RoleName: roleName }),
      );
      // IAM returns policy documents URL-encoded.
      return JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!));
    } finally {
      iam.destroy();
    }
  }

  it('creates a role trusted by S3 by default and returns its ARN', async () => {
    const arn = await seedRole(moto.clientConfig(), {
      name: 's3-replication-test',
    });
    expect(arn).toBe('arn:aws:iam::123456789012:role/s3-replication-test');

    const policy = await trustPolicy('s3-replication-test');
    expect(policy.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ]);
  });

  it('trusts another service when asked and reuses an existing role', async () => {
    const first = await seedRole(moto.clientConfig(), {
      name: 'runner',
      trustedService: 'lambda.amazonaws.com',
    });
    const second = await seedRole(moto.clientConfig(), {
      name: 'runner',
      trustedService: 'lambda.amazonaws.com',
    });
    expect(second).toBe(first);
    expect((await trustPolicy('runner')).Statement[0].Principal).toEqual({
      Service: 'lambda.amazonaws.com',
    });
  });
});
