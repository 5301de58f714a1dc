import { ConfigReader } from '@backstage/config';
import { readNotifySchedule } from './createNotifications';

describe('readNotifySchedule', () => {
  it('defaults to every 15 seconds', () => {
    expect(readNotifySchedule(new ConfigReader({}))).toEqual({
      frequency: { seconds: 15 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 10 },
    });
  });

  it('takes a configured schedule, keeping the defaults it leaves out', () => {
    expect(
      readNotifySchedule(
        new ConfigReader({
          opsHealth: {
            notifications: {
              schedule: { frequency: { seconds: 2 }, timeout: { seconds: 5 } },
            },
          },
        }),
      ),
    ).toMatchObject({
      frequency: { seconds: 2 },
      timeout: { seconds: 5 },
    });
  });

  it('names the key of a bad schedule', () => {
    expect(() =>
      readNotifySchedule(
        new ConfigReader({
          opsHealth: { notifications: { schedule: { frequency: 'often' } } },
        }),
      ),
    ).toThrow(/opsHealth\.notifications\.schedule/);
  });
});
