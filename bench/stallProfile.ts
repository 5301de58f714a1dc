/*
 * What ran while the event loop was stalled: a V8 CPU profile of a run and
 * the stalls a timer saw in it (bench/readPathBackend.ts, /bench-floor/
 * profile), the profile's samples inside each stall attributed to whose
 * work they were by the frames on their stack.
 */

/** A V8 CPU profile, as the inspector's Profiler.stop returns it. */
export type CpuProfile = {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string };
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

/**
 * A stall: `ms` between two runs of a 5 ms timer, the second at `endUs`
 * (monotonic µs, the profile's clock).
 */
export type Stall = { endUs: number; ms: number };

/**
 * The owners, first match wins, tested against every frame of a sample's
 * stack. The catalog's processing (its loop, processors, YAML parsing of
 * the location files, stitching) before Ops Health and before the catalog
 * serving requests, because their frames do not mix.
 */
const OWNERS: Array<{
  owner: string;
  test: (url: string, fn: string) => boolean;
}> = [
  {
    owner: "the catalog's processing",
    test: url =>
      /plugin-catalog-backend\/dist\/(processing|processors|stitching|modules)\/|plugin-catalog-backend\/dist\/database\/(DefaultProcessingDatabase|operations\/stitcher)|plugin-catalog-node\/dist\/processing\/|node_modules\/yaml\//.test(
        url,
      ),
  },
  { owner: 'Ops Health', test: url => /\/plugins\/ops-health/.test(url) },
  {
    owner: "the catalog's API",
    test: url => /plugin-catalog-backend\/dist\//.test(url),
  },
  {
    owner: 'database client, caller not on the stack',
    test: url =>
      /node_modules\/(knex|better-sqlite3|pg|pg-protocol)\//.test(url),
  },
  {
    owner: 'garbage collector',
    test: (_u, fn) => fn === '(garbage collector)',
  },
  { owner: 'idle or not scheduled', test: (_u, fn) => fn === '(idle)' },
];
const OTHER = 'HTTP, auth, validation and the rest';
export const STALL_OWNERS = [...OWNERS.map(o => o.owner), OTHER];

/** The profile's nodes by id, and each node's parent. */
function tree(profile: CpuProfile) {
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  return { nodes, parent };
}

/** Sample counts as milliseconds: × the profile's mean sampling interval. */
function toMs(
  profile: CpuProfile,
  counts: Record<string, number>,
): Record<string, number> {
  const interval =
    (profile.endTime - profile.startTime) /
    Math.max(1, profile.samples.length) /
    1000;
  return Object.fromEntries(
    Object.entries(counts).map(([o, n]) => [o, Math.round(n * interval)]),
  );
}

/**
 * The samples inside the stalls that lie within the profile, as
 * milliseconds by owner (sample count × the profile's mean sampling
 * interval).
 */
export function attributeStalls(
  profile: CpuProfile,
  stalls: Stall[],
): { stalls: number; stallMs: number; sampledMs: Record<string, number> } {
  const { nodes, parent } = tree(profile);
  const ownerOf = new Map<number, string>();
  const owner = (id: number) => {
    let known = ownerOf.get(id);
    if (known) return known;
    const frames: CpuProfile['nodes'][number]['callFrame'][] = [];
    for (let at: number | undefined = id; at; at = parent.get(at)) {
      frames.push(nodes.get(at)!.callFrame);
    }
    known =
      OWNERS.find(o => frames.some(f => o.test(f.url, f.functionName)))
        ?.owner ?? OTHER;
    ownerOf.set(id, known);
    return known;
  };
  const within = stalls.filter(
    s =>
      s.endUs - s.ms * 1000 >= profile.startTime && s.endUs <= profile.endTime,
  );
  const counts: Record<string, number> = {};
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (within.some(s => t <= s.endUs && t >= s.endUs - s.ms * 1000)) {
      const o = owner(profile.samples[i]);
      counts[o] = (counts[o] ?? 0) + 1;
    }
  }
  return {
    stalls: within.length,
    stallMs: Math.round(within.reduce((a, s) => a + s.ms, 0)),
    sampledMs: toMs(profile, counts),
  };
}

/**
 * Whose code a request's CPU time was spent in: a sample belongs to the
 * innermost frame of its stack that names a package (native frames and
 * Node's own modules are skipped to their caller), so the library a handler
 * calls is the library's time, not the handler's. First match wins; a
 * package none of them names is CPU_REST.
 */
const CPU_OWNERS: Array<{ owner: string; test: (url: string) => boolean }> = [
  {
    owner: "Ops Health's code",
    test: url => /\/plugins\/ops-health/.test(url),
  },
  {
    owner: 'database client',
    test: url => /node_modules\/(knex|better-sqlite3|pg|pg-[a-z]+)\//.test(url),
  },
  {
    owner: 'OpenAPI validation',
    test: url =>
      /node_modules\/(express-openapi-validator|path-to-regexp|ajv|ajv-formats|@backstage\/backend-openapi-utils)\//.test(
        url,
      ),
  },
  {
    owner: 'token verification',
    test: url =>
      /node_modules\/jose\/|backend-defaults\/dist\/entrypoints\/(auth|httpAuth|userInfo)\//.test(
        url,
      ),
  },
  {
    owner: 'the catalog',
    test: url =>
      /plugin-catalog-(backend|node)\/dist\/|node_modules\/yaml\//.test(url),
  },
];
const CPU_REST = 'Express, HTTP and the rest';
const GC = 'garbage collector';
export const CPU_SHARE_OWNERS = [...CPU_OWNERS.map(o => o.owner), CPU_REST, GC];

/**
 * A profiled run's CPU time (its samples but idle ones) by CPU_OWNERS,
 * CPU_REST and the garbage collector, in ms.
 */
export function attributeCpu(profile: CpuProfile): {
  sampledMs: Record<string, number>;
} {
  const { nodes, parent } = tree(profile);
  const ownerOf = new Map<number, string | undefined>();
  const owner = (id: number): string | undefined => {
    if (ownerOf.has(id)) return ownerOf.get(id);
    const { functionName } = nodes.get(id)!.callFrame;
    let found: string | undefined;
    if (functionName === '(garbage collector)') found = GC;
    else if (functionName !== '(idle)') {
      let url: string | undefined;
      for (let at: number | undefined = id; at && !url; at = parent.get(at)) {
        const frame = nodes.get(at)!.callFrame.url;
        if (frame !== '' && !frame.startsWith('node:')) url = frame;
      }
      found = (url && CPU_OWNERS.find(o => o.test(url!))?.owner) || CPU_REST;
    }
    ownerOf.set(id, found);
    return found;
  };
  const counts: Record<string, number> = {};
  for (const sample of profile.samples) {
    const o = owner(sample);
    if (o) counts[o] = (counts[o] ?? 0) + 1;
  }
  return { sampledMs: toMs(profile, counts) };
}
