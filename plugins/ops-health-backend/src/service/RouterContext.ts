import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { ResourceOwnership } from '@ops-health/backstage-plugin-ops-health-backend-module-aws';
import { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { AlertStore, SilenceService } from '../alerting';
import { BackupTriggerService } from '../awsActions/BackupTriggerService';
import { ReplicationCanaryService } from '../awsActions/ReplicationCanaryService';
import { ContactResolver } from '../contacts/ContactResolver';
import { CheckNowService } from '../engine/CheckNowService';
import { EntityHealthService } from '../health/EntityHealthService';
import { IncidentService } from '../incidents/IncidentService';
import { ChannelTester } from '../notifications/ChannelTester';
import { RunbookResolver } from '../runbooks/RunbookResolver';
import { ScheduleService } from '../schedules/ScheduleService';
import { AcknowledgeLinks } from '../acknowledge/AcknowledgeLinks';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../schema/openapi.generated';

/** The router the OpenAPI spec types and validates. @internal */
export type OpsHealthRouter = ApiRouter<typeof spec>;

/** What the routes delegate to. @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  clock: OpsHealthClock;
  health: EntityHealthService;
  /** Measures one check of one entity on request. */
  checkNow: CheckNowService;
  /** Proves an entity's AWS resources are its own before an action. */
  ownership: ResourceOwnership;
  canaries: ReplicationCanaryService;
  backups: BackupTriggerService;
  alerts: AlertStore;
  silences: SilenceService;
  channels: ChannelTester;
  incidents: IncidentService;
  contacts: ContactResolver;
  runbooks: RunbookResolver;
  schedules: ScheduleService;
  acknowledge: AcknowledgeLinks;
  /**
   * What config calls a level of an escalation policy (`DevOps manager`),
   * if it names it.
   */
  escalationLevelName?: (
    policy: string | undefined,
    level: number,
  ) => string | undefined;
  /** Service principals allowed the manual AWS actions and channel tests. */
  allowedServices: string[];
}

/** The options and the caller helpers every route file uses. @internal */
export interface RouterContext extends RouterOptions {
  /**
   * The caller: a user or a service, never the anonymous principal (401).
   */
  callerOf(
    req: Request<any, any, any, any, any>,
  ): Promise<BackstageCredentials>;
  /**
   * The caller of a mutation. A request without valid credentials is
   * refused (401) and still leaves an auditor event, like a denied one.
   */
  mutationCaller(
    req: Request<any, any, any, any, any>,
    eventId: string,
    meta: JsonObject,
  ): Promise<BackstageCredentials>;
}
