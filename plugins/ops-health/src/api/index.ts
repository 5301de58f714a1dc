export * from './OpsHealthApi';
export * from './OpsHealthClient';
export * from './types';
