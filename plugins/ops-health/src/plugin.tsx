import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/ops-health',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const opsHealthPlugin = createFrontendPlugin({
  pluginId: 'ops-health',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
