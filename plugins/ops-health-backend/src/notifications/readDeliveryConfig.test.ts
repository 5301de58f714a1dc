import { ConfigReader } from '@backstage/config';
import { readDeliveryConfig } from './readDeliveryConfig';

const read = (delivery: unknown) =>
  readDeliveryConfig(
    new ConfigReader({ opsHealth: { notifications: { delivery } } as any }),
  );

describe('readDeliveryConfig', () => {
  it('reads attempts and backoff, leaving the rest to the defaults', () => {
    expect(read({})).toEqual({});
    expect(
      read({ maxAttempts: 3, initialBackoff: '10s', maxBackoff: { hours: 2 } }),
    ).toEqual({
      maxAttempts: 3,
      initialBackoffMs: 10_000,
      maxBackoffMs: 7_200_000,
    });
  });

  it.each([
    [
      { maxAttempts: 'many' },
      "Invalid config at 'opsHealth.notifications.delivery.maxAttempts':",
    ],
    [
      { maxAttempts: 0 },
      "Invalid config at 'opsHealth.notifications.delivery.maxAttempts': expected a whole number from 1 to 50, got 0",
    ],
    [
      { maxAttempts: 1e6 },
      "Invalid config at 'opsHealth.notifications.delivery.maxAttempts': expected a whole number from 1 to 50, got 1000000",
    ],
    [
      { initialBackoff: 'soon' },
      "Invalid config at 'opsHealth.notifications.delivery.initialBackoff':",
    ],
    [
      { initialBackoff: '0s' },
      "Invalid config at 'opsHealth.notifications.delivery.initialBackoff': expected a positive duration",
    ],
    [
      { initialBackoff: '2h' },
      "Invalid config at 'opsHealth.notifications.delivery.maxBackoff': must not be below initialBackoff",
    ],
    ['often', "Invalid config at 'opsHealth.notifications.delivery':"],
  ])('refuses %j, naming the key', (delivery, message) => {
    expect(() => read(delivery)).toThrow(message);
  });
});
