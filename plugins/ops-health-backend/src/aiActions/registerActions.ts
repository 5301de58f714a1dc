import {
  INCIDENT_PHASES,
  INCIDENT_SEVERITIES,
} from '@ops-health/backstage-plugin-ops-health-common';
import type { z } from 'zod/v3';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { EntityHealthService } from '../health/EntityHealthService';
import { OnCallSummary } from '../schedules/ScheduleService';
import { IncidentService } from '../incidents/IncidentService';
import { Incident } from '../incidents/IncidentStore';
import { controlCharacterIn } from '../text';

const CONTROL_MESSAGE =
  'must not contain a NUL character (U+0000) or another control character, which Ops Health does not accept (tabs and line breaks it does)';

/**
 * Text an action takes, held to the HTTP API's limits (its OpenAPI
 * spec): at most `max` characters, no NUL (PostgreSQL refuses it) or
 * other control character.
 */
const text = (zod: typeof z, max: number, min = 0) =>
  zod
    .string()
    .min(min)
    .max(max)
    .refine(value => !controlCharacterIn(value), {
      message: CONTROL_MESSAGE,
    });

function incidentOutput(i: Incident) {
  return {
    id: i.id,
    entityRef: i.entityRef,
    title: i.title,
    severity: i.severity,
    phase: i.phase,
    version: i.version,
    createdBy: i.createdBy,
    createdAt: i.createdAt.toISOString(),
    ...(i.commander ? { commander: i.commander } : {}),
  };
}

/** An incident as the actions return it (see incidentOutput). */
const incidentSchema = (zod: typeof z) =>
  zod.object({
    id: zod.string(),
    entityRef: zod.string(),
    title: zod.string(),
    severity: zod.string(),
    phase: zod.string(),
    version: zod.number(),
    createdBy: zod.string(),
    createdAt: zod.string(),
    commander: zod.string().optional(),
  });

/**
 * The Ops Health actions for the portal's AI tools (Backstage actions
 * registry, served over MCP by the mcp-actions backend). They run with the
 * caller's credentials and go through the same catalog visibility,
 * permission checks and audit as the HTTP API.
 *
 * @internal
 */
export function registerOpsHealthActions(options: {
  actionsRegistry: ActionsRegistryService;
  incidents: IncidentService;
  health: EntityHealthService;
  /** Who is on call for the entity; the action leaves it out without. */
  onCallFor?: (
    entityRef: string,
    credentials: BackstageCredentials,
  ) => Promise<OnCallSummary[]>;
}) {
  const { actionsRegistry, incidents, health, onCallFor } = options;

  actionsRegistry.register({
    name: 'get-entity-health',
    title: 'Get the operational health of a catalog entity',
    description:
      'Returns the Ops Health status of a catalog entity (usually a Component): its AWS cost, S3 replication and backup check results with their status (ok, warning, critical, unknown, misconfigured), a one-line reason, when each was measured and whether it is stale, which Ops Health annotations the entity is missing, and who is on call for it now and next (with the hand-off time) on the on-call schedules of its escalation policy and owning team.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: text(z, 255, 1).describe(
            'Entity ref, e.g. component:default/checkout-service',
          ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          status: z.string(),
          checks: z.array(
            z.object({
              checkId: z.string(),
              subject: z.string(),
              status: z.string(),
              headline: z.string(),
              message: z.string(),
              measuredAt: z.string(),
              stale: z.boolean(),
              value: z.number().optional(),
              threshold: z.number().optional(),
              unit: z.string().optional(),
            }),
          ),
          missingAnnotations: z.array(z.string()),
          onCall: z.array(
            z.object({
              schedule: z.string(),
              now: z
                .object({
                  user: z.string(),
                  name: z.string(),
                  until: z
                    .string()
                    .optional()
                    .describe(
                      'The next hand-off; absent when none is scheduled in the next 31 days',
                    ),
                })
                .optional(),
              next: z
                .object({
                  user: z.string(),
                  name: z.string(),
                  from: z.string(),
                })
                .optional(),
              skippedMembers: z.array(z.string()),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, status, checks, setup } = await health.entityHealth(
        input.entityRef,
        credentials,
      );
      const onCall = onCallFor ? await onCallFor(entityRef, credentials) : [];
      return {
        output: {
          entityRef,
          status,
          checks: checks.map(c => ({
            checkId: c.checkId,
            subject: c.subject,
            status: c.status,
            headline: c.headline,
            message: c.message,
            measuredAt: c.measuredAt.toISOString(),
            stale: c.stale,
            ...(c.value !== undefined ? { value: c.value } : {}),
            ...(c.threshold !== undefined ? { threshold: c.threshold } : {}),
            ...(c.unit ? { unit: c.unit } : {}),
          })),
          missingAnnotations: setup.annotations
            .filter(a => a.state !== 'set')
            .map(a => a.annotation),
          onCall: onCall.map(o => ({
            schedule: o.name,
            ...(o.current?.person
              ? {
                  now: {
                    user: o.current.person.entityRef,
                    name: o.current.person.displayName,
                    ...(o.current.openEnded ? {} : { until: o.current.to }),
                  },
                }
              : {}),
            ...(o.next?.person
              ? {
                  next: {
                    user: o.next.person.entityRef,
                    name: o.next.person.displayName,
                    from: o.next.from,
                  },
                }
              : {}),
            skippedMembers: o.missing,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-incidents',
    title: 'List Ops Health incidents',
    description:
      'Lists Ops Health incidents, newest first, of the entities the caller can see: optionally of one entity, and only the open ones (not closed). Each has its severity (SEV1 highest), its phase in the incident workflow (detection, assessment, containment, eradication, recovery, lessons-learned, closed) and when it was opened.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: text(z, 255)
            .optional()
            .describe('Only incidents of this entity'),
          open: z
            .boolean()
            .optional()
            .describe('Only incidents that are not closed'),
          limit: z.number().int().min(1).max(200).optional(),
        }),
      output: z =>
        z.object({
          incidents: z.array(incidentSchema(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const { items } = await incidents.list(
        { credentials },
        {
          entityRef: input.entityRef,
          phases: input.open
            ? INCIDENT_PHASES.filter(p => p !== 'closed')
            : undefined,
          limit: input.limit ?? 50,
        },
      );
      return { output: { incidents: items.map(incidentOutput) } };
    },
  });

  actionsRegistry.register({
    name: 'create-incident',
    title: 'Declare an Ops Health incident',
    description:
      "Declares an incident on a catalog entity; it starts in the detection phase and escalates by the entity's escalation policy until someone moves it to assessment. Needs the ops-health.incident.create permission on the entity (its owners and admins by default).",
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: text(z, 255, 1).describe(
            'Entity ref, e.g. component:default/checkout-service',
          ),
          title: text(z, 500, 1),
          severity: z
            .enum(INCIDENT_SEVERITIES)
            .describe('SEV1 (highest) to SEV4 (lowest)'),
          note: text(z, 10_000)
            .optional()
            .describe('First note on the timeline: what is known so far'),
        }),
      output: z =>
        z.object({
          incident: incidentSchema(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const incident = await incidents.create({ credentials }, input);
      return { output: { incident: incidentOutput(incident) } };
    },
  });
}
