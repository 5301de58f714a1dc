import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isOpsHealthEntity } from './entityFilter';

/**
 * The overview card, on every component and AWS account page: an entity without annotations
 * is shown how to set them up.
 *
 * @alpha
 */
export const entityOpsHealthCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    // With the info cards at the top of the overview: the answer is above
    // the fold, not under the catalog's cards and the relations graph.
    type: 'info',
    filter: isOpsHealthEntity,
    loader: () =>
      import('../components/EntityOpsHealthCard').then(m => (
        <m.EntityOpsHealthCard />
      )),
  },
});

/**
 * The contacts and escalation card, on every component page.
 *
 * @alpha
 */
export const entityOpsContactsCard = EntityCardBlueprint.make({
  name: 'contacts',
  params: {
    filter: isOpsHealthEntity,
    loader: () =>
      import('../components/EntityOpsContactsCard').then(m => (
        <m.EntityOpsContactsCard />
      )),
  },
});
