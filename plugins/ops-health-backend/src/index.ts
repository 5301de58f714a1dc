export { opsHealthPlugin as default } from './plugin';
