import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  OPS_HEALTH_ANNOTATIONS,
  OpsHealthAnnotationKey,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckResult,
  CheckRunContext,
  CheckTarget,
} from '@ops-health/backstage-plugin-ops-health-node';
import { readAwsChecksConfig } from '../../config';
import { emptyHistory } from '../../__testUtils__/emptyHistory';

/** The backup config with its defaults: 26 h max age, 24 h of ERROR logs. */
export function defaultBackupConfig() {
  return readAwsChecksConfig(new ConfigReader({})).backup;
}

/** A catalog component with Ops Health annotations, parsed as the plugin does. */
export function backupTarget(
  name: string,
  annotations: Partial<Record<OpsHealthAnnotationKey, string>>,
): CheckTarget {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: Object.fromEntries(
        Object.entries(annotations).map(([key, value]) => [
          OPS_HEALTH_ANNOTATIONS[key as OpsHealthAnnotationKey],
          value!,
        ]),
      ),
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
  const config = parseOpsHealthAnnotations(entity);
  if (config.problems.length > 0) {
    throw new Error(`bad test annotations: ${JSON.stringify(config.problems)}`);
  }
  return { entityRef: `component:default/${name}`, entity, config };
}

export function runContext(
  overrides: Partial<CheckRunContext> = {},
): CheckRunContext & { logger: ReturnType<typeof mockServices.logger.mock> } {
  return {
    signal: new AbortController().signal,
    logger: mockServices.logger.mock(),
    now: new Date(),
    history: emptyHistory,
    ...overrides,
  } as CheckRunContext & {
    logger: ReturnType<typeof mockServices.logger.mock>;
  };
}

export function resultOf(results: CheckResult[], entityRef: string) {
  const result = results.find(r => r.entityRef === entityRef);
  if (!result) {
    throw new Error(
      `no result for ${entityRef}; got ${results
        .map(r => r.entityRef)
        .join(', ')}`,
    );
  }
  return result;
}
