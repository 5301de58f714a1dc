import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_RUNBOOK_SECTIONS,
  readContactsConfig,
  readRunbookConfig,
} from './config';

const root = (opsHealth: unknown) =>
  new ConfigReader({ opsHealth: opsHealth as any });

describe('readContactsConfig', () => {
  it('defaults to the DevOps mailbox', () => {
    expect(readContactsConfig(new ConfigReader({}))).toEqual({
      primary: { name: 'DevOps team', email: 'devops@company.com' },
    });
    expect(readContactsConfig(root({ contacts: {} }))).toEqual({
      primary: { name: 'DevOps team', email: 'devops@company.com' },
    });
  });

  it('reads every field', () => {
    expect(
      readContactsConfig(
        root({
          contacts: {
            primary: {
              name: 'Ops desk',
              email: 'ops@example.com',
              chat: 'https://chat.example.com/channels/ops',
            },
          },
        }),
      ),
    ).toEqual({
      primary: {
        name: 'Ops desk',
        email: 'ops@example.com',
        chat: 'https://chat.example.com/channels/ops',
      },
    });
  });

  it.each([
    [
      { primary: { email: 'devops' } },
      "Invalid config at 'opsHealth.contacts.primary.email': expected an email address, got 'devops'",
    ],
    [
      { primary: { name: '  ' } },
      "Invalid config at 'opsHealth.contacts.primary.name': must not be empty",
    ],
    [
      { primary: { chat: 42 } },
      "Invalid config at 'opsHealth.contacts.primary.chat':",
    ],
    ['devops@company.com', "Invalid config at 'opsHealth.contacts':"],
  ])('rejects %j', (contacts, message) => {
    expect(() => readContactsConfig(root({ contacts }))).toThrow(message);
  });
});

describe('readRunbookConfig', () => {
  it('defaults to the runbook sections and no URL', () => {
    expect(readRunbookConfig(new ConfigReader({}))).toEqual({
      sections: {
        cost: 'cost-overrun-alert',
        replication: 's3-replication-failure',
        backup: 'disaster-recovery-backup-failure',
        incident: 'incident-response-workflow',
      },
    });
  });

  it('merges configured sections over the defaults', () => {
    expect(
      readRunbookConfig(
        root({
          runbook: {
            defaultUrl: '/docs/default/component/ops-runbook/',
            sections: { cost: '#spend', canary: 'canary-test' },
          },
        }),
      ),
    ).toEqual({
      defaultUrl: '/docs/default/component/ops-runbook/',
      sections: {
        ...DEFAULT_RUNBOOK_SECTIONS,
        cost: 'spend',
        canary: 'canary-test',
      },
    });
    expect(
      readRunbookConfig(
        root({ runbook: { defaultUrl: 'https://wiki.example.com/runbook' } }),
      ).defaultUrl,
    ).toBe('https://wiki.example.com/runbook');
  });

  it.each([
    [
      // eslint-disable-next-line no-script-url -- the unsafe link under test
      { defaultUrl: 'javascript:alert(1)' },
      "Invalid config at 'opsHealth.runbook.defaultUrl': expected an http(s) URL or a portal path",
    ],
    [
      { defaultUrl: '//evil.example.com/x' },
      "Invalid config at 'opsHealth.runbook.defaultUrl':",
    ],
    [
      { sections: { cost: 'two words' } },
      "Invalid config at 'opsHealth.runbook.sections.cost': expected a section anchor",
    ],
    [
      { sections: { cost: '#' } },
      "Invalid config at 'opsHealth.runbook.sections.cost': expected a section anchor",
    ],
    [
      { sections: ['cost-overrun-alert'] },
      "Invalid config at 'opsHealth.runbook.sections':",
    ],
  ])('rejects %j', (runbook, message) => {
    expect(() => readRunbookConfig(root({ runbook }))).toThrow(message);
  });
});
