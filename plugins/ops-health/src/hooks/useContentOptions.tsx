import { createContext, ReactNode, useContext } from 'react';
import { DEFAULT_STALE_AFTER_MS } from '../components/common/staleness';

/**
 * Options of the Operations tab, shared by its sections.
 *
 * @public
 */
export type OpsHealthContentOptions = {
  /**
   * Runbook to link failing checks to when the backend has none configured
   * for the entity; the check's section is appended as the URL fragment.
   */
  runbookBaseUrl?: string;
  /** Age (ms) after which a result of a check is shown as stale. */
  staleAfterMs?: Partial<Record<string, number>>;
  /** How often to ask for the state of a running replication test (ms). */
  canaryPollIntervalMs?: number;
};

type ResolvedOptions = {
  runbookBaseUrl?: string;
  staleAfterMs: Record<string, number | undefined>;
  canaryPollIntervalMs: number;
};

const ContentOptionsContext = createContext<ResolvedOptions | undefined>(
  undefined,
);

/** @internal */
export function ContentOptionsProvider({
  options,
  children,
}: {
  options: OpsHealthContentOptions;
  children: ReactNode;
}) {
  return (
    <ContentOptionsContext.Provider
      value={{
        runbookBaseUrl: options.runbookBaseUrl,
        staleAfterMs: { ...DEFAULT_STALE_AFTER_MS, ...options.staleAfterMs },
        canaryPollIntervalMs: options.canaryPollIntervalMs ?? 2000,
      }}
    >
      {children}
    </ContentOptionsContext.Provider>
  );
}

/** @internal */
export function useContentOptions(): ResolvedOptions {
  return (
    useContext(ContentOptionsContext) ?? {
      staleAfterMs: DEFAULT_STALE_AFTER_MS,
      canaryPollIntervalMs: 2000,
    }
  );
}
