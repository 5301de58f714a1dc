import { AuthService, RootConfigService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readEscalationConfig } from '../escalation/config';
import { readRunbookConfig } from '../runbooks/config';
import { RunbookResolver } from '../runbooks/RunbookResolver';
import { createAlertAudience } from './alertAudience';
import { readContactsConfig } from './config';
import { ContactResolver } from './ContactResolver';
import { ScheduleService } from '../schedules/ScheduleService';

/**
 * Who to reach about an entity and where its runbook is: for the API, the
 * alert messages and the incidents.
 *
 * @internal
 */
export function createContacts(options: {
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
  schedules?: ScheduleService;
}) {
  const runbooks = RunbookResolver.create({
    config: readRunbookConfig(options.config),
    appBaseUrl: options.config.getOptionalString('app.baseUrl'),
  });
  const resolver = new ContactResolver({
    catalog: options.catalog,
    auth: options.auth,
    escalation: readEscalationConfig(options.config),
    contacts: readContactsConfig(options.config),
    schedules: options.schedules,
  });
  return {
    resolver,
    runbooks,
    audienceOf: createAlertAudience({ ...options, runbooks }),
  };
}
