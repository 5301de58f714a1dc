import Tooltip from '@material-ui/core/Tooltip';
import { formatTime, timeAgo } from './format';

/**
 * A time shown relative to now (`10 min ago`) with the absolute local time
 * in a tooltip; focusable so keyboard users get the tooltip too.
 *
 * @internal
 */
export function RelativeTime({ iso }: { iso: string }) {
  const absolute = formatTime(iso);
  return (
    <Tooltip title={absolute}>
      <time
        dateTime={iso}
        // Focusable so keyboard users get the tooltip with the absolute time.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        aria-label={`${timeAgo(iso)}, ${absolute}`}
      >
        {timeAgo(iso)}
      </time>
    </Tooltip>
  );
}
