import { DateTime } from 'luxon';

/**
 * A local time that the clocks show twice (the hour the autumn change
 * repeats) as its second occurrence, whatever the date today: luxon settles
 * it by the zone's offset at the real current time, so that the same
 * hand-off would fall an hour apart in summer and in winter.
 *
 * @internal
 */
export function laterOccurrence(local: DateTime): DateTime {
  return local
    .getPossibleOffsets()
    .reduce((later, dt) => (dt.toMillis() > later.toMillis() ? dt : later));
}
