import { OpsHealthSetupReport } from './setup';

/**
 * Status of a check result, as served by the API.
 *
 * @public
 */
export type OpsHealthCheckStatus =
  | 'ok'
  | 'warning'
  | 'critical'
  | 'unknown'
  | 'misconfigured';

/**
 * One stored check result, as served by the API (schema CheckResult).
 *
 * @public
 */
export type OpsHealthCheckResult = {
  entityRef: string;
  checkId: string;
  subject: string;
  status: OpsHealthCheckStatus;
  value?: number;
  threshold?: number;
  unit?: string;
  /** What is wrong (or right) in at most 90 characters. */
  headline: string;
  /** The full explanation. */
  message: string;
  details?: Record<string, unknown>;
  runbookSection?: string;
  /** ISO time of the measurement. */
  measuredAt: string;
  /** The last collection failed; this is the last good result. */
  stale: boolean;
  error?: string;
  errorAt?: string;
};

/**
 * An entity's health summary (schema EntityHealth).
 *
 * @public
 */
export type OpsHealthEntityHealth = {
  entityRef: string;
  status: OpsHealthCheckStatus | 'not-configured';
  checks: OpsHealthCheckResult[];
  setup: OpsHealthSetupReport;
  /** Configured checks with no result yet, and when their first measurement is due. */
  pending: Array<{ checkId: string; dueBy: string }>;
};
