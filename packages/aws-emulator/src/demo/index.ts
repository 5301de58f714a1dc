export { seedDemo } from './seedDemo';
export type { DemoSeedSummary } from './seedDemo';
export {
  DEMO_ACCOUNT,
  DEMO_BILLING_API,
  DEMO_CONFIG_BACKUP,
  DEMO_COSTS,
  DEMO_MEDIA_ARCHIVE,
  DEMO_OWNERSHIP_TAG,
  DEMO_POSTURE,
  demoCheckoutServiceSeries,
  demoCostResults,
  demoCostSeries,
  demoCostWindow,
} from './demoStory';
export { seedPosture } from './seedPosture';
