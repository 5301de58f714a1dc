import { useEffect, useRef } from 'react';

/** A refresh on returning to the page waits at least this long after one. */
const MIN_GAP_MS = 5_000;

/**
 * Calls `refresh` every `intervalMs` while the page is visible, and when
 * the page is shown or focused again after a while away: what an on-call
 * engineer leaves open (an entity's alerts, the portal's incidents) does
 * not go on showing an hour-old state. A hidden tab asks nothing.
 *
 * @internal
 */
export function useRefreshWhileVisible(
  refresh: () => void,
  intervalMs = 60_000,
  enabled = true,
) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!enabled) return undefined;
    let last = Date.now();
    const visible = () => document.visibilityState !== 'hidden';
    const run = () => {
      last = Date.now();
      latest.current();
    };
    const timer = setInterval(() => {
      if (visible()) run();
    }, intervalMs);
    const onReturn = () => {
      if (visible() && Date.now() - last >= MIN_GAP_MS) run();
    };
    document.addEventListener('visibilitychange', onReturn);
    window.addEventListener('focus', onReturn);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onReturn);
      window.removeEventListener('focus', onReturn);
    };
  }, [intervalMs, enabled]);
}
