import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ownerRefOf } from '@ops-health/backstage-plugin-ops-health-common';
import { AlertAudience } from '../alerting';
import { RunbookResolver } from '../runbooks/RunbookResolver';

/**
 * The `audienceOf` of the alert notifier: the entity's owner as recipients
 * and its runbook links, from one catalog read with the plugin's own
 * credentials (messages go to the owner whoever triggered them).
 *
 * @internal
 */
export function createAlertAudience(options: {
  catalog: CatalogService;
  auth: AuthService;
  runbooks: RunbookResolver;
}): (entityRef: string) => Promise<AlertAudience> {
  return async entityRef => {
    const entity = await options.catalog.getEntityByRef(entityRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    const owner = entity && ownerRefOf(entity);
    return {
      recipients: owner ? [owner] : [],
      runbookUrl: alert =>
        entity && options.runbooks.urlForMessage(entity, alert.checkId),
    };
  };
}
