import { opsHealthChannelTestPermission } from '@ops-health/backstage-plugin-ops-health-common';
import {
  audited,
  authorize,
  principalRef,
  requireUserOrAllowedService,
} from '../access/access';
import { ChannelTestOutcome } from '../notifications/ChannelTester';
import { OpsHealthRouter, RouterContext } from './RouterContext';

/** The notification channels, and a test message through one. @internal */
export function registerChannelRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.get('/channels', async (req, res) => {
    await ctx.callerOf(req);
    res.json({ channels: ctx.channels.list() });
  });

  router.post('/channels/:name/test', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'channel-test', {
      channel: req.params.name,
    });
    const outcome = await audited<ChannelTestOutcome>(
      ctx.auditor,
      {
        eventId: 'channel-test',
        caller: { credentials, request: req },
        meta: { channel: req.params.name },
        severityLevel: 'low',
        failureOf: result => (result.ok ? undefined : new Error(result.error)),
      },
      async meta => {
        requireUserOrAllowedService(
          credentials,
          ctx.allowedServices,
          'test notification channels',
        );
        await authorize(
          ctx.permissions,
          { permission: opsHealthChannelTestPermission },
          credentials,
          'test notification channels',
        );
        const result = await ctx.channels.test(
          req.params.name,
          principalRef(credentials),
          {
            // The caller's own user entity, as they see it in the catalog.
            people: {
              emailOf: async ref => {
                const user = await ctx.catalog.getEntityByRef(ref, {
                  credentials,
                });
                const email = (user?.spec?.profile as { email?: unknown })
                  ?.email;
                return typeof email === 'string' && email.trim()
                  ? email
                  : undefined;
              },
            },
          },
        );
        Object.assign(meta, result);
        return result;
      },
    );
    res.json(outcome);
  });
}
