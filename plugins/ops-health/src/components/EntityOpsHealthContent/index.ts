export { EntityOpsHealthContent } from './EntityOpsHealthContent';
export type { EntityOpsHealthContentProps } from './EntityOpsHealthContent';
