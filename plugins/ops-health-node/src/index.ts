/**
 * Extension points of the Ops Health backend plugin, and what the modules
 * that use them share: the check contract, the clock, config errors that
 * name their key.
 *
 * @packageDocumentation
 */
export * from './CheckProvider';
export * from './clock';
export * from './configErrors';
export * from './configKeys';
export * from './extensions';
