import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/**
 * The demo portal's permission policy. Everything outside Ops Health is
 * allowed (as the allow-all policy did). For Ops Health:
 *
 * - admins (the users and groups in `permission.admins`) may do everything;
 * - incidents, silences and manual actions on an entity
 *   (`ops-health.incident.*`, `ops-health.silence.manage`,
 *   `ops-health.action.trigger`): the entity's owners, decided by the
 *   catalog with the `IS_ENTITY_OWNER` rule;
 * - channel tests: admins only.
 */
export class OpsHealthDemoPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;

  constructor(admins: string[]) {
    this.admins = new Set(
      admins.map(ref =>
        stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'user' })),
      ),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('ops-health.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.some(ref => this.admins.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

/** Installs {@link OpsHealthDemoPolicy} with the admins from config. */
export const opsHealthDemoPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ops-health-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(
          new OpsHealthDemoPolicy(
            config.getOptionalStringArray('permission.admins') ?? [],
          ),
        );
      },
    });
  },
});

export default opsHealthDemoPolicyModule;
