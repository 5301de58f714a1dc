import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { compatWrapper } from '@backstage/core-compat-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import HealingIcon from '@material-ui/icons/Healing';
import { rootRouteRef } from '../routes';

/**
 * The Ops Health portal page at /ops-health, with its item in the sidebar:
 * the page's title and icon make the app's nav list it.
 *
 * @alpha
 */
export const opsHealthPage = PageBlueprint.make({
  params: {
    path: '/ops-health',
    title: 'Ops Health',
    icon: <HealingIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The page brings its own header (title, subtitle, support button).
    noHeader: true,
    loader: () =>
      import('../components/OpsHealthPage').then(m =>
        compatWrapper(<m.OpsHealthPage />),
      ),
  },
});
