import { toHeadline } from '@ops-health/backstage-plugin-ops-health-common';
import { CheckResult } from '@ops-health/backstage-plugin-ops-health-node';

/**
 * The result of a check that was not measured because what it would read
 * is not proven to be the entity's: misconfigured, saying how to prove it.
 *
 * @internal
 */
export function notProven(options: {
  entityRef: string;
  checkId: string;
  subject: string;
  problem: string;
  now: Date;
}): CheckResult {
  return {
    entityRef: options.entityRef,
    checkId: options.checkId,
    subject: options.subject,
    status: 'misconfigured',
    headline: toHeadline(`Not proven to be this entity's: ${options.problem}`),
    message: `Not measured: ${options.problem}`,
    details: { notProven: options.problem },
    measuredAt: options.now,
  };
}
