import {
  INCIDENT_PHASES,
  isIncidentPhase,
  isIncidentSeverity,
} from '@ops-health/backstage-plugin-ops-health-common';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/migrations';
import { isUniqueViolation } from '../database/dialect';
import { hasVisibleText } from '../text';
import { optionalDate, toDate } from '../database/dates';
import {
  Incident,
  IncidentAlertLink,
  OpenIncidentAlertLink,
  IncidentDetails,
  TimelinePage,
  IncidentEvent,
  IncidentCreateKeyTakenError,
  IncidentStore,
  NewIncidentEvent,
} from './IncidentStore';
import {
  IncidentPhase,
  IncidentSeverity,
  Postmortem,
  checkTransition,
  missingPostmortemParts,
  postmortemChanges,
} from './workflow';
import { MttaMttr, computeMttaMttr } from './metrics';
import { countedPage } from '../database/countedPage';

const INCIDENTS = 'ops_health_incidents';
const EVENTS = 'ops_health_incident_events';
const ALERTS = 'ops_health_incident_alerts';
/** Newest first; the id orders incidents declared in the same instant. */
const NEWEST_FIRST = [
  { column: 'created_at', order: 'desc' as const },
  { column: 'id', order: 'asc' as const },
];

/** The column holding the first time a phase was reached. */
function phaseColumn(phase: IncidentPhase): string {
  return `${phase.replace('-', '_')}_at`;
}

function toIncident(row: any): Incident {
  const phaseReachedAt: Partial<Record<IncidentPhase, Date>> = {};
  for (const phase of INCIDENT_PHASES) {
    const at = optionalDate(row[phaseColumn(phase)]);
    if (at) phaseReachedAt[phase] = at;
  }
  return {
    id: row.id,
    entityRef: row.entity_ref,
    title: row.title,
    severity: row.severity,
    phase: row.phase,
    ...(row.commander ? { commander: row.commander } : {}),
    version: Number(row.version),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    phaseReachedAt,
    ...(row.postmortem ? { postmortem: JSON.parse(row.postmortem) } : {}),
    ...(row.source_dedup_key ? { sourceDedupKey: row.source_dedup_key } : {}),
    ...(row.escalation_policy
      ? { escalationPolicy: row.escalation_policy }
      : {}),
    escalationLevel: Number(row.escalation_level ?? 0),
    ...(row.escalation_since
      ? { escalationSince: toDate(row.escalation_since) }
      : {}),
  };
}

/** Thrown when an alert already has an open incident. @internal */
export class IncidentExistsError extends ConflictError {
  constructor(readonly dedupKey: string) {
    super(`The alert ${dedupKey} already has an open incident`);
  }
}

function toEvent(row: any): IncidentEvent {
  return {
    id: Number(row.id),
    incidentId: row.incident_id,
    at: toDate(row.at),
    actor: row.actor,
    type: row.type,
    ...(row.from_phase ? { fromPhase: row.from_phase } : {}),
    ...(row.to_phase ? { toPhase: row.to_phase } : {}),
    ...(row.note !== null && row.note !== undefined ? { note: row.note } : {}),
    ...(row.data ? { data: JSON.parse(row.data) } : {}),
  };
}

function eventRow(incidentId: string, event: NewIncidentEvent) {
  return {
    incident_id: incidentId,
    at: event.at,
    actor: event.actor,
    type: event.type,
    from_phase: event.fromPhase ?? null,
    to_phase: event.toPhase ?? null,
    note: event.note ?? null,
    data: event.data ? JSON.stringify(event.data) : null,
  };
}

function staleVersion(id: string, current: number, sent: number) {
  // A version ahead of the incident's is no one else's change: the client
  // made it up (or read another incident's).
  return new ConflictError(
    sent > current
      ? `Incident ${id} is at version ${current}; version ${sent} was never one of its versions: send the version of the incident as you last read it`
      : `Incident ${id} changed since you read it (it is at version ${current}, you sent ${sent}): read it again, then retry`,
  );
}

/** @internal */
export class DatabaseIncidentStore implements IncidentStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseIncidentStore> {
    return new DatabaseIncidentStore(await getMigratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async create(options: {
    id?: string;
    entityRef: string;
    title: string;
    severity: IncidentSeverity;
    commander?: string;
    createdBy: string;
    sourceDedupKey?: string;
    escalationPolicy?: string;
    note?: string;
    createKey?: string;
    createRequest?: string;
    now: Date;
  }): Promise<Incident> {
    if (!isIncidentSeverity(options.severity)) {
      throw new InputError(
        `Unknown incident severity '${options.severity}'; expected SEV1, SEV2, SEV3 or SEV4`,
      );
    }
    if (!hasVisibleText(options.title)) {
      throw new InputError(
        'An incident needs a title, with text a reader sees (not only spaces or invisible characters)',
      );
    }
    const id = options.id ?? randomUUID();
    await this.db
      .transaction(async trx => {
        await trx(INCIDENTS).insert({
          id,
          entity_ref: options.entityRef,
          title: options.title,
          severity: options.severity,
          phase: 'detection',
          commander: options.commander ?? null,
          version: 1,
          created_by: options.createdBy,
          created_at: options.now,
          updated_at: options.now,
          detection_at: options.now,
          source_dedup_key: options.sourceDedupKey ?? null,
          open_source_key: options.sourceDedupKey ?? null,
          escalation_policy: options.escalationPolicy ?? null,
          escalation_level: 0,
          create_key: options.createKey ?? null,
          create_request: options.createKey
            ? options.createRequest ?? null
            : null,
        });
        await trx(EVENTS).insert(
          eventRow(id, {
            at: options.now,
            actor: options.createdBy,
            type: 'created',
            toPhase: 'detection',
            ...(options.sourceDedupKey
              ? { data: { sourceDedupKey: options.sourceDedupKey } }
              : {}),
          }),
        );
        // The first note, in the same transaction: an incident never exists
        // without what its author knew when declaring it.
        if (hasVisibleText(options.note)) {
          await this.insertEvent(trx, id, {
            at: options.now,
            actor: options.createdBy,
            type: 'note',
            note: options.note,
          });
        }
      })
      .catch(error => {
        // The unique index on open_source_key: another replica (or an
        // earlier run) already opened an incident for this alert.
        if (options.sourceDedupKey && isUniqueViolation(error)) {
          throw new IncidentExistsError(options.sourceDedupKey);
        }
        // The unique index on (created_by, create_key): the same request
        // again, e.g. sent twice at once.
        if (options.createKey && isUniqueViolation(error)) {
          throw new IncidentCreateKeyTakenError(options.createKey);
        }
        throw error;
      });
    return (await this.getIncident(this.db, id))!;
  }

  async findByCreateKey(
    createdBy: string,
    createKey: string,
  ): Promise<{ incident: Incident; request?: string } | undefined> {
    const row = await this.db(INCIDENTS)
      .where({ created_by: createdBy, create_key: createKey })
      .first();
    return row
      ? {
          incident: toIncident(row),
          ...(row.create_request ? { request: row.create_request } : {}),
        }
      : undefined;
  }

  async listEvents(
    id: string,
    page: TimelinePage,
  ): Promise<{ events: IncidentEvent[]; totalCount: number } | undefined> {
    let query = this.db(EVENTS).where({ incident_id: id });
    if (page.before !== undefined) {
      const cursor = await this.db(EVENTS)
        .where({ incident_id: id, id: page.before })
        .first('at', 'id');
      if (!cursor) return undefined;
      // Timeline order is (at, id): the events before the cursor's.
      query = query.where(q =>
        q
          .where('at', '<', cursor.at)
          .orWhere(r =>
            r.where('at', cursor.at).andWhere('id', '<', cursor.id),
          ),
      );
    }
    const [rows, totalCount] = await Promise.all([
      query
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(page.limit),
      this.countEvents(id),
    ]);
    return { events: rows.reverse().map(toEvent), totalCount };
  }

  private async countEvents(id: string): Promise<number> {
    const [{ count }] = await this.db(EVENTS)
      .where({ incident_id: id })
      .count({ count: '*' });
    return Number(count);
  }

  async get(
    id: string,
    options: { events?: Pick<TimelinePage, 'limit'> } = {},
  ): Promise<IncidentDetails | undefined> {
    const incident = await this.getIncident(this.db, id);
    if (!incident) return undefined;
    const [timeline, alerts] = await Promise.all([
      options.events
        ? // Without a cursor there is always a page.
          this.listEvents(id, options.events).then(page => page!)
        : this.db(EVENTS)
            .where({ incident_id: id })
            .orderBy([
              { column: 'at', order: 'asc' },
              { column: 'id', order: 'asc' },
            ])
            .then(rows => ({
              events: rows.map(toEvent),
              totalCount: rows.length,
            })),
      this.db(ALERTS)
        .where({ incident_id: id })
        .orderBy([
          { column: 'linked_at', order: 'asc' },
          { column: 'dedup_key', order: 'asc' },
        ]),
    ]);
    const events = timeline.events;
    return {
      ...incident,
      events,
      eventCount: timeline.totalCount,
      alerts: alerts.map(
        (row: any): IncidentAlertLink => ({
          dedupKey: row.dedup_key,
          linkedAt: toDate(row.linked_at),
          ...(row.resolved_at ? { resolvedAt: toDate(row.resolved_at) } : {}),
        }),
      ),
    };
  }

  async list(options: {
    entityRef?: string;
    entityRefs?: string[];
    phases?: IncidentPhase[];
    limit: number;
  }): Promise<Incident[]> {
    const query = this.filtered(options)
      .orderBy(NEWEST_FIRST)
      .limit(options.limit);
    if (options.entityRef) query.where({ entity_ref: options.entityRef });
    return (await query).map(toIncident);
  }

  async page(options: {
    entityRefs: string[];
    phases?: IncidentPhase[];
    limit: number;
    offset: number;
  }): Promise<{ items: Incident[]; totalCount: number }> {
    if (options.entityRefs.length === 0) return { items: [], totalCount: 0 };
    const { rows, totalCount } = await countedPage(
      () => this.filtered(options),
      query =>
        query.orderBy(NEWEST_FIRST).limit(options.limit).offset(options.offset),
    );
    return { items: rows.map(toIncident), totalCount };
  }

  /** The incidents of these entities in these phases, unsorted. */
  private filtered(options: {
    entityRefs?: string[];
    phases?: IncidentPhase[];
  }) {
    const query = this.db(INCIDENTS);
    if (options.entityRefs) query.whereIn('entity_ref', options.entityRefs);
    if (options.phases) {
      for (const phase of options.phases) {
        if (!isIncidentPhase(phase)) {
          throw new InputError(`Unknown incident phase '${phase}'`);
        }
      }
      query.whereIn('phase', options.phases);
    }
    return query;
  }

  async transition(
    id: string,
    options: {
      to: IncidentPhase;
      expectedVersion: number;
      actor: string;
      note?: string;
      now: Date;
      inTransaction?: (tx: Knex.Transaction) => Promise<void>;
    },
  ): Promise<Incident> {
    return this.db.transaction(async trx => {
      const incident = await this.loadForUpdate(
        trx,
        id,
        options.expectedVersion,
      );
      await options.inTransaction?.(trx);
      const reached = checkTransition(incident.phase, options.to, {
        note: options.note,
        postmortem: incident.postmortem,
      });
      if (
        (reached.includes('recovery') || reached.includes('closed')) &&
        !hasVisibleText(options.note)
      ) {
        // Recovered (or closed) while what opened it still fires: MTTR would
        // count a recovery that did not happen, so it takes a reason.
        const firing = await trx(ALERTS)
          .where({ incident_id: id })
          .whereNull('resolved_at')
          .pluck('dedup_key');
        if (firing.length > 0) {
          throw new InputError(
            `${
              firing.length === 1
                ? 'Its linked alert'
                : `${firing.length} of its linked alerts`
            } still ${firing.length === 1 ? 'fires' : 'fire'} (${firing.join(
              ', ',
            )}): moving the incident to ${options.to} needs a note saying why`,
          );
        }
      }
      const update: Record<string, unknown> = {
        phase: options.to,
        version: incident.version + 1,
        updated_at: options.now,
      };
      for (const phase of reached) {
        // When each phase was first reached (MTTA); but when it was last
        // recovered and closed: a reopened incident recovered and ended
        // when it did so again.
        if (!incident.phaseReachedAt[phase] || phase === 'closed') {
          update[phaseColumn(phase)] = options.now;
        }
      }
      // Moved back (a reopen): the recovery and the end it had no longer
      // hold. Until it reaches them again it counts as neither recovered
      // nor closed (metrics, MTTR); the first response still counts.
      const to = INCIDENT_PHASES.indexOf(options.to);
      for (const phase of ['recovery', 'lessons-learned', 'closed'] as const) {
        if (
          INCIDENT_PHASES.indexOf(phase) > to &&
          incident.phaseReachedAt[phase]
        ) {
          update[phaseColumn(phase)] = null;
        }
      }
      if (options.to === 'detection' && incident.phase !== 'detection') {
        // Back in detection (a back-step or a reopen): nobody has it in
        // hand any more, so escalation starts again from the first level.
        update.escalation_level = 0;
        update.escalation_since = options.now;
      }
      if (options.to === 'closed') {
        update.open_source_key = null;
      } else if (incident.phase === 'closed' && incident.sourceDedupKey) {
        // Reopened: it is again the open incident of its alert, unless
        // another one was opened for the alert meanwhile.
        const other = await trx(INCIDENTS)
          .where({ open_source_key: incident.sourceDedupKey })
          .first('id');
        if (other) {
          throw new ConflictError(
            `Incident ${id} cannot be reopened: incident ${other.id} is open for the same alert (${incident.sourceDedupKey})`,
          );
        }
        update.open_source_key = incident.sourceDedupKey;
      }
      await this.compareAndSet(trx, id, options.expectedVersion, update);
      // One event for the move, as the person made it: the phases it went
      // through on the way forward (each recorded as reached, above) are
      // its data, not moves of their own with the same note.
      const note = hasVisibleText(options.note) ? options.note : undefined;
      const skipped = reached.slice(0, -1);
      await trx(EVENTS).insert(
        eventRow(id, {
          at: options.now,
          actor: options.actor,
          type: 'phase-changed',
          fromPhase: incident.phase,
          toPhase: options.to,
          ...(note ? { note } : {}),
          ...(skipped.length ? { data: { skipped } } : {}),
        }),
      );
      return (await this.getIncident(trx, id))!;
    });
  }

  async addNote(
    id: string,
    options: {
      note: string;
      actor: string;
      expectedVersion?: number;
      now: Date;
    },
  ): Promise<IncidentEvent> {
    if (!hasVisibleText(options.note)) {
      throw new InputError(
        'A note cannot be empty: write text a reader sees (not only spaces or invisible characters)',
      );
    }
    return this.db.transaction(async trx => {
      if (options.expectedVersion !== undefined) {
        await this.loadForUpdate(trx, id, options.expectedVersion);
        // Touch the row under the version check: a concurrent change is a
        // conflict, not a note on something the author did not see.
        await this.compareAndSet(trx, id, options.expectedVersion, {
          updated_at: options.now,
        });
      } else {
        const count = await trx(INCIDENTS)
          .where({ id })
          .update({ updated_at: options.now });
        if (count === 0) throw new NotFoundError(`No incident ${id}`);
      }
      return this.insertEvent(trx, id, {
        at: options.now,
        actor: options.actor,
        type: 'note',
        note: options.note,
      });
    });
  }

  async update(
    id: string,
    options: {
      commander?: string | null;
      severity?: IncidentSeverity;
      note?: string;
      actor: string;
      expectedVersion: number;
      now: Date;
      onCommanderChange?: (
        tx: Knex.Transaction,
        incident: Incident,
      ) => Promise<void>;
    },
  ): Promise<Incident> {
    return this.db.transaction(async trx => {
      const incident = await this.loadForUpdate(
        trx,
        id,
        options.expectedVersion,
      );
      // A closed incident is a record: who led it and how severe it was
      // stay as it closed with (its metrics and post-mortem read them).
      if (incident.phase === 'closed') {
        throw new ConflictError(
          `Incident ${id} is closed, so its commander and severity stay as they closed; to change them, move the incident back to lessons-learned with a note first`,
        );
      }
      const note = hasVisibleText(options.note) ? options.note : undefined;
      const update: Record<string, unknown> = {};
      const events: NewIncidentEvent[] = [];
      const base = {
        at: options.now,
        actor: options.actor,
        ...(note ? { note } : {}),
      };
      if (
        options.commander !== undefined &&
        (options.commander ?? undefined) !== incident.commander
      ) {
        update.commander = options.commander;
        events.push({
          ...base,
          type: 'commander-changed',
          data: {
            from: incident.commander ?? null,
            to: options.commander,
          },
        });
      }
      if (options.severity && options.severity !== incident.severity) {
        update.severity = options.severity;
        events.push({
          ...base,
          type: 'severity-changed',
          data: { from: incident.severity, to: options.severity },
        });
      }
      if (events.length === 0) {
        if (!note) return incident;
        // Nothing changes, but the note is kept, as a note (which, like
        // one added on its own, leaves the version).
        await this.compareAndSet(trx, id, options.expectedVersion, {
          updated_at: options.now,
        });
        await this.insertEvent(trx, id, { ...base, type: 'note', note });
        return (await this.getIncident(trx, id))!;
      }
      await this.compareAndSet(trx, id, options.expectedVersion, {
        ...update,
        version: incident.version + 1,
        updated_at: options.now,
      });
      for (const event of events) {
        await trx(EVENTS).insert(eventRow(id, event));
      }
      const updated = (await this.getIncident(trx, id))!;
      if ('commander' in update) {
        await options.onCommanderChange?.(trx, updated);
      }
      return updated;
    });
  }

  async updatePostmortem(
    id: string,
    options: {
      postmortem: Postmortem;
      actor: string;
      expectedVersion: number;
      now: Date;
    },
  ): Promise<Incident> {
    return this.db.transaction(async trx => {
      const incident = await this.loadForUpdate(
        trx,
        id,
        options.expectedVersion,
      );
      if (
        INCIDENT_PHASES.indexOf(incident.phase) <
        INCIDENT_PHASES.indexOf('lessons-learned')
      ) {
        throw new ConflictError(
          `The post-mortem of incident ${id} can be written from lessons-learned on; it is in ${incident.phase}`,
        );
      }
      if (samePostmortem(incident.postmortem, options.postmortem)) {
        // Saving what is already there changes nothing and says nothing.
        return incident;
      }
      const { changes, losses } = postmortemChanges(
        incident.postmortem,
        options.postmortem,
      );
      if (incident.phase === 'closed') {
        // A closed incident's post-mortem may still change (an action item
        // done, reassigned or added), but not lose what it closed with.
        const missing = missingPostmortemParts(options.postmortem);
        if (missing.length > 0 || losses.length > 0) {
          throw new ConflictError(
            `Incident ${id} is closed, so its post-mortem keeps what it closed with${
              missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''
            }${
              losses.length > 0 ? `; ${losses.join(', ')}` : ''
            }. Mark action items done, change their owners or due dates, or add items; to rework it, move the incident back to lessons-learned with a note first`,
          );
        }
      }
      await this.compareAndSet(trx, id, options.expectedVersion, {
        postmortem: JSON.stringify(options.postmortem),
        version: incident.version + 1,
        updated_at: options.now,
      });
      await this.insertEvent(trx, id, {
        at: options.now,
        actor: options.actor,
        type: 'postmortem-updated',
        ...(changes.length > 0 ? { data: { changes } } : {}),
      });
      return (await this.getIncident(trx, id))!;
    });
  }

  async linkAlert(
    id: string,
    dedupKey: string,
    now: Date,
    event?: NewIncidentEvent,
    firedAt?: Date,
  ): Promise<boolean> {
    return this.db.transaction(async trx => {
      const exists = await trx(INCIDENTS).where({ id }).first('id');
      if (!exists) throw new NotFoundError(`No incident ${id}`);
      const inserted = await trx(ALERTS)
        .insert({ incident_id: id, dedup_key: dedupKey, linked_at: now })
        .onConflict(['incident_id', 'dedup_key'])
        .ignore()
        .returning('dedup_key');
      let changed = (inserted as unknown[]).length > 0;
      if (!changed) {
        // Linked before and resolved since (or linked before this firing):
        // firing again, linked now (a
        // human who closes the incident then has decided about this firing:
        // see wasLinkedSince).
        changed =
          (await trx(ALERTS)
            .where({ incident_id: id, dedup_key: dedupKey })
            .andWhere(q => {
              q.whereNotNull('resolved_at');
              if (firedAt) q.orWhere('linked_at', '<', firedAt);
            })
            .update({ resolved_at: null, linked_at: now })) > 0;
      }
      if (changed && event) await this.insertEvent(trx, id, event);
      return changed;
    });
  }

  async markAlertResolved(
    id: string,
    dedupKey: string,
    now: Date,
    event?: NewIncidentEvent,
    allResolvedEvent?: NewIncidentEvent,
  ): Promise<boolean> {
    return this.db.transaction(async trx => {
      const changed =
        (await trx(ALERTS)
          .where({ incident_id: id, dedup_key: dedupKey })
          .whereNull('resolved_at')
          .update({ resolved_at: now })) > 0;
      if (changed && event) await this.insertEvent(trx, id, event);
      if (changed && allResolvedEvent) {
        const firing = await trx(ALERTS)
          .where({ incident_id: id })
          .whereNull('resolved_at')
          .first('dedup_key');
        if (!firing) await this.insertEvent(trx, id, allResolvedEvent);
      }
      return changed;
    });
  }

  async wasLinkedSince(dedupKey: string, since: Date): Promise<boolean> {
    const row = await this.db(ALERTS)
      .where({ dedup_key: dedupKey })
      .where('linked_at', '>=', since)
      .first('incident_id');
    return Boolean(row);
  }

  async listOpenAlertLinks(): Promise<OpenIncidentAlertLink[]> {
    const rows = await this.db(`${ALERTS} as a`)
      .join(`${INCIDENTS} as i`, 'i.id', 'a.incident_id')
      .whereNot('i.phase', 'closed')
      .select('a.incident_id', 'a.dedup_key', 'a.linked_at', 'a.resolved_at')
      .orderBy([
        { column: 'a.linked_at', order: 'asc' },
        { column: 'a.dedup_key', order: 'asc' },
      ]);
    return rows.map((row: any) => ({
      incidentId: row.incident_id,
      dedupKey: row.dedup_key,
      linkedAt: toDate(row.linked_at),
      ...(row.resolved_at ? { resolvedAt: toDate(row.resolved_at) } : {}),
    }));
  }

  async escalate(
    id: string,
    options: {
      expectedVersion: number;
      fromLevel: number;
      toLevel: number;
      event: NewIncidentEvent;
      inTransaction?: (tx: Knex.Transaction) => Promise<void>;
    },
  ): Promise<boolean> {
    return this.db.transaction(async trx => {
      // Compare-and-set on the level: of several replicas, one escalates.
      // The version guards against a human change since the engine read the
      // incident (e.g. a move out of detection and back, which restarts
      // escalation): the next run decides on what is current.
      const count = await trx(INCIDENTS)
        .where({
          id,
          phase: 'detection',
          escalation_level: options.fromLevel,
          version: options.expectedVersion,
        })
        .update({ escalation_level: options.toLevel });
      if (count !== 1) return false;
      await this.insertEvent(trx, id, options.event);
      await options.inTransaction?.(trx);
      return true;
    });
  }

  async addEvent(id: string, event: NewIncidentEvent): Promise<IncidentEvent> {
    const exists = await this.db(INCIDENTS).where({ id }).first('id');
    if (!exists) throw new NotFoundError(`No incident ${id}`);
    return this.insertEvent(this.db, id, event);
  }

  async findOpenBySourceDedupKey(
    dedupKey: string,
  ): Promise<Incident | undefined> {
    const row = await this.db(INCIDENTS)
      .where({ source_dedup_key: dedupKey })
      .whereNot({ phase: 'closed' })
      .orderBy('created_at', 'desc')
      .first();
    return row ? toIncident(row) : undefined;
  }

  async findOpenForEntities(
    entityRefs: string[],
    since: Date,
  ): Promise<Incident[]> {
    const unique = [...new Set(entityRefs)];
    const found: Incident[] = [];
    // In chunks, under every database's limit of bound parameters.
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db(INCIDENTS)
        .whereIn('entity_ref', unique.slice(i, i + 500))
        .whereNot({ phase: 'closed' })
        .where('created_at', '>=', since);
      found.push(...rows.map(toIncident));
    }
    return found.sort(
      (a, b) =>
        b.createdAt.getTime() - a.createdAt.getTime() ||
        a.id.localeCompare(b.id),
    );
  }

  async listIncidentEntityRefs(options: {
    phases?: IncidentPhase[];
    detectedFrom?: Date;
    detectedTo?: Date;
  }): Promise<string[]> {
    const query = this.db(INCIDENTS).distinct('entity_ref');
    if (options.phases) query.whereIn('phase', options.phases);
    if (options.detectedFrom) {
      query.where('detection_at', '>=', options.detectedFrom);
    }
    if (options.detectedTo)
      query.where('detection_at', '<', options.detectedTo);
    return (await query).map((r: { entity_ref: string }) => r.entity_ref);
  }

  async metrics(options: {
    entityRef?: string;
    entityRefs?: string[];
    from: Date;
    to: Date;
  }): Promise<MttaMttr> {
    const query = this.db(INCIDENTS)
      .select('detection_at', 'assessment_at', 'recovery_at')
      .where('detection_at', '>=', options.from)
      .where('detection_at', '<', options.to);
    if (options.entityRef) query.where({ entity_ref: options.entityRef });
    if (options.entityRefs) query.whereIn('entity_ref', options.entityRefs);
    const rows = await query;
    return computeMttaMttr(
      rows.map((row: any) => ({
        detectionAt: toDate(row.detection_at),
        assessmentAt: optionalDate(row.assessment_at),
        recoveryAt: optionalDate(row.recovery_at),
      })),
    );
  }

  private async getIncident(
    db: Knex | Knex.Transaction,
    id: string,
  ): Promise<Incident | undefined> {
    const row = await db(INCIDENTS).where({ id }).first();
    return row ? toIncident(row) : undefined;
  }

  /** Loads the incident and checks the version the caller saw. */
  private async loadForUpdate(
    trx: Knex.Transaction,
    id: string,
    expectedVersion: number,
  ): Promise<Incident> {
    const incident = await this.getIncident(trx, id);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    if (incident.version !== expectedVersion) {
      throw staleVersion(id, incident.version, expectedVersion);
    }
    return incident;
  }

  /**
   * The atomic half of the version check: the update only applies while the
   * row still has the version the caller saw, so of two concurrent updaters
   * one wins and the other gets a ConflictError.
   */
  private async compareAndSet(
    trx: Knex.Transaction,
    id: string,
    expectedVersion: number,
    update: Record<string, unknown>,
  ): Promise<void> {
    const count = await trx(INCIDENTS)
      .where({ id, version: expectedVersion })
      .update(update);
    if (count !== 1) {
      const current = await trx(INCIDENTS).where({ id }).first('version');
      if (!current) throw new NotFoundError(`No incident ${id}`);
      throw staleVersion(id, Number(current.version), expectedVersion);
    }
  }

  private async insertEvent(
    db: Knex | Knex.Transaction,
    id: string,
    event: NewIncidentEvent,
  ): Promise<IncidentEvent> {
    const [inserted] = await db(EVENTS)
      .insert(eventRow(id, event))
      .returning('id');
    const eventId =
      typeof inserted === 'object' && inserted !== null
        ? (inserted as { id: number }).id
        : inserted;
    return {
      id: Number(eventId),
      incidentId: id,
      ...event,
    };
  }
}

/** Whether two post-mortems say the same (empty fields count as absent). */
function samePostmortem(a: Postmortem | undefined, b: Postmortem): boolean {
  const norm = (p: Postmortem | undefined) =>
    JSON.stringify({
      summary: p?.summary?.trim() || undefined,
      impact: p?.impact?.trim() || undefined,
      rootCause: p?.rootCause?.trim() || undefined,
      monitoringChanges: p?.monitoringChanges?.trim() || undefined,
      actionItems: (p?.actionItems ?? []).map(i => [
        i.text?.trim() ?? '',
        i.owner?.trim() ?? '',
        i.dueDate ?? '',
        Boolean(i.done),
      ]),
    });
  return norm(a) === norm(b);
}
