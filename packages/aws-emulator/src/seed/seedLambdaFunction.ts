import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ResourceNotFoundException,
  Runtime,
} from '@aws-sdk/client-lambda';
import { MotoClientConfig } from '../clientConfig';
import { disableLambdaDocker } from '../motoApi';
import { createZip } from './createZip';
import { seedRole } from './seedRole';

const DEFAULT_HANDLER_CODE = `import json


def handler(event, context):
    print("INFO received event", json.dumps(event))
    return {"ok": True}
`;

/**
 * Options for {@link seedLambdaFunction}.
 *
 * @public
 */
export interface SeedLambdaFunctionOptions {
  name: string;
  /** Execution role, created when missing. Defaults to `<name>-role`. */
  roleName?: string;
  /** Source of `index.py`; its `handler` function is the entry point. */
  code?: string;
  /** Defaults to `python3.12`. */
  runtime?: Runtime;
  description?: string;
  environment?: Record<string, string>;
  /** Tags of the function, e.g. the one that proves which entity owns it. */
  tags?: Record<string, string>;
  /** Timeout in seconds; Lambda's default is 3. */
  timeoutSeconds?: number;
  /** Memory in MB; Lambda's default is 128. */
  memorySizeMb?: number;
}

/**
 * Creates a Python Lambda function from an in-memory zip, together with its
 * execution role, or returns the existing function of that name.
 *
 * @remarks
 * Configures moto to not use Docker for Lambda first, so the function is
 * stored but never executed.
 *
 * @returns The function ARN.
 * @public
 */
export async function seedLambdaFunction(
  config: MotoClientConfig,
  endpoint: string,
  options: SeedLambdaFunctionOptions,
): Promise<string> {
  await disableLambdaDocker(endpoint);
  const role = await seedRole(config, {
    name: options.roleName ?? `${options.name}-role`,
    trustedService: 'lambda.amazonaws.com',
  });

  const lambda = new LambdaClient(config);
  try {
    try {
      const existing = await lambda.send(
        new GetFunctionCommand({ FunctionName: options.name }),
      );
      return existing.Configuration!.FunctionArn!;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) {
        throw error;
      }
    }
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: options.name,
        Runtime: options.runtime ?? 'python3.12',
        Role: role,
        Handler: 'index.handler',
        Description: options.description,
        Environment: options.environment
          ? { Variables: options.environment }
          : undefined,
        Tags: options.tags,
        Timeout: options.timeoutSeconds,
        MemorySize: options.memorySizeMb,
        Code: {
          ZipFile: createZip([
            { name: 'index.py', content: options.code ?? DEFAULT_HANDLER_CODE },
          ]),
        },
      }),
    );
    return created.FunctionArn!;
  } finally {
    lambda.destroy();
  }
}
