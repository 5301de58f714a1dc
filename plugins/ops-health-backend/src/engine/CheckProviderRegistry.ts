import {
  OpsHealthCheckProvider,
  OpsHealthChecksExtensionPoint,
  OpsHealthConfigKeys,
} from '@ops-health/backstage-plugin-ops-health-node';

/**
 * The check providers that modules add through the extension point, and
 * the config keys they declare; a second provider with an id already taken
 * is refused.
 *
 * @internal
 */
export class CheckProviderRegistry implements OpsHealthChecksExtensionPoint {
  private readonly providers = new Map<string, OpsHealthCheckProvider>();
  private readonly declaredConfigKeys: OpsHealthConfigKeys[] = [];

  addConfigKeys(keys: OpsHealthConfigKeys) {
    this.declaredConfigKeys.push(keys);
  }

  /** The config keys under `opsHealth` that modules declared. */
  configKeys(): OpsHealthConfigKeys[] {
    return [...this.declaredConfigKeys];
  }

  addCheckProvider(...added: OpsHealthCheckProvider[]) {
    for (const provider of added) {
      if (this.providers.has(provider.id)) {
        throw new Error(
          `Ops Health check provider '${provider.id}' is already registered`,
        );
      }
      this.providers.set(provider.id, provider);
    }
  }

  list(): OpsHealthCheckProvider[] {
    return [...this.providers.values()];
  }

  ids(): string[] {
    return [...this.providers.keys()];
  }
}

/**
 * Whether `checkId` is an installed check's id, or, with `parts`, one of a
 * check's parts that alerts and channels name (`replication-canary`).
 *
 * @internal
 */
export function isInstalledCheck(
  installed: readonly string[],
  checkId: string,
  options?: { parts?: boolean },
): boolean {
  return installed.some(
    id =>
      checkId === id ||
      (options?.parts === true &&
        checkId.startsWith(`${id}-`) &&
        // A part has a name: `replication-` is not one.
        /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(checkId.slice(id.length + 1))),
  );
}
