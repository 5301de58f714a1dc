import { isInstalledCheck } from './CheckProviderRegistry';

describe('isInstalledCheck', () => {
  const installed = ['cost', 'replication', 'backup'];

  it('knows the installed checks, and their named parts when asked', () => {
    expect(isInstalledCheck(installed, 'cost')).toBe(true);
    expect(isInstalledCheck(installed, 'replication-canary')).toBe(false);
    expect(
      isInstalledCheck(installed, 'replication-canary', { parts: true }),
    ).toBe(true);
    expect(isInstalledCheck(installed, 'posture', { parts: true })).toBe(false);
  });

  it('refuses a part without a name', () => {
    for (const id of ['replication-', 'replication--canary', 'cost-x-']) {
      expect({
        id,
        ok: isInstalledCheck(installed, id, { parts: true }),
      }).toEqual({ id, ok: false });
    }
  });
});
