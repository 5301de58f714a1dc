#!/usr/bin/env node
/*
 * The demo's incident story, told through the portal's own API as the guest
 * user (a member of platform-ops, the owner): waits for the incident that
 * media-archive's critical replication alert opened automatically, then the
 * on-call engineer acknowledges it and contains it, with notes. The other
 * auto-opened incidents stay in detection and escalate on the demo policy.
 * It also takes a shift on the on-call schedule for the guest (next Tuesday),
 * the demo's one override.
 *
 *   node scripts/demo-incident.mjs http://localhost:7007
 *
 * Safe to run again: it only moves an incident still in detection.
 */
const backend = process.argv[2] ?? 'http://localhost:7007';
const entityRef = 'component:default/media-archive';
const deadline = Date.now() + 180_000;

async function call(path, options = {}) {
  const res = await fetch(`${backend}${path}`, {
    ...options,
    headers: {
      'Content-Type': 'application/json',
      'X-Requested-With': 'XMLHttpRequest',
      ...options.headers,
    },
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    throw new Error(
      `${options.method ?? 'GET'} ${path}: ${res.status} ${
        body?.error?.message ?? text
      }`,
    );
  }
  return body;
}

// The guest owns the demo services through its team: sign in once the
// catalog has the guest user and its groups (ownership is fixed at sign-in).
let backstageIdentity;
for (;;) {
  ({ backstageIdentity } = await call(
    '/api/auth/guest/refresh?env=development',
  ));
  const refs = backstageIdentity.identity?.ownershipEntityRefs ?? [];
  if (refs.some(ref => ref.startsWith('group:'))) break;
  if (Date.now() > deadline) {
    throw new Error(
      `The guest user has no group in the catalog yet (ownership: ${refs.join(
        ', ',
      )})`,
    );
  }
  await new Promise(r => setTimeout(r, 2000));
}
const auth = { Authorization: `Bearer ${backstageIdentity.token}` };
const api = (path, options = {}) =>
  call(`/api/ops-health${path}`, {
    ...options,
    headers: { ...auth, ...options.headers },
  });

// The on-call rota: the guest takes the Tuesday after the next hand-off from
// the portal (09:00 to 09:00 Berlin; the rotation hands off on Mondays at
// 09:00, and Berlin changes clocks on Sunday nights, so Tuesday 09:00 is 24
// hours after a Monday hand-off). Once: a later run finds the override.
const schedule = await api('/schedules/platform-ops?days=14');
const handoff = schedule.shifts.find(
  s => !s.overrideId && new Date(s.from) > new Date(),
);
if (handoff && !schedule.overrides.some(o => o.source === 'portal')) {
  const from = new Date(new Date(handoff.from).getTime() + 86_400_000);
  await api('/schedules/platform-ops/overrides', {
    method: 'POST',
    body: JSON.stringify({
      from: from.toISOString(),
      to: new Date(from.getTime() + 86_400_000).toISOString(),
      note: 'I take Tuesday',
    }),
  });
  console.log(`Demo on-call override: the guest takes ${from.toISOString()}`);
}
const onCall = schedule.current?.person;

let incident;
while (!incident) {
  // 404 until the catalog has ingested the demo entities.
  const { items } = await api(
    `/incidents?entityRef=${encodeURIComponent(entityRef)}&open=true`,
  ).catch(error =>
    /: 404 /.test(error.message) ? { items: [] } : Promise.reject(error),
  );
  incident = items.find(i => i.createdBy === 'ops-health:automation');
  if (!incident) {
    if (Date.now() > deadline) {
      throw new Error(
        `No incident was opened automatically for ${entityRef}; is its replication check critical?`,
      );
    }
    await new Promise(r => setTimeout(r, 2000));
  }
}

if (incident.phase !== 'detection') {
  console.log(`Demo incident ${incident.id} is already in ${incident.phase}`);
  process.exit(0);
}

const post = (path, body) =>
  api(`/incidents/${incident.id}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });

let current = await post('/transition', {
  to: 'assessment',
  version: incident.version,
  note: 'On-call acknowledged. Replication from media-archive to the DR bucket is failing; checking the replication role and the destination bucket policy.',
});
current = await api(`/incidents/${incident.id}`, {
  method: 'PATCH',
  body: JSON.stringify({
    version: current.version,
    commander: onCall?.entityRef ?? 'user:default/alice-oncall',
    note: `${onCall?.displayName ?? 'Alice'}, on call, leads the response.`,
  }),
});
await post('/notes', {
  note: 'The replication role lost s3:ReplicateObject on the destination after a policy change (runbook step 2).',
});
current = await post('/transition', {
  to: 'containment',
  version: current.version,
  note: 'Paused lifecycle expiry on the source so no object is lost before it is replicated.',
});
console.log(`Demo incident ${current.id} moved to ${current.phase}`);
