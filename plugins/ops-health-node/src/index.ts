/**
 * Extension points of the Ops Health backend plugin.
 *
 * @packageDocumentation
 */
export * from './CheckProvider';
export * from './clock';
export * from './extensions';
