import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { buildSetupReport } from '@ops-health/backstage-plugin-ops-health-common';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi.generated';

/** @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
}

/** @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog } = options;
  const router = await createOpenApiRouter();

  router.get('/entities/:kind/:namespace/:name/setup', async (req, res) => {
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    // The catalog is asked with the caller's credentials, so an entity the
    // caller may not see answers exactly like one that does not exist.
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await httpAuth.credentials(req),
    });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    res.json(buildSetupReport(entity));
  });

  return router;
}
