import { configErrors } from '../config/configErrors';
import { Config } from '@backstage/config';

/**
 * `opsHealth.contacts`, read and validated, with every default filled in.
 *
 * @internal
 */
export interface ContactsConfig {
  /** The primary DevOps contact, shown on every entity. */
  primary: { name: string; email: string; chat?: string };
}

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

/** @internal */
export const DEFAULT_CONTACTS_CONFIG: ContactsConfig = {
  primary: { name: 'DevOps team', email: 'devops@company.com' },
};

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

const errors = configErrors('opsHealth');
// Declared functions: TypeScript narrows after a call that returns never.
function fail(key: string, message: string): never {
  return errors.fail(key, message);
}

function optionalConfig(
  config: Config,
  key: string,
  fullKey: string,
): Config | undefined {
  try {
    return config.getOptionalConfig(key);
  } catch (error) {
    return fail(
      fullKey,
      error instanceof Error ? error.message : String(error),
    );
  }
}

function optionalString(
  config: Config,
  key: string,
  fullKey: string,
): string | undefined {
  let value: string | undefined;
  try {
    value = config.getOptionalString(key);
  } catch (error) {
    fail(fullKey, error instanceof Error ? error.message : String(error));
  }
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!trimmed) fail(fullKey, 'must not be empty');
  return trimmed;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * An http(s) URL or a path in the portal (`/docs/...`). Anything else
 * (`javascript:`, relative paths) is refused, since it ends up as a link.
 *
 * @internal
 */
export function isSafeLink(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//');
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Reads `opsHealth.contacts` from the root config. Throws naming the key on
 * the first invalid value.
 *
 * @internal
 */
export function readContactsConfig(root: Config): ContactsConfig {
  const c = optionalConfig(root, 'opsHealth.contacts', 'contacts');
  const d = DEFAULT_CONTACTS_CONFIG.primary;
  if (!c) return { primary: { ...d } };

  const name = optionalString(c, 'primary.name', 'contacts.primary.name');
  const email = optionalString(c, 'primary.email', 'contacts.primary.email');
  if (email !== undefined && !EMAIL.test(email)) {
    fail('contacts.primary.email', `expected an email address, got '${email}'`);
  }
  const chat = optionalString(c, 'primary.chat', 'contacts.primary.chat');
  return {
    primary: {
      name: name ?? d.name,
      email: email ?? d.email,
      ...(chat !== undefined ? { chat } : {}),
    },
  };
}

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
