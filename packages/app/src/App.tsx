import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import opsHealthPlugin from '@ops-health/backstage-plugin-ops-health/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  features: [catalogPlugin, opsHealthPlugin, navModule, homeModule],
});
