import {
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { MotoClientConfig } from '../clientConfig';

/**
 * Options for {@link seedRole}.
 *
 * @public
 */
export interface SeedRoleOptions {
  name: string;
  /** Service principal allowed to assume the role. Defaults to `s3.amazonaws.com`. */
  trustedService?: string;
  /**
   * Actions the role may take, as one inline policy on every resource, e.g.
   * the replication permissions `s3:GetObjectVersionForReplication`,
   * `s3:ReplicateObject`. None when omitted.
   */
  allow?: string[];
}

/**
 * Creates an IAM role that the given AWS service may assume, or reuses an
 * existing role of that name.
 *
 * @returns The role ARN.
 * @public
 */
export async function seedRole(
  config: MotoClientConfig,
  options: SeedRoleOptions,
): Promise<string> {
  const trustPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: options.trustedService ?? 's3.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  const iam = new IAMClient(config);
  try {
    try {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: options.name,
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
        }),
      );
      if (options.allow?.length) {
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: options.name,
            PolicyName: `${options.name}-permissions`,
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: options.allow, Resource: '*' },
              ],
            }),
          }),
        );
      }
      return created.Role!.Arn!;
    } catch (error) {
      if (!(error instanceof EntityAlreadyExistsException)) {
        throw error;
      }
      const existing = await iam.send(
        new GetRoleCommand({ RoleName: options.name }),
      );
      return existing.Role!.Arn!;
    }
  } finally {
    iam.destroy();
  }
}
