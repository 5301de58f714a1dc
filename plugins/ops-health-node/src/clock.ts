import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * Where the Ops Health backend and its modules read the time from.
 *
 * @remarks
 * Every verdict that depends on the date (which day is complete, how old a
 * backup is, when an escalation is due) reads this clock, so that tests can
 * fix it at a month or year boundary instead of depending on today's date.
 *
 * @public
 */
export interface OpsHealthClock {
  now(): Date;
}

/**
 * The system clock.
 *
 * @public
 */
export const systemClock: OpsHealthClock = { now: () => new Date() };

/**
 * The clock of the Ops Health backend; the system clock unless a test
 * replaces it with `createServiceFactory({ service: opsHealthClockServiceRef, ... })`.
 *
 * @public
 */
export const opsHealthClockServiceRef = createServiceRef<OpsHealthClock>({
  id: 'ops-health.clock',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => systemClock,
    }),
});
