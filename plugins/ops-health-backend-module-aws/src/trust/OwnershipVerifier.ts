import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ownerRefOf } from '@ops-health/backstage-plugin-ops-health-common';
import { AwsClientFactory } from '../AwsClientFactory';
import { CallCounter, describeError, errorName, httpStatus } from '../awsCalls';
import { ServiceUnavailableError } from '@backstage/errors';
import { TrustConfig, TrustedEntities } from '../config';

/**
 * What the checks and actions ask before they read or act on an entity's
 * AWS resources; {@link OwnershipVerifier} answers it. The resource
 * questions throw (a ServiceUnavailableError) when AWS did not answer
 * (throttled, timed out, unreachable): no verdict either way.
 *
 * @public
 */
export interface ResourceOwnership {
  /** A verifier for one run: its own cache, counting its calls. */
  forRun(calls?: CallCounter): ResourceOwnership;
  /** Why the entity may not use its AWS account; undefined when it may. */
  accountProblem(claimant: Claimant): string | undefined;
  /**
   * Why the entity may not measure the cost of these cost allocation tags
   * (its `ops-health/cost-tags`); undefined when it may.
   */
  costTagsProblem(
    claimant: Claimant,
    tags: Array<{ key: string; value: string }>,
  ): string | undefined;
  /** Why the bucket is not proven to be the entity's; undefined when it is. */
  bucketProblem(
    accountId: string | undefined,
    bucket: string,
    entityRef: string,
  ): Promise<string | undefined>;
  /** Why the function is not proven to be the entity's; undefined when it is. */
  functionProblem(
    accountId: string | undefined,
    functionName: string,
    entityRef: string,
  ): Promise<string | undefined>;
  /**
   * Why the resource (any ARN, e.g. the one AWS Backup protects) is not
   * proven to be the entity's; undefined when it is.
   */
  resourceProblem(
    accountId: string | undefined,
    arn: string,
    entityRef: string,
  ): Promise<string | undefined>;
}

/**
 * The entity whose resources are checked.
 *
 * @public
 */
export type Claimant = {
  entity: Entity;
  entityRef: string;
  config: { accountId?: string };
};

/** The most pages of GetResources read for one ARN (AWS answers in one). */
const MAX_TAG_PAGES = 20;

/**
 * Whether a location's path names a '.' or '..' segment, written plainly or
 * percent-encoded (once or more), after / or a backslash, with control
 * characters in it or not: one in a listed folder by
 * its text may be read from outside it
 * (`…/payments/blob/main/../../../../evil/…` is another repository's file).
 */
function hasDotSegments(location: string): boolean {
  let text = location;
  for (let i = 0; i < 5; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return true; // not a location the catalog could have read
    }
    if (decoded === text) break;
    text = decoded;
  }
  // URL parsers drop tabs and line breaks (`.%09.` is `..` to them).
  return [...text]
    .filter(c => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)
    .join('')
    .split(/[\\/]/)
    .some(s => s === '.' || s === '..');
}

/**
 * What proves that the AWS resources an entity names are its own — the
 * trust model: `catalog-info.yaml` is written by anyone who can open a pull
 * request, and its `spec.owner` with it, so an annotation alone never
 * decides what the platform's credentials read or act on.
 *
 * - An account other than the main one must be mapped in
 *   `opsHealth.trust.accounts` to the entity's owner or namespace (the main
 *   account too, when it is listed there as `main`).
 * - A bucket, function or other resource (the one AWS Backup protects) must
 *   carry the tag `opsHealth.trust.resourceTagKey` (default
 *   `ops-health:entity`) whose value names the entity's full ref (several
 *   refs comma separated): only someone who may change the resource in AWS
 *   can put it there.
 *
 * Answers are kept for the life of the verifier (one collection run, or
 * one action), so each resource's tags are read once.
 *
 * @public
 */
export class OwnershipVerifier implements ResourceOwnership {
  static create(options: {
    clients: AwsClientFactory;
    trust: TrustConfig;
    calls?: CallCounter;
  }) {
    return new OwnershipVerifier(options.clients, options.trust, options.calls);
  }

  private readonly tags = new Map<string, Promise<TagAnswer>>();

  private constructor(
    private readonly clients: AwsClientFactory,
    private readonly trust: TrustConfig,
    private readonly calls?: CallCounter,
  ) {}

  /** A verifier for one run: its own cache, counting into `calls`. */
  forRun(calls?: CallCounter): OwnershipVerifier {
    return new OwnershipVerifier(this.clients, this.trust, calls);
  }

  /** Why the entity may not use its AWS account; undefined when it may. */
  accountProblem(claimant: Claimant): string | undefined {
    const accountId = claimant.config.accountId ?? 'main';
    const { accounts } = this.trust;
    const entry = accounts?.find(a => a.accountId === accountId);
    if (!entry) {
      if (accountId === 'main') return undefined;
      return `account ${accountId} is not mapped to this entity's owner or namespace in opsHealth.trust.accounts: ask the platform team to add it (ops-health/aws-account-id alone does not let an entity use an account)`;
    }
    const refusal = refusalOf(entry, claimant.entity);
    return refusal
      ? `the ${
          accountId === 'main' ? 'main account' : `account ${accountId}`
        } may be used by ${describeEntry(
          entry,
        )} (opsHealth.trust.accounts), not by ${refusal}`
      : undefined;
  }

  /**
   * Why the entity may not measure the cost of these tags: one of them is
   * listed in `opsHealth.trust.costTags` for other entities (a tag set
   * narrower than another team's, `team=payments,env=prod`, names that
   * team's tag), or, with `requireCostTagMapping`, none of them is listed.
   */
  costTagsProblem(
    claimant: Claimant,
    tags: Array<{ key: string; value: string }>,
  ): string | undefined {
    const listed = tags.flatMap(tag => {
      const entry = this.trust.costTags?.find(
        t => t.key === tag.key && t.value === tag.value,
      );
      return entry ? [entry] : [];
    });
    for (const entry of listed) {
      const refusal = refusalOf(entry, claimant.entity);
      if (refusal) {
        return `the cost of the tag ${entry.key}=${
          entry.value
        } may be measured by ${describeEntry(
          entry,
        )} (opsHealth.trust.costTags), not by ${refusal}`;
      }
    }
    if (this.trust.requireCostTagMapping && listed.length === 0) {
      return `none of the cost tags ${tags
        .map(t => `${t.key}=${t.value}`)
        .join(
          ',',
        )} is listed in opsHealth.trust.costTags, which opsHealth.trust.requireCostTagMapping requires: ask the platform team to list the tag that selects this entity's resources with its owner, namespace or location`;
    }
    return undefined;
  }

  /** Why the bucket is not proven to be the entity's; undefined when it is. */
  bucketProblem(
    accountId: string | undefined,
    bucket: string,
    entityRef: string,
  ): Promise<string | undefined> {
    return this.tagProblem({
      key: `s3:${accountId ?? ''}:${bucket}`,
      what: `bucket ${bucket}`,
      entityRef,
      read: () => this.bucketTags(accountId, bucket),
      howTo: tag =>
        `aws s3api put-bucket-tagging --bucket ${bucket} --tagging 'TagSet=[{Key=${this.trust.resourceTagKey},Value=${tag}}]' (keep its other tags in the set)`,
    });
  }

  /** Why the function is not proven to be the entity's; undefined when it is. */
  functionProblem(
    accountId: string | undefined,
    functionName: string,
    entityRef: string,
  ): Promise<string | undefined> {
    return this.tagProblem({
      key: `lambda:${accountId ?? ''}:${functionName}`,
      what: `function ${functionName}`,
      entityRef,
      read: () => this.functionTags(accountId, functionName),
      howTo: tag =>
        `aws lambda tag-resource --resource <the function's ARN> --tags '${this.trust.resourceTagKey}=${tag}'`,
    });
  }

  /**
   * Why the resource is not proven to be the entity's; undefined when it
   * is. Its tags come from the Resource Groups Tagging API, which answers
   * for any resource type; a resource it does not list is untagged or not
   * there, and either way not proven.
   */
  resourceProblem(
    accountId: string | undefined,
    arn: string,
    entityRef: string,
  ): Promise<string | undefined> {
    return this.tagProblem({
      key: `arn:${accountId ?? ''}:${arn}`,
      what: `resource ${arn}`,
      entityRef,
      read: () => this.resourceTags(accountId, arn),
      howTo: tag =>
        `aws resourcegroupstaggingapi tag-resources --resource-arn-list ${arn} --tags '${this.trust.resourceTagKey}=${tag}'`,
    });
  }

  /** The resource's tags (read once per verifier) against the entity. */
  private async tagProblem(resource: {
    key: string;
    what: string;
    entityRef: string;
    read: () => Promise<TagAnswer>;
    howTo: (tag: string) => string;
  }): Promise<string | undefined> {
    if (!this.trust.requireResourceTag) return undefined;
    let answer = this.tags.get(resource.key);
    if (!answer) {
      answer = resource.read();
      this.tags.set(resource.key, answer);
    }
    return this.problem(
      await answer,
      resource.what,
      resource.entityRef,
      resource.howTo,
    );
  }

  private problem(
    answer: TagAnswer,
    what: string,
    entityRef: string,
    howTo: (tag: string) => string,
  ): string | undefined {
    if (answer.kind === 'missing') return undefined; // the check says so
    const key = this.trust.resourceTagKey;
    if (answer.kind === 'error') {
      return `could not read the tags of ${what} to prove it belongs to this entity: ${answer.error}`;
    }
    if (answer.kind === 'unavailable') {
      // A failure of this run, not a verdict: the entity's last result
      // stands (marked stale) until the tags can be read.
      throw new ServiceUnavailableError(
        `Could not read the tags of ${what} to prove it belongs to this entity: ${answer.error}; try again later`,
      );
    }
    const value = answer.tags[key];
    if (value !== undefined && namesEntity(value, entityRef)) return undefined;
    return `${what} does not carry the tag ${key} naming ${entityRef}${
      value !== undefined ? ` (it names ${value})` : ''
    }, so it is not proven to belong to this entity; tag it: ${howTo(
      entityRef,
    )}`;
  }

  private async bucketTags(
    accountId: string | undefined,
    bucket: string,
  ): Promise<TagAnswer> {
    this.calls?.add('GetBucketTagging');
    try {
      const s3 = await this.clients.s3(accountId);
      const { TagSet } = await s3.send(
        new GetBucketTaggingCommand({ Bucket: bucket }),
      );
      return {
        kind: 'tags',
        tags: Object.fromEntries(
          (TagSet ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
        ),
      };
    } catch (error) {
      const name = errorName(error);
      if (name === 'NoSuchTagSet') return { kind: 'tags', tags: {} };
      if (name === 'NoSuchBucket') return { kind: 'missing' };
      return failedRead(error);
    }
  }

  private async functionTags(
    accountId: string | undefined,
    functionName: string,
  ): Promise<TagAnswer> {
    this.calls?.add('GetFunction');
    try {
      const lambda = await this.clients.lambda(accountId);
      const { Tags } = await lambda.send(
        new GetFunctionCommand({ FunctionName: functionName }),
      );
      return { kind: 'tags', tags: { ...Tags } };
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        return { kind: 'missing' };
      }
      return failedRead(error);
    }
  }

  private async resourceTags(
    accountId: string | undefined,
    arn: string,
  ): Promise<TagAnswer> {
    try {
      const tagging = await this.clients.tagging(accountId);
      let token: string | undefined;
      let pages = 0;
      do {
        this.calls?.add('GetResources');
        const page = await tagging.send(
          new GetResourcesCommand({
            ResourceARNList: [arn],
            ...(token ? { PaginationToken: token } : {}),
          }),
        );
        const found = page.ResourceTagMappingList?.find(
          r => r.ResourceARN === arn,
        );
        if (found) {
          return {
            kind: 'tags',
            tags: Object.fromEntries(
              (found.Tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
            ),
          };
        }
        token = page.PaginationToken || undefined;
        pages += 1;
      } while (token && pages < MAX_TAG_PAGES);
      if (token) {
        return {
          kind: 'unavailable',
          error: `GetResources still paging after ${MAX_TAG_PAGES} pages for one ARN`,
        };
      }
      return { kind: 'tags', tags: {} };
    } catch (error) {
      return failedRead(error);
    }
  }
}

type TagAnswer =
  | { kind: 'tags'; tags: Record<string, string> }
  | { kind: 'missing' }
  /** Refused (access denied): the entity is misconfigured, saying so. */
  | { kind: 'error'; error: string }
  /** Not answered (throttled, timed out, unreachable): no verdict. */
  | { kind: 'unavailable'; error: string };

/**
 * A tag read that failed: refused (access denied: not the platform's to
 * read, or its role may not) says the resource is not proven; any other
 * failure (throttling, a timeout, the network, credentials) is no verdict.
 */
function failedRead(error: unknown): TagAnswer {
  const refused =
    /AccessDenied|Forbidden|UnauthorizedOperation/i.test(
      errorName(error) ?? '',
    ) || httpStatus(error) === 403;
  return {
    kind: refused ? 'error' : 'unavailable',
    error: describeError(error),
  };
}

/** Whether a tag value (refs, comma separated) names the entity. */
function namesEntity(value: string, entityRef: string): boolean {
  return value.split(',').some(part => {
    try {
      return (
        stringifyEntityRef(
          parseEntityRef(part.trim(), {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        ) === entityRef
      );
    } catch {
      return false;
    }
  });
}

/**
 * Who the entity is, when the entry does not admit it (by owner, namespace
 * or catalog location); undefined when it does.
 */
function refusalOf(entry: TrustedEntities, entity: Entity): string | undefined {
  const owner = ownerRefOf(entity);
  const namespace = (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
    'en-US',
  );
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (
    (owner && entry.owners.includes(owner)) ||
    entry.namespaces.includes(namespace) ||
    (location !== undefined &&
      entry.locations.some(l =>
        l.endsWith('/')
          ? location.startsWith(l) && !hasDotSegments(location)
          : location === l,
      ))
  ) {
    return undefined;
  }
  return `${owner ?? 'an entity without owner'} in namespace ${namespace}${
    entry.locations.length && location ? ` from ${location}` : ''
  }${
    entry.locations.length && location && hasDotSegments(location)
      ? ` (its path has '.' or '..' segments, so it is not matched against a listed folder: register the location by its plain path, or list it exactly)`
      : ''
  }`;
}

function describeEntry(entry: {
  owners: string[];
  namespaces: string[];
  locations: string[];
}) {
  return [
    ...(entry.owners.length ? [`owners ${entry.owners.join(', ')}`] : []),
    ...(entry.namespaces.length
      ? [`namespaces ${entry.namespaces.join(', ')}`]
      : []),
    ...(entry.locations.length
      ? [`entities from ${entry.locations.join(', ')}`]
      : []),
  ].join(' and ');
}
