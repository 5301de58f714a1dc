import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { Knex } from 'knex';
import {
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { audited, Caller, principalRef, sameEntityRef } from '../access/access';
import { toDate } from '../database/dates';
import { Incident, IncidentStore } from '../incidents/IncidentStore';

const TOKENS = 'ops_health_ack_tokens';
const SECRETS = 'ops_health_secrets';
const KEY_NAME = 'acknowledge-link-key';

/** Where the portal's acknowledge page is. @internal */
export const ACKNOWLEDGE_PAGE_PATH = '/ops-health/acknowledge';

/** Why a link was refused; the API answers it as `reason`. @internal */
export type AcknowledgeRefusal =
  | 'tampered'
  | 'expired'
  | 'used'
  | 'wrong-recipient'
  | 'unknown-incident';

/** An error that carries why an acknowledge link was refused. @internal */
export type AcknowledgeError = Error & { reason: AcknowledgeRefusal };

function refuse<E extends Error>(
  error: E,
  reason: AcknowledgeRefusal,
): E & { reason: AcknowledgeRefusal } {
  return Object.assign(error, { reason });
}

/** What the link's token says, under its signature. */
interface TokenPayload {
  v: 1;
  /** Token id: one row in `ops_health_ack_tokens`. */
  jti: string;
  /** The incident. */
  inc: string;
  /** The user it was sent to. */
  rcp: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** The result of a good link. @internal */
export interface Acknowledgement {
  incident: Incident;
  /** false when someone had moved the incident out of detection already. */
  acknowledged: boolean;
  /** Who moved it out of detection, when it was not this link. */
  alreadyBy?: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Not acknowledged by this use: who moved it out of detection, if anyone. */
function notAcknowledged(
  incident: Incident,
  events: Array<{ type: string; fromPhase?: string; actor: string }>,
): Acknowledgement {
  const by = [...events]
    .reverse()
    .find(
      e => e.type === 'phase-changed' && e.fromPhase === 'detection',
    )?.actor;
  return { incident, acknowledged: false, ...(by ? { alreadyBy: by } : {}) };
}

/**
 * One-click acknowledge links: a token signed with HMAC-SHA256, bound to an
 * incident and the one user it was sent to, good until it expires and for
 * one use. Each link sent is a row; using it marks the row, so a second use
 * is refused on every replica. Following a good link, the recipient (signed
 * in to the portal as that user) moves the incident from detection to
 * assessment, which stops its escalation; the timeline records who.
 *
 * The key is `opsHealth.acknowledge.secret` when configured, else one the
 * plugin generates once and keeps in its database (shared by replicas).
 *
 * The link is the authority: being paged about the incident is what lets
 * its recipient acknowledge it, without the `ops-health.incident.update`
 * permission on its entity (an on-call engineer paged about another team's
 * service must be able to stop the escalation). It does only that: every
 * other change goes through the incident API and its permission.
 *
 * @internal
 */
export class AcknowledgeLinks {
  #key?: Promise<Buffer>;

  constructor(
    private readonly options: {
      db: Knex;
      incidents: IncidentStore;
      auditor: AuditorService;
      logger: LoggerService;
      now: () => Date;
      /** How long a link is good. */
      ttlMs: number;
      secret?: string;
      /** The portal's base URL, to make the link absolute. */
      appBaseUrl?: string;
    },
  ) {}

  private key(): Promise<Buffer> {
    this.#key ??= this.loadKey().catch(error => {
      this.#key = undefined;
      throw error;
    });
    return this.#key;
  }

  private async loadKey(): Promise<Buffer> {
    if (this.options.secret) return Buffer.from(this.options.secret, 'utf8');
    const { db } = this.options;
    await db(SECRETS)
      .insert({
        name: KEY_NAME,
        value: randomBytes(32).toString('base64url'),
        created_at: this.options.now(),
      })
      .onConflict('name')
      .ignore();
    const row = await db(SECRETS).where({ name: KEY_NAME }).first('value');
    return Buffer.from(row.value, 'base64url');
  }

  private async sign(payload: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(payload)
      .digest('base64url');
  }

  /**
   * The link that lets `recipient` acknowledge `incidentId`, for one
   * notification. The same notification and recipient get the same link,
   * so a retried delivery sends the link already stored.
   */
  async linkFor(options: {
    incidentId: string;
    recipient: string;
    notificationId: string;
    sentAt: Date;
  }): Promise<string> {
    const jti = createHash('sha256')
      .update(
        `${options.notificationId}\n${options.recipient}\n${options.incidentId}`,
      )
      .digest('hex')
      .slice(0, 40);
    const expiresAt = new Date(options.sentAt.getTime() + this.options.ttlMs);
    const payload: TokenPayload = {
      v: 1,
      jti,
      inc: options.incidentId,
      rcp: options.recipient,
      exp: Math.floor(expiresAt.getTime() / 1000),
    };
    await this.options
      .db(TOKENS)
      .insert({
        id: jti,
        incident_id: options.incidentId,
        recipient: options.recipient,
        notification_id: options.notificationId.slice(0, 255),
        expires_at: new Date(payload.exp * 1000),
        created_at: this.options.now(),
      })
      .onConflict('id')
      .ignore();
    const encoded = b64(JSON.stringify(payload));
    const token = `${encoded}.${await this.sign(encoded)}`;
    const path = `${ACKNOWLEDGE_PAGE_PATH}?token=${encodeURIComponent(token)}`;
    const base = this.options.appBaseUrl?.replace(/\/+$/, '');
    return base ? `${base}${path}` : path;
  }

  /** The payload of a token whose signature holds; refuses anything else. */
  private async verify(token: unknown): Promise<TokenPayload> {
    const damaged = () =>
      refuse(
        new InputError(
          'This acknowledge link is damaged or was not issued by this portal: copy the whole link from the message, or acknowledge the incident on its page',
        ),
        'tampered',
      );
    if (typeof token !== 'string' || token.length > 2048) throw damaged();
    const [encoded, signature, ...rest] = token.split('.');
    if (!encoded || !signature || rest.length) throw damaged();
    const expected = Buffer.from(await this.sign(encoded));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw damaged();
    }
    let payload: TokenPayload;
    try {
      payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    } catch {
      throw damaged();
    }
    if (
      payload?.v !== 1 ||
      typeof payload.jti !== 'string' ||
      typeof payload.inc !== 'string' ||
      typeof payload.rcp !== 'string' ||
      typeof payload.exp !== 'number'
    ) {
      throw damaged();
    }
    return payload;
  }

  /**
   * Acknowledges the incident of a link for the caller, who must be the
   * user it was sent to. Refuses (audited, with the reason) a damaged or
   * forged link, an expired one, one already used and one sent to someone
   * else; only a good link by its recipient is used up.
   */
  async acknowledge(caller: Caller, token: unknown): Promise<Acknowledgement> {
    return audited(
      this.options.auditor,
      { eventId: 'incident-acknowledge', caller, severityLevel: 'medium' },
      async meta => {
        try {
          return await this.redeem(caller, token, meta);
        } catch (error) {
          meta.reason = (error as Partial<AcknowledgeError>).reason ?? 'error';
          throw error;
        }
      },
    );
  }

  private async redeem(
    caller: Caller,
    token: unknown,
    meta: Record<string, unknown>,
  ): Promise<Acknowledgement> {
    const payload = await this.verify(token);
    meta.incidentId = payload.inc;
    meta.recipient = payload.rcp;
    meta.tokenId = payload.jti;
    const now = this.options.now();
    const actor = principalRef(caller.credentials);

    if (payload.exp * 1000 <= now.getTime()) {
      throw refuse(
        new NotAllowedError(
          `This acknowledge link expired at ${new Date(
            payload.exp * 1000,
          ).toISOString()}: acknowledge the incident on its page instead`,
        ),
        'expired',
      );
    }
    if (!sameEntityRef(actor, payload.rcp)) {
      throw refuse(
        new NotAllowedError(
          `This acknowledge link was sent to ${payload.rcp}, and you are signed in as ${actor}: only its recipient can use it. Acknowledge the incident on its page if you are on it`,
        ),
        'wrong-recipient',
      );
    }
    const row = await this.options
      .db(TOKENS)
      .where({ id: payload.jti })
      .first();
    if (
      !row ||
      row.incident_id !== payload.inc ||
      row.recipient !== payload.rcp
    ) {
      throw refuse(
        new InputError('This acknowledge link is not known to this portal'),
        'tampered',
      );
    }
    const usedError = (at?: unknown, by?: unknown) =>
      refuse(
        new ConflictError(
          `This acknowledge link was already used${
            at ? ` at ${toDate(at as Date).toISOString()}` : ''
          }${by ? ` by ${by}` : ''}; each link works once`,
        ),
        'used',
      );
    // Used already (a link is its recipient's alone: by them): opened again
    // or reloaded, it says what the incident is now, not a refusal that
    // reads as if the acknowledgement had failed.
    if (row.used_at) return this.state(payload.inc, meta);
    // The link is used in the transaction that moves the incident: a crash
    // or a failure between the two cannot use it up without acknowledging.
    const markUsed = async (tx: Knex) => {
      const used = await tx(TOKENS)
        .where({ id: payload.jti })
        .whereNull('used_at')
        .update({ used_at: now, used_by: actor });
      if (!used) {
        const again = await tx(TOKENS).where({ id: payload.jti }).first();
        throw usedError(again?.used_at, again?.used_by);
      }
    };
    return await this.moveToAssessment(payload.inc, actor, meta, markUsed);
  }

  private async moveToAssessment(
    id: string,
    actor: string,
    meta: Record<string, unknown>,
    markUsed: (tx: Knex) => Promise<void>,
  ): Promise<Acknowledgement> {
    const { incidents } = this.options;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { incident, events } = await this.read(id, meta);
      if (incident.phase !== 'detection') {
        // Someone was quicker: the link has done its work.
        await markUsed(this.options.db);
        return notAcknowledged(incident, events);
      }
      try {
        const moved = await incidents.transition(id, {
          to: 'assessment',
          expectedVersion: incident.version,
          actor,
          note: 'Acknowledged from the link in the notification',
          now: this.options.now(),
          inTransaction: markUsed,
        });
        return { incident: moved, acknowledged: true };
      } catch (error) {
        // Used meanwhile (another click of the same link): that is final.
        if (
          !(error instanceof ConflictError) ||
          (error as Partial<AcknowledgeError>).reason === 'used'
        ) {
          throw error;
        }
        this.options.logger.debug(
          `Incident ${id} changed while being acknowledged; reading it again`,
        );
      }
    }
    throw new ConflictError(
      `Incident ${id} kept changing while being acknowledged; try again`,
    );
  }

  /** The incident as it is, for a link used before. */
  private async state(
    id: string,
    meta: Record<string, unknown>,
  ): Promise<Acknowledgement> {
    const { incident, events } = await this.read(id, meta);
    meta.alreadyUsed = true;
    return notAcknowledged(incident, events);
  }

  /** The link's incident and its timeline, its entity in the audit meta. */
  private async read(id: string, meta: Record<string, unknown>) {
    const details = await this.options.incidents.get(id);
    if (!details) {
      throw refuse(
        new NotFoundError(`Incident ${id} no longer exists`),
        'unknown-incident',
      );
    }
    const { events, eventCount, alerts, ...incident } = details;
    meta.entityRef = incident.entityRef;
    return { incident, events };
  }

  /** Links that expired before `before` are dropped with other history. */
  async deleteExpiredBefore(before: Date): Promise<number> {
    return this.options.db(TOKENS).where('expires_at', '<', before).delete();
  }
}
