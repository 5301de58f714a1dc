import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { z } from 'zod/v4';
import { isOpsHealthEntity } from './entityFilter';

/**
 * The "Operations" tab, on every component page like the overview card: an
 * entity without annotations is told in each section what to add.
 *
 * Its options come from the app's config, e.g.
 *
 * ```yaml
 * app:
 *   extensions:
 *     - entity-content:ops-health/operations:
 *         config:
 *           runbookBaseUrl: https://wiki.example.com/ops
 *           staleAfterMs: { cost: 172800000 }
 * ```
 *
 * @alpha
 */
export const entityOpsHealthContent = EntityContentBlueprint.makeWithOverrides({
  name: 'operations',
  configSchema: {
    /** Runbook for failing checks when the backend has none configured. */
    runbookBaseUrl: z.string().optional(),
    /** Age (ms) per check after which a result is shown as stale. */
    staleAfterMs: z.record(z.string(), z.number().positive()).optional(),
    /** How often to ask for the state of a running replication test. */
    canaryPollIntervalMs: z.number().positive().optional(),
  },
  factory(originalFactory, { config }) {
    const { runbookBaseUrl, staleAfterMs, canaryPollIntervalMs } = config;
    return originalFactory({
      path: 'ops-health',
      title: 'Operations',
      filter: isOpsHealthEntity,
      loader: () =>
        import('../components/EntityOpsHealthContent').then(m => (
          <m.EntityOpsHealthContent
            runbookBaseUrl={runbookBaseUrl}
            staleAfterMs={staleAfterMs}
            canaryPollIntervalMs={canaryPollIntervalMs}
          />
        )),
    });
  },
});
