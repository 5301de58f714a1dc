/**
 * Local AWS emulator for Ops Health tests and the demo: runs a moto server
 * and seeds it through the AWS SDK.
 *
 * @packageDocumentation
 */

export { motoClientConfig } from './clientConfig';
export type { MotoClientConfig } from './clientConfig';
export { connectMotoServer, startMotoServer } from './MotoServer';
export type { MotoServer, StartMotoServerOptions } from './MotoServer';
export { useMotoServer } from './useMotoServer';
export type { MotoServerHandle } from './useMotoServer';
export * from './seed';
export * from './demo';
export * from './replicator';
export * from './faults/FaultProxy';
