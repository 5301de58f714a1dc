export * from './OpsHealthApi';
export * from './OpsHealthClient';
export * from './types';
export * from './portalTypes';
export * from './incidentTypes';
