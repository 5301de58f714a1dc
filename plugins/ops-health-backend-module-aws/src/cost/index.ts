export { CostCheckProvider } from './CostCheckProvider';
export type { CostCheckConfig } from './CostCheckProvider';
