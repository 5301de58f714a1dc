import {
  AuditorService,
  AuthService,
  DatabaseService,
  PermissionsService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { getMigratedClient } from '../database/migrations';
import { readSchedulesConfig } from './config';
import { ScheduleService } from './ScheduleService';

/**
 * The on-call schedules of `opsHealth.schedules`, with the overrides taken
 * in the portal. Reads its config first: a bad schedule stops the backend
 * naming the key.
 *
 * @internal
 */
export async function createSchedules(options: {
  config: RootConfigService;
  database: DatabaseService;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  userInfo: UserInfoService;
  clock: OpsHealthClock;
}): Promise<ScheduleService> {
  const schedules = readSchedulesConfig(options.config);
  return new ScheduleService({
    schedules,
    db: await getMigratedClient(options.database),
    catalog: options.catalog,
    auth: options.auth,
    permissions: options.permissions,
    auditor: options.auditor,
    userInfo: options.userInfo,
    now: () => options.clock.now(),
  });
}
