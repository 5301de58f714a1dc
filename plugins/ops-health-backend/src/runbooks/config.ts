import { Config } from '@backstage/config';
import { isSafeLink } from '@ops-health/backstage-plugin-ops-health-common';
import { fail, optionalConfig, optionalString } from '../contacts/config';

/**
 * `opsHealth.runbook`, read and validated, with every default filled in.
 *
 * @internal
 */
export interface RunbookConfig {
  /** Runbook of entities that name none: an http(s) URL or a portal path. */
  defaultUrl?: string;
  /** Section anchor (without `#`) by check id, `incident` included. */
  sections: Record<string, string>;
}

/**
 * The headings of the monitoring runbook, as anchors (MkDocs' `toc` slugs of
 * "Cost overrun alert", "S3 replication failure", ...).
 *
 * @internal
 */
export const DEFAULT_RUNBOOK_SECTIONS: Readonly<Record<string, string>> = {
  cost: 'cost-overrun-alert',
  replication: 's3-replication-failure',
  backup: 'disaster-recovery-backup-failure',
  incident: 'incident-response-workflow',
};

/**
 * Reads `opsHealth.runbook` from the root config. Throws naming the key on
 * the first invalid value. Configured sections replace the default of their
 * check; the other defaults stay.
 *
 * @internal
 */
export function readRunbookConfig(root: Config): RunbookConfig {
  const c = optionalConfig(root, 'opsHealth.runbook', 'runbook');
  const sections = { ...DEFAULT_RUNBOOK_SECTIONS };
  if (!c) return { sections };

  const defaultUrl = optionalString(c, 'defaultUrl', 'runbook.defaultUrl');
  if (defaultUrl !== undefined && !isSafeLink(defaultUrl)) {
    fail(
      'runbook.defaultUrl',
      `expected an http(s) URL or a portal path such as /docs/default/component/ops-runbook/, got '${defaultUrl}'`,
    );
  }

  const sectionsConfig = optionalConfig(c, 'sections', 'runbook.sections');
  for (const checkId of sectionsConfig?.keys() ?? []) {
    const key = `runbook.sections.${checkId}`;
    const anchor = (
      optionalString(sectionsConfig!, checkId, key) ?? ''
    ).replace(/^#/, '');
    if (!anchor || /[\s#]/.test(anchor)) {
      fail(key, `expected a section anchor such as cost-overrun-alert`);
    }
    sections[checkId] = anchor;
  }

  return { ...(defaultUrl !== undefined ? { defaultUrl } : {}), sections };
}
