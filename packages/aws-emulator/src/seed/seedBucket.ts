import {
  BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { MotoClientConfig } from '../clientConfig';

/**
 * An object to put into a seeded bucket.
 *
 * @public
 */
export interface SeedObject {
  key: string;
  body: string | Uint8Array;
  contentType?: string;
}

/**
 * Options for {@link seedBucket}.
 *
 * @public
 */
export interface SeedBucketOptions {
  name: string;
  /** Enables versioning when true; when false or omitted versioning is left as it is. */
  versioning?: boolean;
  objects?: SeedObject[];
  /** Tags of the bucket, e.g. the one that proves which entity owns it. */
  tags?: Record<string, string>;
  /**
   * Whether the bucket gets what AWS gives every new bucket since 2023:
   * default encryption (SSE-S3) and all four Block Public Access settings.
   * moto gives neither by itself. Default: true.
   */
  safeguards?: boolean;
}

/**
 * Creates an S3 bucket (reusing it if it already exists) and puts objects in it.
 *
 * @public
 */
export async function seedBucket(
  config: MotoClientConfig,
  options: SeedBucketOptions,
): Promise<void> {
  const s3 = new S3Client(config);
  try {
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket: options.name,
          // us-east-1 is the one region that rejects an explicit location constraint.
          CreateBucketConfiguration:
            config.region === 'us-east-1'
              ? undefined
              : {
                  LocationConstraint: config.region as BucketLocationConstraint,
                },
        }),
      );
    } catch (error) {
      if (
        !(error instanceof S3ServiceException) ||
        error.name !== 'BucketAlreadyOwnedByYou'
      ) {
        throw error;
      }
    }
    if (options.safeguards ?? true) {
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: options.name,
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              },
            ],
          },
        }),
      );
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: options.name,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        }),
      );
    }
    if (options.versioning) {
      await s3.send(
        new PutBucketVersioningCommand({
          Bucket: options.name,
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      );
    }
    if (options.tags) {
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: options.name,
          Tagging: {
            TagSet: Object.entries(options.tags).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          },
        }),
      );
    }
    for (const object of options.objects ?? []) {
      await s3.send(
        new PutObjectCommand({
          Bucket: options.name,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
        }),
      );
    }
  } finally {
    s3.destroy();
  }
}
