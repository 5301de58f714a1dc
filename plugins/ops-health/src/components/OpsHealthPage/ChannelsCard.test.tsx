import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { OpsHealthApi, opsHealthApiRef } from '../../api';
import { ChannelsCard } from './ChannelsCard';

// usePermission caches decisions module-wide (SWR), so the denied case
// lives in its own test file; the allowed cases are in OpsHealthPage.test.
describe('ChannelsCard without ops-health.channel.test', () => {
  it('disables the test buttons and says why', async () => {
    const testChannel = jest.fn();
    const api: Partial<OpsHealthApi> = {
      listChannels: async () => ({
        channels: [
          { name: 'ops-email', type: 'email', minSeverity: 'warning' },
          { name: 'ops-webhook', type: 'webhook', minSeverity: 'critical' },
        ],
      }),
      testChannel,
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [opsHealthApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize: 'DENY' })],
        ]}
      >
        <ChannelsCard />
      </TestApiProvider>,
    );
    const reason =
      'Sending a test message needs the ops-health.channel.test permission (platform admins).';
    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.getByText('ops-email')).toBeInTheDocument();
    const buttons = screen.getAllByRole('button', { name: /^Send test to/ });
    expect(buttons).toHaveLength(2);
    for (const button of buttons) {
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(reason);
    }
    expect(testChannel).not.toHaveBeenCalled();
  });
});
