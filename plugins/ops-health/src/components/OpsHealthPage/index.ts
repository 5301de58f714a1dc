export { OpsHealthPage } from './OpsHealthPage';
