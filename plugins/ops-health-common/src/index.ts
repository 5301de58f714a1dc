/**
 * Shared types and helpers of the Ops Health plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './parseAnnotations';
export * from './setup';
