/*
 * An AWS that runs in this process, for the benchmarks: real AWS SDK v3
 * clients whose requests are answered by a middleware, from a generated
 * world of accounts, cost-tagged services, replicated buckets and backups.
 * Cost Explorer answers with JSON bodies that the SDK's deserializer parses,
 * as it parses a real answer. (Its large answers built here as objects were
 * pretenured by V8, allocated straight into the old generation: with
 * `--no-allocation-site-pretenuring` the collector's first refresh peaked
 * at 403 MB RSS instead of 545 MB. Parsed from JSON by the SDK they stay in
 * the young generation.) The other services' small answers are handed to
 * the SDK before serialization. Every request is counted per service and
 * API; list APIs page as AWS does (1,000 keys a ListObjectsV2 page, 500
 * queries a GetMetricData call, Cost Explorer answers split into pages).
 */
import {
  AwsClientFactory,
  DefaultAwsClientFactory,
} from '../plugins/ops-health-backend-module-aws/src/AwsClientFactory';

/** Groups a Cost Explorer page holds before it sets NextPageToken. */
export const CE_GROUPS_PER_PAGE = 5_000;
/** Threshold the world's hot services exceed (the bench's daily threshold). */
export const DAILY_THRESHOLD = 100;

export type WorldEntity = {
  name: string;
  accountId: string;
  costTag: string;
  /** Over the daily threshold. */
  hot: boolean;
  bucket?: string;
  backupLocation?: { bucket: string; prefix: string };
};

export type World = {
  now: Date;
  accounts: string[];
  entities: WorldEntity[];
  resourceTagKey: string;
  /** bucket → entity ref that owns it */
  bucketOwner: Map<string, string>;
};

/**
 * `count` services over `accountCount` accounts; one in 20 over its daily
 * threshold (5 %), one in 5 with a replicated bucket, one in 10 with S3
 * backups.
 */
export function createWorld(options: {
  count: number;
  accountCount: number;
  now: Date;
}): World {
  const accounts = Array.from(
    { length: options.accountCount },
    (_, i) => `1000000000${String(i + 10).padStart(2, '0')}`,
  );
  const bucketOwner = new Map<string, string>();
  const entities: WorldEntity[] = [];
  for (let i = 0; i < options.count; i++) {
    const name = `svc-${String(i).padStart(5, '0')}`;
    const entity: WorldEntity = {
      name,
      accountId: accounts[i % accounts.length],
      costTag: name,
      hot: i % 20 === 0,
    };
    if (i % 5 === 1) {
      entity.bucket = `${name}-data`;
      bucketOwner.set(entity.bucket, `component:default/${name}`);
    }
    if (i % 10 === 2) {
      entity.backupLocation = { bucket: `${name}-backups`, prefix: 'nightly/' };
      bucketOwner.set(
        entity.backupLocation.bucket,
        `component:default/${name}`,
      );
    }
    entities.push(entity);
  }
  return {
    now: options.now,
    accounts,
    entities,
    resourceTagKey: 'ops-health/entity',
    bucketOwner,
  };
}

/** Requests counted per service and API. */
export class RequestCounter {
  readonly counts: Record<string, Record<string, number>> = {};
  add(service: string, api: string) {
    const byApi = (this.counts[service] ??= {});
    byApi[api] = (byApi[api] ?? 0) + 1;
  }
  total(service: string): number {
    return Object.values(this.counts[service] ?? {}).reduce((a, b) => a + b, 0);
  }
  reset() {
    for (const key of Object.keys(this.counts)) delete this.counts[key];
  }
}

function awsError(name: string, status = 404) {
  return Object.assign(new Error(name), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });
}

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Answers one request of the world (Cost Explorer's: {@link costAndUsageBody}). */
function answer(world: World, service: string, api: string, input: any): any {
  switch (`${service}.${api}`) {
    case 'S3.GetBucketTagging': {
      const owner = world.bucketOwner.get(input.Bucket);
      if (!owner) throw awsError('NoSuchBucket');
      return { TagSet: [{ Key: world.resourceTagKey, Value: owner }] };
    }
    case 'S3.GetBucketReplication':
      if (!world.bucketOwner.has(input.Bucket)) throw awsError('NoSuchBucket');
      return {
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::100000000010:role/s3-replication',
          Rules: [
            {
              ID: 'all',
              Status: 'Enabled',
              Priority: 1,
              Filter: {},
              DeleteMarkerReplication: { Status: 'Disabled' },
              Destination: {
                Bucket: `arn:aws:s3:::${input.Bucket}-replica`,
                ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
                Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
              },
            },
          ],
        },
      };
    case 'S3.GetBucketVersioning':
      return { Status: 'Enabled' };
    case 'S3.GetBucketEncryption':
      return {
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          ],
        },
      };
    case 'S3.GetPublicAccessBlock':
      return {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      };
    case 'S3.ListObjectsV2': {
      // Thirty nightly backups, newest last night; 1,000 keys a page.
      const keys = Array.from({ length: 30 }, (_, i) => ({
        Key: `${input.Prefix ?? ''}backup-${day(
          world.now.getTime() - i * DAY_MS,
        )}.tar.gz`,
        LastModified: new Date(world.now.getTime() - 3_600_000 - i * DAY_MS),
        Size: 1_000_000_000,
      }));
      return { Contents: keys, KeyCount: keys.length, IsTruncated: false };
    }
    case 'IAM.GetRole':
      return {
        Role: {
          RoleName: input.RoleName,
          Arn: `arn:aws:iam::100000000010:role/${input.RoleName}`,
          Path: '/',
          RoleId: 'AROAEXAMPLE',
          CreateDate: new Date(0),
          AssumeRolePolicyDocument: encodeURIComponent(
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 's3.amazonaws.com' },
                  Action: 'sts:AssumeRole',
                },
              ],
            }),
          ),
        },
      };
    case 'CloudWatch.GetMetricData': {
      const queries: any[] = input.MetricDataQueries ?? [];
      if (queries.length > 500) throw awsError('ValidationError', 400);
      const end = world.now.getTime();
      return {
        MetricDataResults: queries.map(q => {
          const name = q.MetricStat?.Metric?.MetricName as string;
          const value = name === 'ReplicationLatency' ? 30 : 0;
          return {
            Id: q.Id,
            StatusCode: 'Complete',
            Timestamps: [0, 1, 2].map(i => new Date(end - (i + 1) * 300_000)),
            Values: [value, value, value],
          };
        }),
      };
    }
    default:
      throw awsError(`NotImplementedInBench:${service}.${api}`, 501);
  }
}

/**
 * Cost Explorer: DAILY groups by a tag key, or by tag key and SERVICE; the
 * answer's JSON body as AWS sends it, written as text (the SDK's own
 * deserializer parses it, as it parses a real answer). Not built as objects
 * and stringified: a page's objects, all alive until then, would again be
 * pretenured (see the top of this file).
 */
function costAndUsageBody(world: World, accountId: string, input: any) {
  const start = Date.parse(input.TimePeriod.Start);
  const end = Date.parse(input.TimePeriod.End);
  const days: number[] = [];
  for (let t = start; t < end && t <= world.now.getTime(); t += DAY_MS) {
    days.push(t);
  }
  const groupBy: Array<{ Type: string; Key: string }> = input.GroupBy ?? [];
  const values: string[] | undefined = input.Filter?.Tags?.Values;
  const filter = values ? new Set(values) : undefined;
  const tagKey = groupBy.find(g => g.Type === 'TAG')?.Key;
  const bySer = groupBy.some(g => g.Type === 'DIMENSION');
  // Every (day, entity, service) is one group; a page holds
  // CE_GROUPS_PER_PAGE of them, computed from the token's offset alone.
  const entities = world.entities.filter(
    e => e.accountId === accountId && (!filter || filter.has(e.costTag)),
  );
  const services: Array<[string | undefined, number]> = bySer
    ? [
        ['AWS Lambda', 0.6],
        ['Amazon Simple Storage Service', 0.4],
      ]
    : [[undefined, 1]];
  const perDay = entities.length * services.length;
  const total = days.length * perDay;
  const offset = input.NextPageToken ? Number(input.NextPageToken) : 0;
  const stop = Math.min(total, offset + CE_GROUPS_PER_PAGE);
  const results: string[] = [];
  let index = offset;
  while (index < stop) {
    const dayNumber = Math.floor(index / perDay);
    const t = days[dayNumber];
    const dayStop = Math.min(stop, (dayNumber + 1) * perDay);
    const groups: string[] = [];
    for (; index < dayStop; index++) {
      const within = index % perDay;
      const e = entities[Math.floor(within / services.length)];
      const [service, share] = services[within % services.length];
      const amount = (e.hot ? 150 : 20) * share;
      const keys = [
        ...(tagKey ? [`${tagKey}$${e.costTag}`] : []),
        ...(service ? [service] : []),
      ];
      groups.push(
        `{"Keys":${JSON.stringify(keys)},"Metrics":{"UnblendedCost":` +
          `{"Amount":"${amount}","Unit":"USD"}}}`,
      );
    }
    results.push(
      `{"TimePeriod":{"Start":"${day(t)}","End":"${day(t + DAY_MS)}"},` +
        `"Total":{},"Groups":[${groups.join(',')}],"Estimated":true}`,
    );
  }
  return (
    `{"GroupDefinitions":${JSON.stringify(groupBy)},` +
    `"ResultsByTime":[${results.join(',')}],"DimensionValueAttributes":[]` +
    `${stop < total ? `,"NextPageToken":"${stop}"` : ''}}`
  );
}

/** The API of a request (`GetCostAndUsage`), from its middleware context. */
export const apiOf = (context: { commandName?: string }) =>
  String(context.commandName).replace(/Command$/, '');

/** The one API answered with an HTTP body (see {@link inProcessClients}). */
const answersOverHttp = (service: string, api: string) =>
  service === 'CostExplorer' && api === 'GetCostAndUsage';

/** The factory's methods, and the service name each request is counted under. */
const SERVICES: Record<keyof AwsClientFactory, string> = {
  s3: 'S3',
  costExplorer: 'CostExplorer',
  cloudWatch: 'CloudWatch',
  cloudWatchLogs: 'Logs',
  iam: 'IAM',
  lambda: 'Lambda',
  backup: 'Backup',
  cloudTrail: 'CloudTrail',
  sts: 'STS',
  tagging: 'Tagging',
};

/**
 * The factory's clients, each with `middleware` (made for its service and
 * account) added once, at the initialize step (before the request is
 * serialized) or at the deserialize step (after the SDK's deserializer, in
 * place of the HTTP request).
 */
export function withMiddleware(
  factory: AwsClientFactory,
  name: string,
  middleware: (service: string, accountId: string | undefined) => any,
  step: 'initialize' | 'deserialize' = 'initialize',
): AwsClientFactory {
  const added = new WeakSet<object>();
  const wrapped: Record<string, unknown> = {};
  for (const [method, service] of Object.entries(SERVICES)) {
    wrapped[method] = async (accountId?: string) => {
      const client = await (factory as any)[method](accountId);
      if (!added.has(client)) {
        added.add(client);
        client.middlewareStack.add(middleware(service, accountId), {
          step,
          name,
          priority: 'low',
        });
      }
      return client;
    };
  }
  return wrapped as unknown as AwsClientFactory;
}

/**
 * A client factory whose clients answer from the world and count every
 * request in `counter`: the module's own factory (its clients configured as
 * in production), with a middleware that answers each request before it is
 * serialized. Cost Explorer, whose answers are the large ones, is answered
 * later, as AWS answers: its request is serialized and signed, and the
 * answer is a JSON body that the SDK's deserializer parses.
 */
export function inProcessClients(
  world: World,
  counter: RequestCounter,
): AwsClientFactory {
  const factory = new DefaultAwsClientFactory({
    credentialsManager: {
      getCredentialProvider: async () => ({
        sdkCredentialProvider: async () => ({
          accessKeyId: 'bench',
          secretAccessKey: 'bench',
        }),
      }),
    },
    region: 'us-east-1',
    maxAttempts: 3,
  });
  const overHttp = withMiddleware(
    factory,
    'inProcessAwsHttp',
    (service, accountId) => (next: any, context: any) => async (args: any) => {
      if (!answersOverHttp(service, apiOf(context))) return next(args);
      const body = costAndUsageBody(
        world,
        accountId ?? world.accounts[0],
        JSON.parse(args.request.body),
      );
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: Buffer.from(body),
        },
      };
    },
    'deserialize',
  );
  return withMiddleware(
    overHttp,
    'inProcessAws',
    service => (next: any, context: any) => async (args: any) => {
      const api = apiOf(context);
      counter.add(service, api);
      if (answersOverHttp(service, api)) return next(args);
      return {
        output: {
          $metadata: { httpStatusCode: 200 },
          ...answer(world, service, api, args.input),
        },
        response: {},
      };
    },
  );
}
