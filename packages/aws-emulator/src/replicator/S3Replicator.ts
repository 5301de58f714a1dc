import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  CopyObjectCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ReplicationRule,
  S3Client,
} from '@aws-sdk/client-s3';
import { MotoClientConfig } from '../clientConfig';

/**
 * Options for {@link S3Replicator}.
 *
 * @public
 */
export interface S3ReplicatorOptions {
  /** How long after it appears a new object is copied; default 2 s. */
  delayMs?: number;
  /** How often the buckets are scanned; default 1 s. */
  intervalMs?: number;
  /** Told about each copy and each rule that cannot replicate. */
  log?: (message: string) => void;
}

/**
 * One rule that replicates, resolved to its destination bucket.
 */
interface LiveRule {
  id: string;
  prefix: string;
  destination: string;
}

/**
 * What S3 does and moto does not: copies each new object version of a
 * bucket to the destinations of its enabled replication rules, a short
 * delay after it was written. Like S3, only a configuration that can work
 * replicates: versioning enabled on the source and on the destination, and a
 * replication role that exists, that S3 may assume and whose inline policy
 * allows `s3:ReplicateObject`. Objects that were there
 * when the replicator started are left alone, as S3 leaves the objects that
 * predate a rule (that takes Batch Replication). It does not set the
 * source object's `ReplicationStatus` (moto offers no way to).
 *
 * @public
 */
export class S3Replicator {
  readonly #s3: S3Client;
  readonly #iam: IAMClient;
  readonly #delayMs: number;
  readonly #intervalMs: number;
  readonly #log: (message: string) => void;
  /** bucket/key/version → when first seen (ms), or 'done'. */
  readonly #versions = new Map<string, number | 'done'>();
  /** Rules already reported as not replicating, to say it once. */
  readonly #reported = new Set<string>();
  #timer?: NodeJS.Timeout;
  #scanning?: Promise<string[]>;

  constructor(config: MotoClientConfig, options: S3ReplicatorOptions = {}) {
    this.#s3 = new S3Client(config);
    this.#iam = new IAMClient(config);
    this.#delayMs = options.delayMs ?? 2000;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#log = options.log ?? (() => {});
  }

  /** Notes what is there now (never copied), then scans on the interval. */
  async start(): Promise<void> {
    await this.scan(Date.now(), { baseline: true });
    this.#timer = setInterval(() => {
      if (this.#scanning) return;
      this.#scanning = this.scan(Date.now())
        .catch(error => {
          this.#log(`replicator: scan failed: ${(error as Error).message}`);
          return [];
        })
        .finally(() => {
          this.#scanning = undefined;
        });
    }, this.#intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#scanning;
    this.#s3.destroy();
    this.#iam.destroy();
  }

  /**
   * One pass over every bucket with a replication configuration; copies
   * what is due and returns the copies made (`source/key → destination`).
   * With `baseline`, only notes the versions that are there.
   */
  async scan(
    now: number,
    opts: { baseline?: boolean } = {},
  ): Promise<string[]> {
    const copied: string[] = [];
    const { Buckets = [] } = await this.#s3.send(new ListBucketsCommand({}));
    for (const { Name: bucket } of Buckets) {
      if (!bucket) continue;
      const rules = await this.#liveRules(bucket);
      if (rules === undefined) continue;
      const versions = await this.#latestVersions(bucket);
      for (const { key, versionId } of versions) {
        const id = `${bucket}/${key}#${versionId}`;
        const seen = this.#versions.get(id);
        if (seen === 'done') continue;
        if (opts.baseline) {
          this.#versions.set(id, 'done');
          continue;
        }
        if (seen === undefined) {
          this.#versions.set(id, now);
          if (this.#delayMs > 0) continue;
        } else if (now - seen < this.#delayMs) {
          continue;
        }
        // S3 applies the matching rule of the highest priority.
        const rule = rules.find(r => key.startsWith(r.prefix));
        if (rule) {
          await this.#s3.send(
            new CopyObjectCommand({
              Bucket: rule.destination,
              Key: key,
              CopySource: `${bucket}/${encodeURIComponent(
                key,
              )}?versionId=${versionId}`,
            }),
          );
          copied.push(`${bucket}/${key} → ${rule.destination}`);
          this.#log(
            `replicated ${bucket}/${key} to ${rule.destination} (rule ${rule.id})`,
          );
        }
        this.#versions.set(id, 'done');
      }
    }
    return copied;
  }

  /** The rules that replicate, by priority; undefined without a configuration. */
  async #liveRules(bucket: string): Promise<LiveRule[] | undefined> {
    let configuration;
    try {
      ({ ReplicationConfiguration: configuration } = await this.#s3.send(
        new GetBucketReplicationCommand({ Bucket: bucket }),
      ));
    } catch {
      return undefined; // no replication configuration
    }
    if (!configuration) return undefined;
    const problems: string[] = [];
    if ((await this.#versioning(bucket)) !== 'Enabled') {
      problems.push('versioning is not enabled on the source');
    }
    const role = await this.#role(configuration.Role ?? '');
    if (!role.trustsS3) {
      problems.push(
        `role ${configuration.Role} is missing or S3 may not assume it`,
      );
    } else if (!role.mayReplicate) {
      problems.push(`role ${configuration.Role} may not s3:ReplicateObject`);
    }
    const live: LiveRule[] = [];
    const rules = [...(configuration.Rules ?? [])].sort(
      (a, b) => (b.Priority ?? 0) - (a.Priority ?? 0),
    );
    for (const rule of rules) {
      if (rule.Status !== 'Enabled') continue;
      const destination = (rule.Destination?.Bucket ?? '').replace(
        /^arn:aws:s3:::/,
        '',
      );
      const ruleProblems = [...problems];
      if ((await this.#versioning(destination)) !== 'Enabled') {
        ruleProblems.push(`versioning is not enabled on ${destination}`);
      }
      if (ruleProblems.length) {
        this.#reportOnce(bucket, rule, ruleProblems);
        continue;
      }
      live.push({ id: rule.ID ?? '', prefix: prefixOf(rule), destination });
    }
    return live;
  }

  #reportOnce(bucket: string, rule: ReplicationRule, problems: string[]) {
    const key = `${bucket}/${rule.ID}/${problems.join()}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.#log(
      `rule ${rule.ID} of ${bucket} does not replicate: ${problems.join('; ')}`,
    );
  }

  async #versioning(bucket: string): Promise<string | undefined> {
    try {
      const { Status } = await this.#s3.send(
        new GetBucketVersioningCommand({ Bucket: bucket }),
      );
      return Status;
    } catch {
      return undefined; // the bucket does not exist
    }
  }

  /** Whether S3 may assume the role, and whether its inline policies allow replicating. */
  async #role(roleArn: string) {
    const result = { trustsS3: false, mayReplicate: false };
    const name = roleArn.split('/').pop();
    if (!name) return result;
    try {
      const { Role } = await this.#iam.send(
        new GetRoleCommand({ RoleName: name }),
      );
      result.trustsS3 = decodeURIComponent(
        Role?.AssumeRolePolicyDocument ?? '',
      ).includes('s3.amazonaws.com');
      const { PolicyNames = [] } = await this.#iam.send(
        new ListRolePoliciesCommand({ RoleName: name }),
      );
      for (const PolicyName of PolicyNames) {
        const { PolicyDocument = '' } = await this.#iam.send(
          new GetRolePolicyCommand({ RoleName: name, PolicyName }),
        );
        if (
          /"(s3:ReplicateObject|s3:\*|\*)"/.test(
            decodeURIComponent(PolicyDocument),
          )
        ) {
          result.mayReplicate = true;
        }
      }
    } catch {
      // a missing role replicates nothing
    }
    return result;
  }

  async #latestVersions(bucket: string) {
    const versions: Array<{ key: string; versionId: string }> = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (;;) {
      const page = await this.#s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          KeyMarker,
          VersionIdMarker,
        }),
      );
      for (const v of page.Versions ?? []) {
        if (v.IsLatest && v.Key) {
          versions.push({ key: v.Key, versionId: v.VersionId ?? 'null' });
        }
      }
      if (!page.IsTruncated) return versions;
      KeyMarker = page.NextKeyMarker;
      VersionIdMarker = page.NextVersionIdMarker;
    }
  }
}

function prefixOf(rule: ReplicationRule): string {
  return rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? '';
}
