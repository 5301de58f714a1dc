import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { opsHealthApiRef, OpsHealthCanaryRun } from '../api';
import { useContentOptions } from './useContentOptions';

/** @internal */
export type ReplicationCanaryState = {
  /** The latest run per bucket, the ones this page started first. */
  runs: OpsHealthCanaryRun[];
  /** Whether a run is going on (being polled). */
  running: boolean;
  /** The request to start is in flight. */
  starting: boolean;
  /** The backend's message when a test was already running (409). */
  conflict?: string;
  /** Starting failed, e.g. 403 without the permission. */
  error?: Error;
  /** Reading the runs failed. */
  loadError?: Error;
};

function merge(
  current: OpsHealthCanaryRun[],
  incoming: OpsHealthCanaryRun[],
): OpsHealthCanaryRun[] {
  const byBucket = new Map(current.map(r => [r.bucket, r]));
  for (const run of incoming) byBucket.set(run.bucket, run);
  return [...byBucket.values()].sort((a, b) =>
    a.bucket.localeCompare(b.bucket),
  );
}

/**
 * Replication tests of the current entity: the latest runs, starting one and
 * polling until every watched run has finished.
 *
 * @internal
 */
export function useReplicationCanary(options?: { onFinished?: () => void }) {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const { canaryPollIntervalMs } = useContentOptions();
  const ref = getCompoundEntityRef(entity);
  const refKey = `${ref.kind}:${ref.namespace}/${ref.name}`;
  const [state, setState] = useState<ReplicationCanaryState>({
    runs: [],
    running: false,
    starting: false,
  });
  const [watching, setWatching] = useState<string[]>([]);
  const onFinished = useRef(options?.onFinished);
  onFinished.current = options?.onFinished;
  const refRef = useRef(ref);
  refRef.current = ref;

  useEffect(() => {
    let cancelled = false;
    api.getReplicationCanaryRuns(refRef.current).then(
      ({ runs }) => {
        if (cancelled) return;
        setState(s => ({ ...s, runs: merge(s.runs, runs) }));
        setWatching(runs.filter(r => r.status === 'running').map(r => r.id));
      },
      error => {
        if (!cancelled) setState(s => ({ ...s, loadError: error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, refKey]);

  useEffect(() => {
    if (watching.length === 0) return undefined;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const { runs } = await api.getReplicationCanaryRuns(refRef.current);
        if (cancelled) return;
        // The latest run per bucket: a watched run missing from it was
        // superseded, so it is no longer watched either.
        const stillRunning = runs
          .filter(r => watching.includes(r.id) && r.status === 'running')
          .map(r => r.id);
        setState(s => ({
          ...s,
          runs: merge(s.runs, runs),
          loadError: undefined,
        }));
        setWatching(stillRunning);
        if (stillRunning.length === 0) onFinished.current?.();
      } catch (error) {
        // A failed poll is retried at the next interval.
        if (!cancelled) {
          setState(s => ({ ...s, loadError: error as Error }));
          setWatching(w => [...w]);
        }
      }
    }, canaryPollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, watching, canaryPollIntervalMs]);

  const start = useCallback(async () => {
    setState(s => ({
      ...s,
      starting: true,
      error: undefined,
      conflict: undefined,
    }));
    try {
      const outcome = await api.startReplicationCanary(refRef.current);
      if (outcome.started) {
        setState(s => ({
          ...s,
          starting: false,
          runs: merge(s.runs, outcome.runs),
        }));
        setWatching(outcome.runs.map(r => r.id));
      } else {
        const running = outcome.running;
        setState(s => ({
          ...s,
          starting: false,
          conflict: outcome.message,
          runs: running ? merge(s.runs, [running]) : s.runs,
        }));
        if (running) setWatching([running.id]);
      }
    } catch (error) {
      setState(s => ({ ...s, starting: false, error: error as Error }));
    }
  }, [api]);

  return { ...state, running: watching.length > 0, start };
}
