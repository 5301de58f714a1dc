import { configErrors } from '@ops-health/backstage-plugin-ops-health-node';
import { Config } from '@backstage/config';

/**
 * `opsHealth.contacts`, read and validated, with every default filled in.
 *
 * @internal
 */
export type ContactsConfig = {
  /** The primary DevOps contact, shown on every entity; none unless configured. */
  primary?: { name: string; email?: string; chat?: string };
};

const errors = configErrors('opsHealth');
// Declared functions: TypeScript narrows after a call that returns never.
/** @internal */
export function fail(key: string, message: string): never {
  return errors.fail(key, message);
}

/** @internal */
export function optionalConfig(
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

/** @internal */
export function optionalString(
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
 * Reads `opsHealth.contacts` from the root config. Throws naming the key on
 * the first invalid value.
 *
 * @internal
 */
export function readContactsConfig(root: Config): ContactsConfig {
  const contacts = optionalConfig(root, 'opsHealth.contacts', 'contacts');
  const c = contacts && optionalConfig(contacts, 'primary', 'contacts.primary');
  if (!c) return {};
  const name = optionalString(c, 'name', 'contacts.primary.name');
  if (name === undefined) {
    fail('contacts.primary.name', 'the primary contact needs a name');
  }
  const email = optionalString(c, 'email', 'contacts.primary.email');
  if (email !== undefined && !EMAIL.test(email)) {
    fail('contacts.primary.email', `expected an email address, got '${email}'`);
  }
  const chat = optionalString(c, 'chat', 'contacts.primary.chat');
  return {
    primary: {
      name,
      ...(email !== undefined ? { email } : {}),
      ...(chat !== undefined ? { chat } : {}),
    },
  };
}
