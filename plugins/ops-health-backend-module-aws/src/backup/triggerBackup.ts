import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { NotFoundError } from '@backstage/errors';
import { AwsClientFactory } from '../AwsClientFactory';
import { describeError, errorName } from '../awsCalls';

/** Options for {@link triggerBackup}. @public */
export interface TriggerBackupOptions {
  clients: AwsClientFactory;
  /** Account whose credentials to use; the main account when unset. */
  accountId?: string;
  /** Name or ARN of the backup Lambda function. */
  functionName: string;
  /** Event given to the function; `{}` when unset. */
  payload?: Record<string, unknown>;
  signal?: AbortSignal;
  /**
   * The clock `invokedAt` is read from (the Ops Health clock); the system
   * clock when omitted.
   */
  now?: () => Date;
}

/** What {@link triggerBackup} started. @public */
export interface TriggerBackupResult {
  functionName: string;
  /** HTTP status of the Invoke call: 202 for an accepted asynchronous run. */
  statusCode: number;
  /** Request id of the Invoke call, to find the run in the function's logs. */
  requestId?: string;
  invokedAt: Date;
}

/**
 * Starts the backup Lambda function of an entity once, asynchronously
 * (InvocationType `Event`): resolves once Lambda has queued the run, without
 * waiting for the backup to finish.
 *
 * @remarks
 * Looks the function up first (GetFunctionConfiguration), so that a missing
 * function is reported as such even where Invoke would accept any name (moto
 * without Docker does); when that look-up is not allowed, Invoke alone
 * decides. Needs `lambda:InvokeFunction`, and preferably
 * `lambda:GetFunctionConfiguration`.
 *
 * @throws NotFoundError when the function does not exist; an Error naming the
 * function and the AWS error otherwise.
 * @public
 */
export async function triggerBackup(
  options: TriggerBackupOptions,
): Promise<TriggerBackupResult> {
  const { functionName } = options;
  let invokedAt: Date;
  let response;
  try {
    const lambda = await options.clients.lambda(options.accountId);
    await ensureFunctionExists(lambda, functionName, options.signal);
    invokedAt = options.now?.() ?? new Date();
    response = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: options.payload
          ? new TextEncoder().encode(JSON.stringify(options.payload))
          : undefined,
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    if (error instanceof NotFoundError) throw error;
    if (errorName(error) === 'ResourceNotFoundException') {
      throw new NotFoundError(`Lambda function ${functionName} not found`);
    }
    throw new Error(
      `Could not invoke Lambda function ${functionName}: ${describeError(
        error,
      )}`,
      { cause: error },
    );
  }

  const statusCode = response.StatusCode ?? response.$metadata.httpStatusCode;
  if (statusCode !== 202) {
    throw new Error(
      `Lambda did not accept the asynchronous run of ${functionName} (HTTP ${
        statusCode ?? 'unknown'
      }${response.FunctionError ? `, ${response.FunctionError}` : ''})`,
    );
  }
  return {
    functionName,
    statusCode,
    requestId: response.$metadata.requestId,
    invokedAt,
  };
}

async function ensureFunctionExists(
  lambda: LambdaClient,
  functionName: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName }),
      { abortSignal: signal },
    );
  } catch (error) {
    const name = errorName(error);
    if (name === 'ResourceNotFoundException') {
      throw new NotFoundError(`Lambda function ${functionName} not found`);
    }
    // Not allowed to look it up: let Invoke tell.
    if (name === 'AccessDeniedException') return;
    throw error;
  }
}
