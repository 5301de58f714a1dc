import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { rootRouteRef } from '../routes';
import { opsHealthApi } from './apis';
import { entityOpsContactsCard, entityOpsHealthCard } from './entityCards';
import { entityOpsHealthContent } from './entityContent';
import { opsHealthPage } from './pages';

/**
 * The Ops Health frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ops-health',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    opsHealthApi,
    entityOpsHealthCard,
    entityOpsHealthContent,
    entityOpsContactsCard,
    opsHealthPage,
  ],
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
});
