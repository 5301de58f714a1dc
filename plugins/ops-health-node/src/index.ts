/**
 * Extension points of the Ops Health backend plugin.
 *
 * @packageDocumentation
 */
export * from './CheckProvider';
export * from './extensions';
