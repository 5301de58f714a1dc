import { useEffect, useState } from 'react';

/**
 * The current time in milliseconds, renewed every `intervalMs` while
 * `ticking` (a duration shown "so far" goes on counting); the time of the
 * render otherwise.
 *
 * @internal
 */
export function useNow(intervalMs: number, ticking = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, ticking]);
  return ticking ? now : Date.now();
}
