import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The "Operations" tab, on every component page like the overview card: an
 * entity without annotations is told in each section what to add.
 *
 * @alpha
 */
export const entityOpsHealthContent = EntityContentBlueprint.make({
  name: 'operations',
  params: {
    path: 'ops-health',
    title: 'Operations',
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'component',
    loader: () =>
      import('../components/EntityOpsHealthContent').then(m => (
        <m.EntityOpsHealthContent />
      )),
  },
});
