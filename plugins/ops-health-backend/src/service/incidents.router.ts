import { parseInstant } from '../instants';
import { InputError } from '@backstage/errors';
import { requestedRef } from '../access/access';
import { Incident } from '../incidents/IncidentStore';
import { INCIDENT_PHASES } from '@ops-health/backstage-plugin-ops-health-common';
import { OpsHealthRouter, RouterContext } from './RouterContext';
import {
  serializeIncident,
  serializeIncidentDetails,
  serializeIncidentEvent,
} from './serializers';

const DAY_MS = 86_400_000;

/** Timeline events per page of an incident. */
const INCIDENT_EVENT_PAGE = 200;

/** Incidents, their changes and their metrics. @internal */
export function registerIncidentRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  const { incidents } = ctx;
  const levelName = (i: Incident) =>
    ctx.escalationLevelName?.(i.escalationPolicy, i.escalationLevel);
  const out = (i: Incident) => serializeIncident(i, levelName(i));

  router.get('/incidents', async (req, res) => {
    const credentials = await ctx.callerOf(req);
    if (req.query.phase && req.query.open !== undefined) {
      throw new InputError(
        "Give either 'phase' or 'open', not both: open=true is every phase but closed, open=false only closed",
      );
    }
    const phases =
      req.query.phase ??
      (req.query.open === undefined
        ? undefined
        : INCIDENT_PHASES.filter(p => (p !== 'closed') === req.query.open));
    const limit = req.query.limit ?? 100;
    const offset = req.query.offset ?? 0;
    const { items, totalCount } = await incidents.list(
      { credentials, request: req },
      {
        entityRef: req.query.entityRef,
        owners: req.query.owner,
        phases,
        limit,
        offset,
      },
    );
    res.json({ items: items.map(out), totalCount, limit, offset });
  });

  router.post('/incidents', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'incident-create', {});
    const { incident, replayed } = await incidents.declare(
      { credentials, request: req },
      req.body,
      req.header('idempotency-key'),
    );
    // The same Idempotency-Key again: the incident it declared, as 200.
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json(out(incident));
  });

  router.get('/incidents/:id', async (req, res) => {
    const incident = await incidents.get(
      { credentials: await ctx.callerOf(req), request: req },
      req.params.id,
      // The newest page of the timeline; older pages from /events.
      { events: { limit: req.query.eventLimit ?? INCIDENT_EVENT_PAGE } },
    );
    res.json(serializeIncidentDetails(incident, levelName(incident)));
  });

  router.get('/incidents/:id/events', async (req, res) => {
    const page = await incidents.listEvents(
      { credentials: await ctx.callerOf(req), request: req },
      req.params.id,
      {
        limit: req.query.limit ?? INCIDENT_EVENT_PAGE,
        before: req.query.before,
      },
    );
    res.json({
      items: page.events.map(serializeIncidentEvent),
      totalCount: page.totalCount,
    });
  });

  router.patch('/incidents/:id', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'incident-update', {
      incidentId: req.params.id,
    });
    const incident = await incidents.update(
      { credentials, request: req },
      req.params.id,
      {
        commander: req.body.commander,
        severity: req.body.severity,
        note: req.body.note,
        expectedVersion: req.body.version,
      },
    );
    res.json(out(incident));
  });

  router.post('/incidents/:id/transition', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'incident-transition', {
      incidentId: req.params.id,
    });
    const incident = await incidents.transition(
      { credentials, request: req },
      req.params.id,
      {
        to: req.body.to,
        expectedVersion: req.body.version,
        note: req.body.note,
      },
    );
    res.json(out(incident));
  });

  router.post('/incidents/:id/notes', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'incident-note', {
      incidentId: req.params.id,
    });
    const event = await incidents.addNote(
      { credentials, request: req },
      req.params.id,
      { note: req.body.note, expectedVersion: req.body.version },
    );
    res.status(201).json(serializeIncidentEvent(event));
  });

  router.put('/incidents/:id/postmortem', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'incident-postmortem', {
      incidentId: req.params.id,
    });
    const incident = await incidents.updatePostmortem(
      { credentials, request: req },
      req.params.id,
      { postmortem: req.body.postmortem, expectedVersion: req.body.version },
    );
    res.json(out(incident));
  });

  router.get('/metrics/incidents', async (req, res) => {
    const credentials = await ctx.callerOf(req);
    const to = req.query.to
      ? parseInstant(req.query.to, "Query parameter 'to'")
      : ctx.clock.now();
    const from = req.query.from
      ? parseInstant(req.query.from, "Query parameter 'from'")
      : new Date(to.getTime() - 30 * DAY_MS);
    const metrics = await incidents.metrics(
      { credentials, request: req },
      {
        entityRef: req.query.entityRef,
        owners: req.query.owner,
        from,
        to,
        toIsNow: !req.query.to,
      },
    );
    res.json({
      ...(req.query.entityRef
        ? { entityRef: requestedRef(req.query.entityRef) }
        : {}),
      from: from.toISOString(),
      to: to.toISOString(),
      ...metrics,
    });
  });
}
