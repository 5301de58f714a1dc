/**
 * How long ago an ISO time was, e.g. `10 min ago`.
 *
 * @internal
 */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 90) return 'just now';
  return `${formatDuration(seconds)} ago`;
}

/**
 * How long until an ISO time, e.g. `in 3 h` (`any moment` once it is due).
 *
 * @internal
 */
export function timeUntil(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (seconds < 30) return 'any moment';
  return `in ${formatDuration(seconds)}`;
}

/**
 * A duration in seconds, e.g. `45 s`, `10 min`, `26 h`, `3 d`.
 *
 * @internal
 */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/**
 * An amount of money, e.g. `USD 1,234.50`.
 *
 * @internal
 */
export function formatMoney(amount: number, unit = 'USD'): string {
  return `${unit} ${amount.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

/**
 * A count, e.g. `1,024`.
 *
 * @internal
 */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/**
 * A local date and time for a title attribute or a table cell.
 *
 * @internal
 */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/**
 * A local time of day, e.g. `14:05`.
 *
 * @internal
 */
export function formatClock(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-US', {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * A UTC day (`YYYY-MM-DD`) for people, e.g. `30 Nov`.
 *
 * @internal
 */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}
