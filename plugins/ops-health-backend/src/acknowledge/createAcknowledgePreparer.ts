import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IncidentStore } from '../incidents/IncidentStore';
import { AcknowledgeLink, OpsHealthNotification } from '../notifications/types';
import { AcknowledgeLinks } from './AcknowledgeLinks';

/** Scope prefix of the messages about one incident (escalations, command). */
const INCIDENT_SCOPE = 'ops-health-incident:';
/** More users than this get the message without per-user links. */
const DEFAULT_MAX_USERS = 25;

function displayName(user: Entity): string {
  const profile = (user.spec?.profile ?? {}) as { displayName?: unknown };
  return (
    (typeof profile.displayName === 'string' && profile.displayName) ||
    user.metadata.title ||
    user.metadata.name
  );
}

/**
 * The `prepare` step of the dispatcher: an escalation, or an alert message
 * about an entity whose incident is waiting in detection, gets one
 * acknowledge link per user it reaches (groups resolved to their member
 * users in the catalog). Other messages go as they are, and so does one
 * whose recipients cannot all be resolved (a link for some would leave the
 * others without one in a shared message).
 *
 * @internal
 */
export function createAcknowledgePreparer(options: {
  links: AcknowledgeLinks;
  incidents: IncidentStore;
  catalog: CatalogService;
  auth: AuthService;
  maxUsers?: number;
}) {
  const maxUsers = options.maxUsers ?? DEFAULT_MAX_USERS;

  async function incidentOf(
    notification: OpsHealthNotification,
  ): Promise<string | undefined> {
    if (notification.kind === 'escalation') {
      const id = notification.scope?.startsWith(INCIDENT_SCOPE)
        ? notification.scope.slice(INCIDENT_SCOPE.length)
        : undefined;
      if (!id) return undefined;
      const incident = await options.incidents.get(id, {
        events: { limit: 1 },
      });
      return incident?.phase === 'detection' ? id : undefined;
    }
    if (notification.kind === 'firing' || notification.kind === 'repeat') {
      const [incident] = await options.incidents.list({
        entityRef: notification.entityRef,
        phases: ['detection'],
        limit: 1,
      });
      return incident?.id;
    }
    return undefined;
  }

  /** The users behind the recipients, or undefined when some cannot be resolved. */
  async function usersOf(
    recipients: string[],
  ): Promise<Map<string, Entity> | undefined> {
    const credentials = await options.auth.getOwnServiceCredentials();
    const refs = [...new Set(recipients)].map(r =>
      stringifyEntityRef(parseEntityRef(r)),
    );
    const { items } = await options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    const users = new Map<string, Entity>();
    for (const [i, entity] of items.entries()) {
      if (!entity) return undefined;
      const kind = entity.kind.toLocaleLowerCase('en-US');
      if (kind === 'user') {
        users.set(refs[i], entity);
      } else if (kind === 'group') {
        const { items: members } = await options.catalog.getEntities(
          {
            filter: {
              kind: 'user',
              [`relations.${RELATION_MEMBER_OF}`]: refs[i],
            },
          },
          { credentials },
        );
        for (const member of members) {
          users.set(stringifyEntityRef(member), member);
        }
      } else {
        return undefined;
      }
      if (users.size > maxUsers) return undefined;
    }
    return users;
  }

  return async (
    notification: OpsHealthNotification,
  ): Promise<OpsHealthNotification> => {
    if (!notification.recipients.length) return notification;
    const incidentId = await incidentOf(notification);
    if (!incidentId) return notification;
    const users = await usersOf(notification.recipients);
    if (!users?.size) return notification;
    const sentAt = new Date(notification.createdAt);
    const links: AcknowledgeLink[] = [];
    for (const [recipient, user] of users) {
      links.push({
        recipient,
        name: displayName(user),
        url: await options.links.linkFor({
          incidentId,
          recipient,
          notificationId: notification.id,
          sentAt,
        }),
      });
    }
    return { ...notification, acknowledge: { incidentId, links } };
  };
}
