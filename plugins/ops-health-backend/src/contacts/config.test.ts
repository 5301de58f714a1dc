import { ConfigReader } from '@backstage/config';
import { readContactsConfig } from './config';

const root = (opsHealth: unknown) =>
  new ConfigReader({ opsHealth: opsHealth as any });

describe('readContactsConfig', () => {
  it('invents no contact when none is configured', () => {
    expect(readContactsConfig(new ConfigReader({}))).toEqual({});
    expect(readContactsConfig(root({ contacts: {} }))).toEqual({});
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
      { primary: { email: 'devops@example.com' } },
      "Invalid config at 'opsHealth.contacts.primary.name': the primary contact needs a name",
    ],
    [
      { primary: { name: 'Ops', email: 'devops' } },
      "Invalid config at 'opsHealth.contacts.primary.email': expected an email address, got 'devops'",
    ],
    [
      { primary: { name: '  ' } },
      "Invalid config at 'opsHealth.contacts.primary.name': must not be empty",
    ],
    [
      { primary: { name: 'Ops', chat: 42 } },
      "Invalid config at 'opsHealth.contacts.primary.chat':",
    ],
    ['devops@company.com', "Invalid config at 'opsHealth.contacts':"],
  ])('rejects %j', (contacts, message) => {
    expect(() => readContactsConfig(root({ contacts }))).toThrow(message);
  });
});
