import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { NotificationsPage } from '@backstage/plugin-notifications';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import opsHealthPlugin from '@ops-health/backstage-plugin-ops-health/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

// Opening a notification's link (an Ops Health alert or escalation) marks it
// read, so the inbox shows what is still to look at.
const notifications = notificationsPlugin.withOverrides({
  extensions: [
    notificationsPlugin.getExtension('page:notifications').override({
      params: {
        loader: async () => <NotificationsPage markAsReadOnLinkOpen />,
      },
    }),
  ],
});

export default createApp({
  features: [
    catalogPlugin,
    notifications,
    opsHealthPlugin,
    navModule,
    homeModule,
  ],
});
