import { opsHealthPlugin } from './plugin';

describe('ops-health', () => {
  it('should export plugin', () => {
    expect(opsHealthPlugin).toBeDefined();
  });
});
