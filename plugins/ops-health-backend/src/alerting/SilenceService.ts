import { parseInstant } from '../instants';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { parseDuration } from '@ops-health/backstage-plugin-ops-health-common';
import { randomUUID } from 'crypto';
import { requestDigest } from '../requestDigest';
import { AlertStore, SilenceCreateKeyTakenError } from './AlertStore';
import { Silence } from './types';
import { hasVisibleText } from '../text';

/** The longest dedup key an alert (and a silence) can have. */
const MAX_DEDUP_KEY_LENGTH = 600;

/** What a silence matches: one dedup key, or one check of one entity. @internal */
export type SilenceMatcher =
  | { dedupKey: string }
  | { entityRef: string; checkId: string };

/** How long a silence lasts, why, and who creates it. @internal */
export type SilenceOptions = {
  reason: string;
  createdBy: string;
  now?: Date;
  /** Exactly one of `expiresAt` and `duration`. */
  expiresAt?: Date | string;
  duration?: string;
};

/** The alert fields a silence is matched on. @internal */
export type SilenceTarget = {
  dedupKey: string;
  entityRef: string;
  checkId: string;
};

/** Whether the silence is in force at `now`. @internal */
export function isSilenceActive(silence: Silence, now: Date): boolean {
  return !silence.expiredAt && silence.expiresAt.getTime() > now.getTime();
}

/** Whether the silence matches the alert (whatever its expiry). @internal */
export function silenceMatches(
  silence: Silence,
  alert: SilenceTarget,
): boolean {
  if (silence.dedupKey !== undefined) {
    return silence.dedupKey === alert.dedupKey;
  }
  return (
    silence.entityRef === alert.entityRef && silence.checkId === alert.checkId
  );
}

/** A silence longer than this is a muted alert, not a silence. */
const MAX_SILENCE_MS = 366 * 86_400_000;
/**
 * A silence shorter than this ends before the next evaluation could honour
 * it: a typo (`1ms`, `30s` for 30 minutes), not a silence.
 */
const MIN_SILENCE_MS = 60_000;

function expiryOf(
  options: { expiresAt?: Date | string; duration?: string },
  now: Date,
): Date {
  if (options.expiresAt !== undefined && options.duration !== undefined) {
    throw new InputError('Give expiresAt or duration, not both');
  }
  if (options.duration !== undefined) {
    const duration = parseDuration(options.duration);
    if (typeof duration === 'string') {
      throw new InputError(
        `Invalid duration '${options.duration}': ${duration}`,
      );
    }
    if (duration > MAX_SILENCE_MS) {
      throw new InputError(
        `A silence lasts at most 366 days, not '${options.duration}'; silence for less, or fix what the alert says (e.g. its thresholds)`,
      );
    }
    if (duration < MIN_SILENCE_MS) {
      throw new InputError(
        `A silence lasts at least a minute, not '${options.duration}'; give minutes, hours or days (e.g. 30m, 2h, 1d)`,
      );
    }
    return new Date(now.getTime() + duration);
  }
  if (options.expiresAt === undefined) {
    throw new InputError('A silence needs expiresAt or duration');
  }
  const expiresAt = parseInstant(options.expiresAt, 'expiresAt');
  if (expiresAt.getTime() - now.getTime() > MAX_SILENCE_MS) {
    throw new InputError(
      `A silence lasts at most 366 days; expiresAt ${expiresAt.toISOString()} is later than that`,
    );
  }
  const left = expiresAt.getTime() - now.getTime();
  if (left > 0 && left < MIN_SILENCE_MS) {
    throw new InputError(
      `A silence lasts at least a minute; expiresAt ${expiresAt.toISOString()} is ${Math.ceil(
        left / 1000,
      )} s from now (${now.toISOString()})`,
    );
  }
  return expiresAt;
}

/**
 * The matcher with its entity ref in full form (`component:x` becomes
 * `component:default/x`), so that it matches the alerts it names; InputError
 * for a malformed ref or dedup key.
 *
 * @internal
 */
export function normalizeSilenceMatcher(
  matcher: SilenceMatcher,
): SilenceMatcher {
  const ref = (value: string) => {
    try {
      return stringifyEntityRef(parseEntityRef(value));
    } catch (error) {
      throw new InputError(
        `Invalid entity ref '${value}' in the silence: ${
          (error as Error).message
        }; expected e.g. component:default/checkout-service`,
      );
    }
  };
  if ('dedupKey' in matcher && typeof matcher.dedupKey === 'string') {
    const [entityRef, checkId, ...subject] = matcher.dedupKey.split('|');
    if (checkId === undefined || !checkId.trim()) {
      throw new InputError(
        `Invalid dedupKey '${matcher.dedupKey}': expected <entityRef>|<checkId>|<subject>`,
      );
    }
    const dedupKey = [
      ref(entityRef.trim()),
      checkId.trim(),
      subject.join('|'),
    ].join('|');
    // The ref in full (kind:namespace/name) can make a key longer than
    // what was sent, and than a key can be.
    if (dedupKey.length > MAX_DEDUP_KEY_LENGTH) {
      throw new InputError(
        `Invalid dedupKey: with its entity ref in full it is ${dedupKey.length} characters long, more than the ${MAX_DEDUP_KEY_LENGTH} an alert's key can have; silence by entityRef and checkId instead`,
      );
    }
    return { dedupKey };
  }
  const m = matcher as { entityRef?: unknown; checkId?: unknown };
  return {
    entityRef: nonEmpty(m.entityRef) ? ref(m.entityRef.trim()) : '',
    checkId: typeof m.checkId === 'string' ? m.checkId : '',
  };
}

/**
 * The entity a silence (or its matcher) is about.
 *
 * @internal
 */
export function silenceEntityRef(
  silence: SilenceMatcher | Silence,
): string | undefined {
  if ('dedupKey' in silence && silence.dedupKey !== undefined) {
    return silence.dedupKey.split('|')[0];
  }
  return (silence as { entityRef?: string }).entityRef;
}

/**
 * The check a silence's matcher is about.
 *
 * @internal
 */
export function silenceCheckId(matcher: SilenceMatcher): string {
  return (
    'dedupKey' in matcher
      ? matcher.dedupKey.split('|')[1] ?? ''
      : matcher.checkId
  ).trim();
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Silences: alerts they match are still evaluated, recorded and shown, but
 * not sent while the silence is in force.
 *
 * @internal
 */
export class SilenceService {
  static create(options: { store: AlertStore }): SilenceService {
    return new SilenceService(options.store);
  }

  private constructor(private readonly store: AlertStore) {}

  /**
   * Creates a silence. Throws InputError unless exactly one matcher form is
   * given, the reason is not empty and the expiry — `expiresAt`, or
   * `duration` from now such as `2h` — is in the future.
   */
  async create(
    matcher: SilenceMatcher,
    options: SilenceOptions,
  ): Promise<Silence> {
    return (await this.createOnce(matcher, options)).silence;
  }

  /**
   * Creates a silence as `create` does, once per `createKey` (the request's
   * Idempotency-Key) of its creator: the same key again answers with the
   * silence it created (`replayed`), whether the first request finished long
   * ago or runs at the same moment; the same key with another matcher,
   * reason, expiresAt or duration is a ConflictError.
   */
  async createOnce(
    matcher: SilenceMatcher,
    options: SilenceOptions & { createKey?: string },
  ): Promise<{ silence: Silence; replayed: boolean }> {
    const now = options.now ?? new Date();
    const m = (matcher ?? {}) as Partial<
      Record<'dedupKey' | 'entityRef' | 'checkId', unknown>
    >;
    const byKey = m.dedupKey !== undefined;
    const byCheck = m.entityRef !== undefined || m.checkId !== undefined;
    if (byKey === byCheck) {
      throw new InputError(
        'A silence matches either { dedupKey } or { entityRef, checkId }, exactly one of them',
      );
    }
    if (byKey && !nonEmpty(m.dedupKey)) {
      throw new InputError('The silence dedupKey must not be empty');
    }
    if (byCheck && !(nonEmpty(m.entityRef) && nonEmpty(m.checkId))) {
      throw new InputError(
        'A silence by check needs both a non-empty entityRef and checkId (or, instead of both, the dedupKey of one alert)',
      );
    }
    if (!hasVisibleText(options.reason)) {
      throw new InputError(
        'A silence needs a reason, with text a reader sees (not only spaces or invisible characters)',
      );
    }
    if (!nonEmpty(options.createdBy)) {
      throw new InputError('A silence needs its creator');
    }
    // What the request asked, as it would be stored: the same key with
    // anything else is another request. Looked up before the end is
    // checked, so a retry that arrives after the silence ended still gets it.
    const { createKey } = options;
    const trimmed = (text: unknown) =>
      typeof text === 'string' ? text.trim() : null;
    const request = requestDigest([
      trimmed(m.dedupKey),
      trimmed(m.entityRef),
      trimmed(m.checkId),
      options.reason.trim(),
      options.expiresAt instanceof Date
        ? options.expiresAt.getTime()
        : options.expiresAt ?? null,
      options.duration ?? null,
    ]);
    const replay = async (key: string) => {
      const found = await this.store.findSilenceByCreateKey(
        options.createdBy,
        key,
      );
      if (!found) return undefined;
      if (found.request !== request) {
        const earlier = found.silence;
        throw new ConflictError(
          `You already created silence ${earlier.id} (of ${
            earlier.dedupKey ?? `${earlier.checkId} on ${earlier.entityRef}`
          }, until ${earlier.expiresAt.toISOString()}) with the Idempotency-Key ${key}, with other fields than this request's; send a new key for a new silence`,
        );
      }
      return { silence: found.silence, replayed: true };
    };
    if (createKey) {
      const earlier = await replay(createKey);
      if (earlier) return earlier;
    }
    const expiresAt = expiryOf(options, now);
    if (
      !(expiresAt instanceof Date) ||
      Number.isNaN(expiresAt.getTime()) ||
      expiresAt.getTime() <= now.getTime()
    ) {
      throw new InputError(
        `The silence would end in the past (expiresAt ${
          expiresAt instanceof Date && !Number.isNaN(expiresAt.getTime())
            ? expiresAt.toISOString()
            : String(options.expiresAt)
        }, now ${now.toISOString()}): give a later expiresAt, or a duration such as 2h`,
      );
    }
    const silence: Silence = {
      id: randomUUID(),
      ...(byKey
        ? { dedupKey: (m.dedupKey as string).trim() }
        : {
            entityRef: (m.entityRef as string).trim(),
            checkId: (m.checkId as string).trim(),
          }),
      reason: options.reason.trim(),
      createdBy: options.createdBy,
      createdAt: now,
      expiresAt,
    };
    try {
      await this.store.insertSilence(
        silence,
        createKey ? { key: createKey, request } : undefined,
      );
    } catch (error) {
      // The same request at the same moment, which created it first.
      if (createKey && error instanceof SilenceCreateKeyTakenError) {
        const earlier = await replay(createKey);
        if (earlier) return earlier;
      }
      throw error;
    }
    return { silence, replayed: false };
  }

  /** Newest first; `active`: in force now (true) or ended (false). */
  async list(options?: { active?: boolean; now?: Date }): Promise<Silence[]> {
    return this.store.listSilences({
      active: options?.active,
      now: options?.now ?? new Date(),
    });
  }

  /** The silence; NotFoundError for an unknown id. */
  async get(id: string): Promise<Silence> {
    const silence = await this.store.getSilence(id);
    if (!silence) throw new NotFoundError(`No silence with id '${id}'`);
    return silence;
  }

  /** Ends a silence now. Throws NotFoundError for an unknown id. */
  async expire(id: string, by: string, now: Date = new Date()) {
    if (!(await this.store.expireSilence(id, by, now))) {
      throw new NotFoundError(`No silence with id '${id}'`);
    }
    return (await this.store.getSilence(id))!;
  }

  /** Whether an active silence matches the alert at `now`. */
  async isSilenced(alert: SilenceTarget, now: Date = new Date()) {
    const active = await this.store.listSilences({ active: true, now });
    return active.some(s => silenceMatches(s, alert));
  }
}
