import { Config } from '@backstage/config';
import { configErrors } from '@ops-health/backstage-plugin-ops-health-node';
import { isInstalledCheck } from '../engine/CheckProviderRegistry';

/**
 * The check ids config names — `opsHealth.alerting.checks.<id>`, each
 * channel's `checks`, `opsHealth.incidents.autoOpenChecks` and
 * `opsHealth.runbook.sections.<id>` — must be
 * installed checks (or a part of one, such as
 * `replication-canary`): a typo would leave the rule unused or the channel
 * silent, with nothing to say so. Called once every check module has
 * registered its providers; throws naming the key, so the backend stops at
 * start.
 *
 * @internal
 */
export function assertCheckIdsInConfig(config: Config, installed: string[]) {
  const known = (id: string) =>
    isInstalledCheck(installed, id, { parts: true });
  const which = `installed checks: ${installed.join(', ') || 'none'}`;
  const alertingChecks = config.getOptionalConfig('opsHealth.alerting.checks');
  for (const id of alertingChecks?.keys() ?? []) {
    if (!known(id)) {
      configErrors('opsHealth.alerting.checks').fail(
        id,
        `'${id}' is not an installed check (${which})`,
      );
    }
  }
  // Runbook sections are by check, and `incident` for the incident pages.
  const sections = config.getOptionalConfig('opsHealth.runbook.sections');
  for (const id of sections?.keys() ?? []) {
    if (id !== 'incident' && !known(id)) {
      configErrors('opsHealth.runbook.sections').fail(
        id,
        `'${id}' is neither an installed check (${which}) nor incident, so this section would never be linked`,
      );
    }
  }
  (
    config.getOptionalStringArray('opsHealth.incidents.autoOpenChecks') ?? []
  ).forEach((id, i) => {
    if (!known(id.trim())) {
      configErrors('opsHealth.incidents').fail(
        `autoOpenChecks[${i}]`,
        `'${id}' is not an installed check (${which}), so its alerts would never open an incident`,
      );
    }
  });
  const channels =
    config.getOptionalConfigArray('opsHealth.notifications.channels') ?? [];
  channels.forEach((channel, c) => {
    (channel.getOptionalStringArray('checks') ?? []).forEach((id, i) => {
      if (!known(id.trim())) {
        configErrors(`opsHealth.notifications.channels[${c}]`).fail(
          `checks[${i}]`,
          `'${id}' is not an installed check (${which}), so this channel would never send its alerts`,
        );
      }
    });
  });
}
