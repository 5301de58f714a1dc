import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { ReactNode } from 'react';

/**
 * A status light from core-components for a check, canary or alert status.
 *
 * @internal
 */
export function StatusLight({
  status,
  children,
}: {
  status: string;
  children: ReactNode;
}) {
  switch (status) {
    case 'ok':
      return <StatusOK>{children}</StatusOK>;
    case 'warning':
      return <StatusWarning>{children}</StatusWarning>;
    case 'critical':
    case 'error':
      return <StatusError>{children}</StatusError>;
    case 'misconfigured':
      // Something its owners must fix: as visible as a warning.
      return <StatusWarning>{children}</StatusWarning>;
    case 'running':
      return <StatusRunning>{children}</StatusRunning>;
    default:
      return <StatusPending>{children}</StatusPending>;
  }
}

/**
 * Whether a status needs someone to look at it.
 *
 * @internal
 */
export function isFailing(status: string): boolean {
  return status === 'warning' || status === 'critical' || status === 'error';
}
