export { EntityOpsHealthCard } from './EntityOpsHealthCard';
