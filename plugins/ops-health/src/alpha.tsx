/**
 * The Ops Health plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
export * from './alpha/apis';
export * from './alpha/entityCards';
export * from './alpha/entityContent';
export * from './alpha/pages';
