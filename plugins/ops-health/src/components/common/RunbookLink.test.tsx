import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { OpsHealthApi, opsHealthApiRef } from '../../api';
import { testEntity } from '../../__testUtils__/fixtures';
import { RunbookLink } from './RunbookLink';

async function render(
  runbook: Awaited<ReturnType<OpsHealthApi['getEntityRunbook']>>,
  link: JSX.Element,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[opsHealthApiRef, { getEntityRunbook: async () => runbook }]]}
    >
      <EntityProvider entity={testEntity()}>{link}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('RunbookLink', () => {
  const runbook = {
    url: 'https://wiki.example.com/ops#our-backups',
    source: 'config' as const,
    section: 'our-backups',
  };

  it("opens the check's configured section, and says which", async () => {
    // The result carries the check's default section; the platform
    // configured its own.
    await render(
      runbook,
      <RunbookLink
        checkId="backup"
        section="disaster-recovery-backup-failure"
      />,
    );
    expect(
      await screen.findByRole('link', { name: /^Runbook: our-backups/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/ops#our-backups');
  });

  it('opens a procedure named exactly, where its label says', async () => {
    await render(
      runbook,
      <RunbookLink
        checkId="backup"
        section="optimizing-backup-functions"
        exact
      />,
    );
    expect(
      await screen.findByRole('link', {
        name: /^Runbook: optimizing-backup-functions/,
      }),
    ).toHaveAttribute(
      'href',
      'https://wiki.example.com/ops#optimizing-backup-functions',
    );
  });
});
