import {
  OpsHealthCheckProvider,
  OpsHealthChecksExtensionPoint,
} from '@ops-health/backstage-plugin-ops-health-node';

/**
 * The check providers that modules add through the extension point; a
 * second provider with an id already taken is refused.
 *
 * @internal
 */
export class CheckProviderRegistry implements OpsHealthChecksExtensionPoint {
  private readonly providers = new Map<string, OpsHealthCheckProvider>();

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
