import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { rootRouteRef } from '../routes';
import { opsHealthApi } from './apis';
import { entityOpsHealthCard } from './entityCards';
import { entityOpsHealthContent } from './entityContent';

/**
 * The Ops Health frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ops-health',
  info: { packageJson: () => import('../../package.json') },
  extensions: [opsHealthApi, entityOpsHealthCard, entityOpsHealthContent],
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
});
