export { EntityOpsContactsCard } from './EntityOpsContactsCard';
