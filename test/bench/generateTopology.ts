/**
 * Generated topologies for benchmarks and stress tests: a realistic mix at
 * any size — clients, balancer pairs with health checks, chains of services,
 * fan-outs, caches fronting sharded and replicated stores, queues feeding
 * workers — pretty-printed as a user's file would be.
 */

/** How a generated topology is wired. */
export interface GenerateOptions {
  /**
   * Calls per component to reach (at least): the base wiring makes about 1.1;
   * designs met in practice make about 1.5, which `DENSE` asks for. Extra
   * calls go, group by group, from services to their group's cache and store,
   * from workers to the cache, and from a group's last service to the next
   * group's middle one for a tenth of its requests (never back, so no cycle
   * is made, and the load a chain of groups passes on stays small).
   */
  callsPerComponent?: number;
  /**
   * Regions the groups are spread over, in runs of consecutive groups: each
   * component of a group runs in its region (`region-1` …) over that region's
   * two zones (`region-1a`, `region-1b`), but the group's worker and archive,
   * off every request's path, sit in one zone of it, so a diagram has zone
   * boxes inside region boxes. No call crosses a region (the next group's
   * service is called only within one), so the design stays healthy. Without
   * it, nothing names a region and every component spreads over `zone-a` and
   * `zone-b`.
   */
  regions?: number;
  /**
   * Places the groups in this many regions, round robin, each group in one
   * zone of its region (three zones a region, taken in turn): its balancer
   * and archive spread over two zones and sit in the region's box, the rest
   * in the zone's — more boxes than `regions` draws, for the diagram's
   * grouping and collapse. Calls may cross regions. Not with `regions`.
   */
  zonedRegions?: number;
}

/** The wiring of designs met in practice: 1.5 calls per component, placed in regions and zones. */
export const DENSE: GenerateOptions = { callsPerComponent: 1.5, regions: 3 };

/** The same wiring, boxed for the diagram: three regions of three zones, each group in one zone. */
export const DENSE_IN_REGIONS: GenerateOptions = { callsPerComponent: 1.5, zonedRegions: 3 };

/** A generated topology of about `size` components, as file text. */
export function generateTopology(size: number, options: GenerateOptions = {}): string {
  const components: Record<string, unknown> = {};
  const groups = Math.max(1, Math.round((size - 1) / 9));
  // Each request goes to one group's balancer (as geo-DNS or a front router would send it).
  const share = Math.floor(1e6 / groups) / 1e6;
  components.web = { kind: 'client', calls: Array.from({ length: groups }, (_, g) => ({ to: `lb-${g}`, share })) };
  const regionOf = regionsOf(groups, options.regions);
  for (let g = 0; g < groups; g++) {
    const lb = `lb-${g}`;
    const svc = (i: number) => `svc-${g}-${i}`;
    const { spread, service, stores, oneZone, archive } = options.zonedRegions ? zonedPlacement(g, options.zonedRegions) : runPlacement(regionOf(g), g);
    components[lb] = {
      kind: 'loadBalancer', instances: 2, ...spread, algorithm: 'leastConnections',
      healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: [svc(0)],
    };
    // A chain of three services, the last fanning out to a cache, a store and a queue.
    for (let i = 0; i < 3; i++) {
      components[svc(i)] = {
        kind: 'service', instances: 4, ...service, state: 'stateless',
        capacity: { rps: 4000, cpuCores: 8, cpuMsPerRequest: 1, latency: '20ms', connectionPool: 200 },
        calls: i < 2 ? [svc(i + 1)] : [`cache-${g}`, `db-${g}`, { to: `queue-${g}`, op: 'write' }],
      };
    }
    components[`cache-${g}`] = { kind: 'cache', engine: 'redis', instances: 3, ...stores, hitRatio: 0.9, ttl: '1h', fronts: `db-${g}` };
    components[`db-${g}`] = {
      kind: 'database', engine: 'postgres', consistency: 'eventual', instances: 1 + (g % 16), ...stores,
      capacity: { rps: 20000, diskIops: 20000, iopsPerRequest: 1 },
      replication: { mode: 'semiSync', replicas: 2, lag: { p50: '5ms', p99: '50ms' }, readsFrom: 'replicas', failover: { mode: 'automatic', detection: '10s', promotion: '5s' } },
      sharding: { strategy: 'consistentHash', shards: 1 + (g % 16), vnodes: 160, key: { field: 'id', cardinality: 10_000_000 } },
      queries: [{ name: 'by-id', by: ['id'] }],
    };
    components[`queue-${g}`] = { kind: 'queue', engine: 'kafka', instances: 3, ...stores, partitions: 12, calls: [`worker-${g}`] };
    // Behind a queue and an async call: no request waits for them, so one zone is no single point of failure.
    components[`worker-${g}`] = { kind: 'service', instances: 2, ...oneZone, calls: [`db-${g}`, { to: `archive-${g}`, async: true }] };
    components[`archive-${g}`] = { kind: 'database', instances: 2, ...archive, replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'automatic' } }, description: 'cold storage for processed events' };
  }
  addCalls(components, groups, options.callsPerComponent ?? 0, (g) => regionOf(g) === regionOf(g + 1));
  // One component per line, as large hand-kept files tend to be written; keeps 20,000 components under the 5 MiB bound.
  const lines = Object.entries(components).map(([id, c]) => `    ${JSON.stringify(id)}: ${JSON.stringify(c)}`);
  return [
    '{',
    '  "$schema": "../schemas/scale.schema.json",',
    '  "version": 1,',
    `  "name": "generated-${size}",`,
    '  "workload": { "peakRps": 50000, "readFraction": 0.95, "keys": { "distribution": "uniform", "cardinality": 10000000 } },',
    '  "components": {',
    lines.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Where a group's components live: its balancer, services, stores (cache, database, queue), worker and archive. */
interface Placement {
  spread: object;
  service: object;
  stores: object;
  oneZone: object;
  archive: object;
}

/** `regions`' placement: the group's region (if any) over its two zones, its worker and archive in one of them. */
function runPlacement(region: string | undefined, g: number): Placement {
  // Placed in a region: its name first, as a file would say it; otherwise the two zones alone.
  const zones = region === undefined ? ['zone-a', 'zone-b'] : [`${region}a`, `${region}b`];
  const spread = region === undefined ? { zones } : { region, zones };
  const oneZone = region === undefined ? { zones } : { region, zones: [zones[g % 2]!] };
  return { spread, service: spread, stores: region === undefined ? {} : spread, oneZone, archive: oneZone };
}

/** `zonedRegions`' placement: the balancer and archive over two zones of the group's region, the rest in one zone. */
function zonedPlacement(g: number, regions: number): Placement {
  const region = `region-${g % regions}`;
  const inZone = { region, zones: [`${region}${'abc'[Math.floor(g / regions) % 3]}`] };
  const spread = { region, zones: [`${region}a`, `${region}b`] };
  return { spread, service: inZone, stores: inZone, oneZone: inZone, archive: spread };
}

/** The region of each group: `regions` runs of consecutive groups (none when `regions` is not given). */
function regionsOf(groups: number, regions: number | undefined): (g: number) => string | undefined {
  if (regions === undefined) return () => undefined;
  const run = Math.ceil(groups / Math.max(1, Math.min(regions, groups)));
  return (g) => `region-${Math.floor(g / run) + 1}`;
}

/**
 * Adds calls, cycling through each group's extra wiring, until there are
 * `perComponent` calls per component; a group calls the next one only when
 * `nextIsNear(g)` (in the same region).
 */
function addCalls(components: Record<string, unknown>, groups: number, perComponent: number, nextIsNear: (g: number) => boolean): void {
  const all = Object.values(components) as { calls?: unknown[] }[];
  let calls = all.reduce((n, c) => n + (c.calls?.length ?? 0), 0);
  const wanted = Math.ceil(perComponent * all.length);
  const extra = (g: number): [string, unknown][] => [
    [`svc-${g}-0`, `cache-${g}`],
    [`svc-${g}-1`, `db-${g}`],
    [`worker-${g}`, `cache-${g}`],
    ...(g + 1 < groups && nextIsNear(g) ? [[`svc-${g}-2`, { to: `svc-${g + 1}-1`, share: 0.1 }] as [string, unknown]] : []),
  ];
  for (let round = 0; calls < wanted && round < 4; round++) {
    for (let g = 0; g < groups && calls < wanted; g++) {
      const pair = extra(g)[round];
      if (!pair) continue;
      (components[pair[0]] as { calls: unknown[] }).calls.push(pair[1]);
      calls++;
    }
  }
}
