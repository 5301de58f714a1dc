import {
  AuditorService,
  AuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  opsHealthScheduleOverridePermission,
  scheduleNameOf,
} from '@ops-health/backstage-plugin-ops-health-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  audited,
  authorize,
  Caller,
  principalRef,
  sameEntityRef,
} from '../access/access';
import { toDate } from '../database/dates';
import { parseInstant } from '../instants';
import { OnCallSchedule, ScheduleOverride, SchedulesConfig } from './config';
import {
  onCallAt,
  OnCallSegment,
  OnCallSlot,
  onCallTimeline,
} from './rotation';

const TABLE = 'ops_health_schedule_overrides';
const DAY_MS = 86_400_000;
/** Longest shift one can take from the portal, in the schedule's days. */
const MAX_OVERRIDE_DAYS = 31;
/** How far ahead one can take a shift. */
const MAX_OVERRIDE_AHEAD_MS = 366 * DAY_MS;
/** How far before and after its window a view looks for shift bounds. */
const MARGIN_MS = 8 * DAY_MS;
/** What a schedule view shows ahead by default. */
const DEFAULT_VIEW_DAYS = 14;

/** A person of a schedule, as the catalog has them. @internal */
export type SchedulePerson = {
  entityRef: string;
  displayName: string;
  email?: string;
  /** Not in the catalog: skipped by the rotation. */
  missing?: boolean;
};

/** A stretch of a schedule, with the person. @internal */
export type ScheduleShift = {
  from: string;
  to: string;
  person?: SchedulePerson;
  layer?: string;
  overrideId?: string;
  /** Members whose turn it was but who are not in the catalog. */
  skipped: string[];
  /** The shift goes on past `to` (where the schedule was read to). */
  openEnded?: boolean;
  /**
   * The shift began before `from` (where the schedule was read from, a
   * week before now), not at a hand-off.
   */
  openStart?: boolean;
};

/** Who is on call on a schedule now and next. @internal */
export type OnCallSummary = {
  name: string;
  title?: string;
  team: string;
  timeZone: string;
  current?: ScheduleShift;
  next?: ScheduleShift;
  /** Members (and override users) not in the catalog: skipped. */
  missing: string[];
};

/** A schedule as the API shows it. @internal */
export type ScheduleView = {
  name: string;
  title?: string;
  team: string;
  timeZone: string;
  layers: Array<{
    name: string;
    rotation: 'daily' | 'weekly';
    handoff: string;
    members: SchedulePerson[];
    restriction?: string;
  }>;
  /** Who is on call now, until when. */
  current?: ScheduleShift;
  /** Who takes over at the next hand-off. */
  next?: ScheduleShift;
  /** From now, `days` ahead. */
  shifts: ScheduleShift[];
  /** Overrides that have not ended, configured and from the portal. */
  overrides: Array<{
    id: string;
    person: SchedulePerson;
    from: string;
    to: string;
    source: 'config' | 'portal';
    createdBy?: string;
    createdAt?: string;
    note?: string;
  }>;
  /** Members (and override users) not in the catalog. */
  missing: string[];
};

type OverrideRow = {
  id: string;
  schedule: string;
  user_ref: string;
  starts_at: Date | string;
  ends_at: Date | string;
  note: string | null;
  created_by: string;
  created_at: Date | string;
};

function fromRow(row: OverrideRow): ScheduleOverride {
  return {
    id: row.id,
    user: row.user_ref,
    from: toDate(row.starts_at),
    to: toDate(row.ends_at),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    ...(row.note ? { note: row.note } : {}),
  };
}

function pad(n: number) {
  return String(n).padStart(2, '0');
}

const WEEKDAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/**
 * The shift at `start` joined with the same person's shifts that follow it
 * without a gap, and the index after them.
 */
function stretchFrom(
  shifts: ScheduleShift[],
  start: number,
): [ScheduleShift | undefined, number] {
  const first = shifts[start];
  if (!first) return [undefined, start];
  let end = start;
  while (
    shifts[end + 1] &&
    shifts[end + 1].from === shifts[end].to &&
    shifts[end + 1].person?.entityRef === first.person?.entityRef
  ) {
    end += 1;
  }
  const last = shifts[end];
  return [
    end === start
      ? first
      : {
          ...first,
          to: last.to,
          ...(last.openEnded ? { openEnded: true } : {}),
        },
    end + 1,
  ];
}

/**
 * On-call schedules: who is on call when, from config and the overrides
 * taken in the portal; a member who is not in the catalog is skipped.
 *
 * @internal
 */
export class ScheduleService {
  constructor(
    private readonly options: {
      schedules: SchedulesConfig;
      db: Knex;
      catalog: CatalogService;
      auth: AuthService;
      permissions?: PermissionsService;
      auditor?: AuditorService;
      userInfo?: UserInfoService;
      now: () => Date;
    },
  ) {}

  names(): string[] {
    return [...this.options.schedules.keys()];
  }

  has(name: string): boolean {
    return this.options.schedules.has(name);
  }

  private schedule(name: string): OnCallSchedule {
    const schedule = this.options.schedules.get(name);
    if (!schedule) {
      throw new NotFoundError(
        `No on-call schedule named '${name}'${
          this.options.schedules.size
            ? `; configured: ${this.names().join(', ')}`
            : '; none is configured under opsHealth.schedules'
        }`,
      );
    }
    return schedule;
  }

  /** Configured overrides and the portal's that end after `after`. */
  private async overrides(
    schedule: OnCallSchedule,
    after: Date,
  ): Promise<ScheduleOverride[]> {
    const rows: OverrideRow[] = await this.options
      .db(TABLE)
      .where({ schedule: schedule.name })
      .andWhere('ends_at', '>', after)
      .orderBy('created_at', 'asc');
    return [
      ...schedule.overrides.filter(o => o.to.getTime() > after.getTime()),
      ...rows.map(fromRow),
    ];
  }

  /** The users of the schedules from the catalog, with the plugin's credentials. */
  private async people(refs: string[]): Promise<Map<string, SchedulePerson>> {
    const unique = [...new Set(refs)];
    const people = new Map<string, SchedulePerson>();
    if (!unique.length) return people;
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: unique },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    unique.forEach((ref, i) => {
      const entity: Entity | null | undefined = items[i];
      if (!entity) {
        people.set(ref, { entityRef: ref, displayName: ref, missing: true });
        return;
      }
      const profile = (entity.spec?.profile ?? {}) as {
        displayName?: unknown;
        email?: unknown;
      };
      people.set(ref, {
        entityRef: ref,
        displayName:
          (typeof profile.displayName === 'string' && profile.displayName) ||
          entity.metadata.title ||
          entity.metadata.name,
        ...(typeof profile.email === 'string' ? { email: profile.email } : {}),
      });
    });
    return people;
  }

  private async state(name: string, now: Date) {
    const schedule = this.schedule(name);
    const overrides = await this.overrides(schedule, now);
    const people = await this.people([
      ...schedule.layers.flatMap(l => l.members),
      ...overrides.map(o => o.user),
    ]);
    const isPresent = (user: string) => people.get(user)?.missing !== true;
    return { schedule, overrides, people, isPresent };
  }

  /**
   * Who is on call on the schedule at `at` (escalation asks this), and the
   * schedule's team, whom escalation pages when nobody is.
   */
  async onCall(name: string, at: Date): Promise<OnCallSlot & { team: string }> {
    const { schedule, overrides, isPresent } = await this.state(name, at);
    return {
      ...onCallAt(schedule, overrides, at, isPresent),
      team: schedule.team,
    };
  }

  /** Who is on call on the schedule now, by the service's clock. */
  async onCallNow(name: string): Promise<OnCallSlot> {
    return this.onCall(name, this.options.now());
  }

  /** The schedule from now, `days` ahead. */
  async view(
    name: string,
    options: { days?: number } = {},
  ): Promise<ScheduleView> {
    const now = this.options.now();
    const days = Math.min(Math.max(options.days ?? DEFAULT_VIEW_DAYS, 1), 92);
    const readFrom = new Date(now.getTime() - MARGIN_MS);
    const { schedule, overrides, people, isPresent } = await this.state(
      name,
      readFrom,
    );
    // Read a week either side of the window, so that the current shift
    // shows when it began and the last one when it ends; one that began
    // before that (a rotation of one, a long override) says so.
    const end = now.getTime() + days * DAY_MS;
    const segments = onCallTimeline(
      schedule,
      overrides,
      readFrom,
      new Date(end + MARGIN_MS),
      isPresent,
    ).filter(s => s.to.getTime() > now.getTime() && s.from.getTime() < end);
    const person = (ref: string) =>
      people.get(ref) ?? { entityRef: ref, displayName: ref };
    const shift = (s: OnCallSegment): ScheduleShift => ({
      from: s.from.toISOString(),
      to: s.to.toISOString(),
      ...(s.user ? { person: person(s.user) } : {}),
      ...(s.layer ? { layer: s.layer } : {}),
      ...(s.overrideId ? { overrideId: s.overrideId } : {}),
      skipped: s.skipped,
      ...(s.openEnded ? { openEnded: true } : {}),
      ...(s.from.getTime() <= readFrom.getTime() ? { openStart: true } : {}),
    });
    const shifts = segments.map(shift);
    // Who is on call now and who takes over: a person's back-to-back
    // segments (their override, then their own turn) are one stretch on
    // call, which ends when someone else's begins.
    const [current, afterCurrent] = stretchFrom(shifts, 0);
    const [next] = stretchFrom(shifts, afterCurrent);
    return {
      name: schedule.name,
      ...(schedule.title ? { title: schedule.title } : {}),
      team: schedule.team,
      timeZone: schedule.timeZone,
      layers: schedule.layers.map(l => ({
        name: l.name,
        rotation: l.rotation,
        handoff: `${
          l.rotation === 'weekly' ? `${WEEKDAY_NAMES[l.handoffDay]} ` : ''
        }${pad(l.handoffTime.hour)}:${pad(l.handoffTime.minute)} ${
          schedule.timeZone
        }`,
        members: l.members.map(person),
        ...(l.restriction
          ? {
              restriction: `${l.restriction.days
                .map(d => WEEKDAY_NAMES[d].slice(0, 3))
                .join(', ')} ${pad(l.restriction.from.hour)}:${pad(
                l.restriction.from.minute,
              )}–${pad(l.restriction.to.hour)}:${pad(l.restriction.to.minute)}`,
            }
          : {}),
      })),
      ...(current ? { current } : {}),
      ...(next ? { next } : {}),
      shifts,
      overrides: overrides
        .filter(o => o.to.getTime() > now.getTime())
        .sort((a, b) => a.from.getTime() - b.from.getTime())
        .map(o => ({
          id: o.id,
          person: person(o.user),
          from: o.from.toISOString(),
          to: o.to.toISOString(),
          source: o.id.startsWith('config:') ? 'config' : 'portal',
          ...(o.createdBy ? { createdBy: o.createdBy } : {}),
          ...(o.createdAt ? { createdAt: o.createdAt.toISOString() } : {}),
          ...(o.note ? { note: o.note } : {}),
        })),
      missing: [...people.values()]
        .filter(p => p.missing)
        .map(p => p.entityRef),
    };
  }

  /** Who is on call now and next on each of the schedules. */
  async summaries(names: string[]): Promise<OnCallSummary[]> {
    return Promise.all(
      names.map(async name => {
        const v = await this.view(name, { days: 31 });
        return {
          name: v.name,
          ...(v.title ? { title: v.title } : {}),
          team: v.team,
          timeZone: v.timeZone,
          ...(v.current ? { current: v.current } : {}),
          ...(v.next ? { next: v.next } : {}),
          missing: v.missing,
        };
      }),
    );
  }

  /** Every schedule from now. */
  async list(options: { days?: number } = {}): Promise<ScheduleView[]> {
    return Promise.all(this.names().map(name => this.view(name, options)));
  }

  /**
   * The schedules that concern an entity: those its escalation levels
   * target, then those of its owning team.
   */
  namesFor(targets: string[], owner?: string): string[] {
    const names = targets.flatMap(t => scheduleNameOf(t) ?? []);
    for (const schedule of this.options.schedules.values()) {
      if (owner && schedule.team === owner) names.push(schedule.name);
    }
    return [...new Set(names)].filter(n => this.has(n));
  }

  /**
   * The caller takes a shift: from `from` to `to` they are on call instead
   * of the rotation. For members of the schedule's team (or its rotation),
   * with the override permission; audited, refusals included.
   */
  async addOverride(
    caller: Caller,
    name: string,
    input: { from: string; to: string; note?: string },
  ): Promise<ScheduleView['overrides'][number]> {
    return audited(
      this.requireAuditor(),
      {
        eventId: 'schedule-override',
        caller,
        meta: { schedule: name, from: input.from, to: input.to },
      },
      async meta => {
        const schedule = this.schedule(name);
        const user = await this.requireTeamMember(
          caller,
          schedule,
          'take a shift on',
        );
        const now = this.options.now();
        let from = parseInstant(input.from, 'from');
        const to = parseInstant(input.to, 'to');
        if (to.getTime() <= from.getTime()) {
          throw new InputError(
            `'to' (${input.to}) must be after 'from' (${input.from})`,
          );
        }
        if (to.getTime() <= now.getTime()) {
          throw new InputError(
            `The shift ends in the past (${input.to}); pick a time after now`,
          );
        }
        // A shift taken now starts now, not in the past (and is as long as
        // it lasts from now).
        if (from.getTime() < now.getTime()) from = now;
        // 31 days on the schedule's calendar: a month across the autumn
        // clock change is 745 hours.
        if (
          DateTime.fromJSDate(to, { zone: schedule.timeZone }).diff(
            DateTime.fromJSDate(from, { zone: schedule.timeZone }),
            'days',
          ).days > MAX_OVERRIDE_DAYS
        ) {
          throw new InputError(
            'A shift taken from the portal lasts at most 31 days; take several',
          );
        }
        if (from.getTime() - now.getTime() > MAX_OVERRIDE_AHEAD_MS) {
          throw new InputError('A shift can be taken at most a year ahead');
        }
        // The same shift taken twice (a double click, a retried request):
        // one the caller already holds that covers it is not added again.
        const held = await this.options
          .db(TABLE)
          .where({ schedule: schedule.name, user_ref: user })
          .andWhere('starts_at', '<=', from)
          .andWhere('ends_at', '>=', to)
          .first('id', 'starts_at', 'ends_at');
        if (held) {
          throw new ConflictError(
            `You already hold this shift: your override ${
              held.id
            } covers ${toDate(held.starts_at).toISOString()} to ${toDate(
              held.ends_at,
            ).toISOString()}, so there is nothing to add`,
          );
        }
        const note = input.note?.trim().slice(0, 500) || undefined;
        const id = randomUUID();
        await this.options.db(TABLE).insert({
          id,
          schedule: schedule.name,
          user_ref: user,
          starts_at: from,
          ends_at: to,
          note: note ?? null,
          created_by: user,
          created_at: now,
        });
        meta.overrideId = id;
        const people = await this.people([user]);
        return {
          id,
          person: people.get(user)!,
          from: from.toISOString(),
          to: to.toISOString(),
          source: 'portal' as const,
          createdBy: user,
          createdAt: now.toISOString(),
          ...(note ? { note } : {}),
        };
      },
    );
  }

  /** Removes a shift taken from the portal (team members; audited). */
  async removeOverride(
    caller: Caller,
    name: string,
    id: string,
  ): Promise<void> {
    await audited(
      this.requireAuditor(),
      {
        eventId: 'schedule-override-delete',
        caller,
        meta: { schedule: name, overrideId: id },
      },
      async () => {
        const schedule = this.schedule(name);
        const user = await this.requireTeamMember(caller, schedule, 'change');
        const configured = schedule.overrides.findIndex(o => o.id === id);
        if (configured >= 0) {
          throw new ConflictError(
            `Override ${id} is configured in opsHealth.schedules (${schedule.name}'s overrides[${configured}]); remove it from the config`,
          );
        }
        const row: OverrideRow | undefined = await this.options
          .db(TABLE)
          .where({ id, schedule: schedule.name })
          .first();
        if (!row) {
          throw new NotFoundError(`Schedule ${name} has no override ${id}`);
        }
        // Only who took a shift gives it back: a colleague's "I take
        // Tuesday" is theirs to undo.
        if (!sameEntityRef(row.created_by, user)) {
          throw new NotAllowedError(
            `Override ${id} was taken by ${row.created_by}; only they can give it back`,
          );
        }
        await this.options.db(TABLE).where({ id }).delete();
      },
    );
  }

  /** Old overrides are kept as long as other history. */
  async deleteOverridesEndedBefore(before: Date): Promise<number> {
    return this.options.db(TABLE).where('ends_at', '<', before).delete();
  }

  private requireAuditor(): AuditorService {
    if (!this.options.auditor)
      throw new Error('ScheduleService has no auditor');
    return this.options.auditor;
  }

  /** The caller's user ref, when they are a member of the team or the rotation. */
  private async requireTeamMember(
    caller: Caller,
    schedule: OnCallSchedule,
    what: string,
  ): Promise<string> {
    const principal = caller.credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (principal.type !== 'user' || !principal.userEntityRef) {
      throw new NotAllowedError(
        `Only users take on-call shifts (this caller is ${principalRef(
          caller.credentials,
        )})`,
      );
    }
    if (this.options.permissions) {
      await authorize(
        this.options.permissions,
        { permission: opsHealthScheduleOverridePermission },
        caller.credentials,
        `${what} on-call schedules`,
      );
    }
    const user = stringifyEntityRef(parseEntityRef(principal.userEntityRef));
    const ownership = this.options.userInfo
      ? (await this.options.userInfo.getUserInfo(caller.credentials))
          .ownershipEntityRefs
      : [];
    const inRotation = schedule.layers.some(l =>
      l.members.some(m => sameEntityRef(m, user)),
    );
    if (!inRotation && !ownership.some(r => sameEntityRef(r, schedule.team))) {
      throw new NotAllowedError(
        `You are not allowed to ${what} schedule ${schedule.name}: only members of ${schedule.team} and of its rotation are`,
      );
    }
    return user;
  }
}
