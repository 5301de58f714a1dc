import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { useMotoServer } from '../useMotoServer';
import { seedLambdaFunction } from './seedLambdaFunction';

describe('seedLambdaFunction', () => {
  const moto = useMotoServer();

  it('creates a Python function with its execution role', async () => {
    const arn = await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'config-backup-runner',
    });
    expect(arn).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:config-backup-runner',
    );

    const lambda = new LambdaClient(moto.clientConfig());
    try {
      const { Configuration } = await lambda.send(
        new GetFunctionCommand({ FunctionName: 'config-backup-runner' }),
      );
      expect(Configuration).toMatchObject({
        FunctionName: 'config-backup-runner',
        Runtime: 'python3.12',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::123456789012:role/config-backup-runner-role',
      });
      expect(Configuration?.CodeSize).toBeGreaterThan(0);
    } finally {
      lambda.destroy();
    }
  });

  it('returns the existing function when run twice', async () => {
    const options = { name: 'twice', roleName: 'shared-runner' };
    const first = await seedLambdaFunction(
      moto.clientConfig(),
      moto.endpoint,
      options,
    );
    const second = await seedLambdaFunction(
      moto.clientConfig(),
      moto.endpoint,
      options,
    );
    expect(second).toBe(first);
  });
});
