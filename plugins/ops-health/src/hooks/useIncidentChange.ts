import { useCallback, useState } from 'react';

/**
 * Runs one change of an incident (a move, a note, the post-mortem) and
 * keeps its failure to show next to where it was made. `onChanged` runs
 * after a success, typically reading the incident again.
 *
 * @internal
 */
export function useIncidentChange(onChanged: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(
    async (change: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(undefined);
      try {
        await change();
        setBusy(false);
        onChanged();
        return true;
      } catch (e) {
        setError(e as Error);
        setBusy(false);
        return false;
      }
    },
    [onChanged],
  );
  const clear = useCallback(() => setError(undefined), []);
  /** Forgets the failure and reads the incident again (after a 409). */
  const reload = useCallback(() => {
    setError(undefined);
    onChanged();
  }, [onChanged]);
  return { busy, error, run, clear, reload };
}
