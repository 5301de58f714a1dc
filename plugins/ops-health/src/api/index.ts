export * from './OpsHealthApi';
export * from './OpsHealthClient';
