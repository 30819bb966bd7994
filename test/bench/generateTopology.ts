/**
 * Generated topologies for benchmarks and stress tests: a realistic mix at
 * any size — clients, balancer pairs with health checks, chains of services,
 * fan-outs, caches fronting sharded and replicated stores, queues feeding
 * workers — pretty-printed as a user's file would be.
 */

/** A generated topology of about `size` components, as file text. */
export function generateTopology(size: number): string {
  const components: Record<string, unknown> = {};
  const groups = Math.max(1, Math.round((size - 1) / 9));
  // Each request goes to one group's balancer (as geo-DNS or a front router would send it).
  const share = Math.floor(1e6 / groups) / 1e6;
  components.web = { kind: 'client', calls: Array.from({ length: groups }, (_, g) => ({ to: `lb-${g}`, share })) };
  for (let g = 0; g < groups; g++) {
    const lb = `lb-${g}`;
    const svc = (i: number) => `svc-${g}-${i}`;
    components[lb] = {
      kind: 'loadBalancer', instances: 2, zones: ['zone-a', 'zone-b'], algorithm: 'leastConnections',
      healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: [svc(0)],
    };
    // A chain of three services, the last fanning out to a cache, a store and a queue.
    for (let i = 0; i < 3; i++) {
      components[svc(i)] = {
        kind: 'service', instances: 4, zones: ['zone-a', 'zone-b'], state: 'stateless',
        capacity: { rps: 4000, cpuCores: 8, cpuMsPerRequest: 1, latency: '20ms', connectionPool: 200 },
        calls: i < 2 ? [svc(i + 1)] : [`cache-${g}`, `db-${g}`, { to: `queue-${g}`, op: 'write' }],
      };
    }
    components[`cache-${g}`] = { kind: 'cache', engine: 'redis', instances: 3, hitRatio: 0.9, ttl: '1h', fronts: `db-${g}` };
    components[`db-${g}`] = {
      kind: 'database', engine: 'postgres', consistency: 'eventual', instances: 1 + (g % 16),
      capacity: { rps: 20000, diskIops: 20000, iopsPerRequest: 1 },
      replication: { mode: 'semiSync', replicas: 2, lag: { p50: '5ms', p99: '50ms' }, readsFrom: 'replicas', failover: { mode: 'automatic', detection: '10s', promotion: '5s' } },
      sharding: { strategy: 'consistentHash', shards: 1 + (g % 16), vnodes: 160, key: { field: 'id', cardinality: 10_000_000 } },
      queries: [{ name: 'by-id', by: ['id'] }],
    };
    components[`queue-${g}`] = { kind: 'queue', engine: 'kafka', instances: 3, partitions: 12, calls: [`worker-${g}`] };
    components[`worker-${g}`] = { kind: 'service', instances: 2, zones: ['zone-a', 'zone-b'], calls: [`db-${g}`, { to: `archive-${g}`, async: true }] };
    components[`archive-${g}`] = { kind: 'database', instances: 2, zones: ['zone-a', 'zone-b'], replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'automatic' } }, description: 'cold storage for processed events' };
  }
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
