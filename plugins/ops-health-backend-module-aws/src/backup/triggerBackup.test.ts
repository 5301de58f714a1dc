import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { NotFoundError } from '@backstage/errors';
import { seedLambdaFunction, useMotoServer } from '@internal/aws-emulator';
import { mockClient } from 'aws-sdk-client-mock';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import { triggerBackup } from './triggerBackup';

describe('triggerBackup', () => {
  const moto = useMotoServer();

  it('invokes an existing function asynchronously', async () => {
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'config-backup-runner',
    });
    const before = Date.now();

    const result = await triggerBackup({
      clients: createMotoClientFactory(moto.endpoint),
      functionName: 'config-backup-runner',
      payload: { source: 'ops-health' },
    });

    expect(result).toEqual({
      functionName: 'config-backup-runner',
      statusCode: 202,
      requestId: expect.any(String),
      invokedAt: expect.any(Date),
    });
    expect(result.invokedAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('stamps the invocation with the given clock', async () => {
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'config-backup-runner',
    });
    const at = new Date('2028-02-29T23:59:59.000Z');

    const result = await triggerBackup({
      clients: createMotoClientFactory(moto.endpoint),
      functionName: 'config-backup-runner',
      now: () => at,
    });

    expect(result.invokedAt).toEqual(at);
  });

  it('fails clearly for a function that does not exist', async () => {
    const attempt = triggerBackup({
      clients: createMotoClientFactory(moto.endpoint),
      accountId: '123456789012',
      functionName: 'missing-runner',
    });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toThrow(
      'Lambda function missing-runner not found',
    );
  });

  it('reports a function Invoke does not find when it may not look it up', async () => {
    // Real Lambda answers Invoke of a missing function with
    // ResourceNotFoundException; moto without Docker accepts any name.
    const lambdaMock = mockClient(LambdaClient);
    try {
      lambdaMock
        .on(GetFunctionConfigurationCommand)
        .rejects(
          Object.assign(new Error('not authorized'), {
            name: 'AccessDeniedException',
          }),
        )
        .on(InvokeCommand)
        .rejects(
          Object.assign(new Error('Function not found: arn:...'), {
            name: 'ResourceNotFoundException',
          }),
        );
      await expect(
        triggerBackup({
          clients: createMotoClientFactory(moto.endpoint),
          functionName: 'gone-runner',
        }),
      ).rejects.toThrow(
        new NotFoundError('Lambda function gone-runner not found'),
      );
      expect(lambdaMock.commandCalls(InvokeCommand)[0].args[0].input).toEqual({
        FunctionName: 'gone-runner',
        InvocationType: 'Event',
      });
    } finally {
      lambdaMock.restore();
    }
  });

  it('names the function and the AWS error when Invoke fails otherwise', async () => {
    const lambdaMock = mockClient(LambdaClient);
    try {
      lambdaMock
        .on(GetFunctionConfigurationCommand)
        .resolves({ FunctionName: 'runner' })
        .on(InvokeCommand)
        .rejects(
          Object.assign(new Error('Rate exceeded'), {
            name: 'TooManyRequestsException',
          }),
        );
      await expect(
        triggerBackup({
          clients: createMotoClientFactory(moto.endpoint),
          functionName: 'runner',
        }),
      ).rejects.toThrow(
        'Could not invoke Lambda function runner: TooManyRequestsException: Rate exceeded',
      );
    } finally {
      lambdaMock.restore();
    }
  });
});
