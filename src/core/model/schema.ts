/**
 * The `*.scale.json` format as a zod model: the one source of truth from which
 * the TypeScript types, the published JSON Schema and the docs' field tables
 * are generated. Every field carries a description and examples.
 *
 * Components live in a record keyed by id. Ids, instance counts, ratios and
 * durations are validated here; cross-references (calls, session stores,
 * fault targets) are resolved in `topology.ts`, which knows every id.
 */
import * as z from 'zod';
import { ACCEPTABLE_RULE_IDS, CONFIGURABLE_RULE_IDS } from '../ruleCatalog';
import { DURATION_PATTERN, durationPatternUpTo, parseDuration } from './duration';
import { BALANCER_ALGORITHMS, KEY_DISTRIBUTIONS } from './enums';
import { RESERVED_KEYS } from './parse';
import { count as countText } from '../text/format';

/** Adds the description and examples that the JSON Schema and the docs show. */
function doc<T extends z.ZodType>(schema: T, description: string, examples?: unknown[]): T {
  return schema.meta(examples ? { description, examples } : { description }) as T;
}

/** Component ids: ASCII letters, digits, `-`, `_` and `.`, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * A rule topology.ts checks across properties, stated for editors that read
 * only the JSON Schema: `key` is refused unless `field` is `value` (the
 * field's default being another value) and, when `required`, needed then.
 */
function onlyWhen(field: string, value: string, key: string, required = false) {
  return {
    if: { properties: { [field]: { const: value } }, required: [field] },
    ...(required ? { then: { required: [key] } } : {}),
    else: { properties: { [key]: false } },
  };
}

/** Refines an object that holds exactly one of `keys`: the issue is at the second one when it holds several, at the object when none. */
function exactlyOne<K extends string>(value: Partial<Record<K, unknown>>, keys: readonly K[], ctx: z.RefinementCtx, none: string, several: (present: K[]) => string): void {
  const present = keys.filter((k) => value[k] !== undefined);
  if (present.length === 1) return;
  ctx.addIssue({ code: 'custom', message: present.length === 0 ? none : several(present), path: present.length > 1 ? [present[1]!] : [] });
}

/** A component id. */
export const Id = doc(z.string().regex(ID_PATTERN, 'Ids use letters, digits, "-", "_" and "." and start with a letter or digit')
  .meta({ not: { enum: [...RESERVED_KEYS] } }), // refused by the reader: the same rule for editors that read only the JSON Schema
  'A component id: ASCII letters, digits, "-", "_" and ".", starting with a letter or digit, at most 128 characters.', ['api', 'url-cache']);

/** A reference to a component by id. */
const Ref = (description: string, examples: string[]) => doc(z.string().min(1), description, examples);

/** A zone or region name. */
const PlaceName = z.string().min(1).max(128);

/** The longest duration the format accepts: one year. */
export const MAX_DURATION_MS = 31_536_000_000;

/** The JSON Schema's pattern of duration strings: the format's, bounded by MAX_DURATION_MS. */
export const DURATION_JSON_PATTERN = durationPatternUpTo(MAX_DURATION_MS);
/** Scenarios of a file that are checked and simulated; those past it are reported once and left out. */
export const MAX_SCENARIOS = 100;
/** Faults of one scenario that are simulated; those past it are reported once and left out. */
export const MAX_FAULTS_PER_SCENARIO = 50;
/** Faults of all of a file's scenarios together; the scenario that passes it, and those after it, are left out. */
export const MAX_FAULTS = 500;

/**
 * A duration: milliseconds as a number, or a string with a unit (ms, s, m, h,
 * d), parsed to milliseconds; at most a year, and above 0 when `positive`
 * (the number form carries that bound into the JSON Schema; a zero string only
 * the checker refuses).
 */
function durationSchema(positive: boolean) {
  const ms = z.number().max(MAX_DURATION_MS);
  const text = z.string().regex(DURATION_PATTERN, 'Durations are milliseconds or a number with a unit: "500ms", "30s", "2m", "1h", "7d"')
    .refine(withinAYear, 'Durations are at most one year (365d)');
  return z
    .union([
      positive ? ms.positive() : ms.min(0),
      (positive ? text.refine(aboveZero, 'must be above 0, found a zero duration') : text)
        .meta({ pattern: DURATION_JSON_PATTERN }), // the same bound for editors that read only the JSON Schema
    ])
    .transform(durationMs);
}

// The model's refinements and transforms are named here: the compiled parsers (compiledModel.ts) call them by these names.

/** A duration's text is at most a year (one that does not read is the pattern's to refuse). */
export function withinAYear(text: string): boolean {
  return !DURATION_PATTERN.test(text) || (parseDuration(text) ?? Infinity) <= MAX_DURATION_MS;
}

/** A duration's text is above zero (one that does not read is the pattern's to refuse). */
export function aboveZero(text: string): boolean {
  return !DURATION_PATTERN.test(text) || (parseDuration(text) ?? 1) > 0;
}

/** A valid duration in milliseconds. */
export function durationMs(value: number | string): number {
  return typeof value === 'number' ? value : parseDuration(value)!;
}

/** Some weight is above zero. */
export function someWeight(weights: number[]): boolean {
  return weights.some((x) => x > 0);
}

/** A component's reliability gives its availability as a whole, or its nodes' figures, not both. */
export function availabilityOrNodes(r: { availability?: number; mtbf?: number; mttr?: number }): boolean {
  return r.availability === undefined || (r.mtbf === undefined && r.mttr === undefined);
}

/** A duration of zero or more. */
export const Duration = durationSchema(false);

const dur = (description: string, examples: (string | number)[]) => doc(Duration, `${description} Milliseconds, or a string with a unit: "500ms", "30s", "2m".`, examples);

/** A duration that must be above 0: something done every `interval` is never done every 0 ms. */
const PositiveDuration = durationSchema(true);

/** A fraction between 0 and 1. */
const Ratio = z.number().min(0).max(1);
const ratio = (description: string, examples: number[]) => doc(Ratio, description, examples);

/** The most instances, shards or other units a count may declare. */
export const MAX_COUNT = 1_000_000;
/** The most replicas per leader a replication block may declare. */
export const MAX_REPLICAS = 100;
/** The largest growth target a workload may declare. */
export const MAX_GROWTH = 1_000_000;

const count = (description: string, examples: number[], min = 1, max = MAX_COUNT) => doc(z.number().int().min(min).max(max), description, examples);

const positive = (description: string, examples: number[]) => doc(z.number().positive().max(1e12), description, examples);

// ---------------------------------------------------------------------------
// Workload

/** The distribution of keys that requests touch. */
export const KeyDistribution = doc(z.enum(KEY_DISTRIBUTIONS),
  'How requests spread over keys: "uniform" (every key equally likely), "zipf" (a few keys are very popular; the k-th most popular has weight 1/k^exponent), "sequential" (each new write takes the next key, as with timestamps or auto-increment ids).', ['zipf']);

/** The keys requests touch. */
export const Keys = doc(z.strictObject({
  distribution: KeyDistribution.default('uniform'),
  exponent: doc(z.number().positive().max(10), 'The zipf exponent s (only for "zipf"): 1.0 to 1.2 fits most web traffic.', [1.1]).optional(),
  cardinality: count('How many distinct keys there are.', [100_000_000], 1, Number.MAX_SAFE_INTEGER),
}), 'The keys requests touch, and how popular each one is.');

/** The load on the system at peak. */
export const Workload = doc(z.strictObject({
  peakRps: positive('Requests per second at peak, entering through the client components.', [40_000]),
  readFraction: ratio('The share of requests that only read (0 to 1); the rest write.', [0.99]).default(0.9),
  keys: Keys.optional(),
  users: count('Concurrently active users, for figures such as "users logged out when a node dies".', [200_000], 1, Number.MAX_SAFE_INTEGER).optional(),
  growth: doc(z.number().min(1).max(MAX_GROWTH),
    'The growth the design must carry, as a multiple of peakRps (10: ten times today\'s peak). Every component that saturates before it is a headroom finding, with the move that fits.', [10]).optional(),
}), 'The load at peak: request rate, read/write split, key popularity.');

// ---------------------------------------------------------------------------
// Building blocks of components

/** A call from one component to another. */
export const Call = doc(z.union([
  Ref('The id of the component called, once per request.', ['api']),
  z.strictObject({
    to: Ref('The id of the component called.', ['feed-queue']),
    share: ratio('The share of this component\'s requests that make this call.', [0.2]).default(1),
    fanout: doc(z.number().min(0).max(100_000), 'Calls made per request that makes this call (a fan-out to followers, a batch).', [3]).default(1),
    op: doc(z.enum(['read', 'write', 'mixed']), 'Which requests make the call: "read" (this component\'s reads, calling as reads), "write" (its writes, calling as writes), or "mixed" (all of them, each keeping its kind).', ['write']).default('mixed'),
    async: doc(z.boolean(), 'True when the caller does not wait for the answer (fire and forget, or through a queue).', [true]).default(false),
  }),
]), 'A component this one calls: an id, or an object with the share of requests, fan-out and operation.', ['api', { to: 'feed-queue', share: 0.1, fanout: 1, op: 'write' }]);

/** Per-instance capacity and per-request cost. */
export const Capacity = doc(z.strictObject({
  rps: positive('Requests per second one instance can serve.', [4000]).optional(),
  cpuCores: positive('CPU cores per instance.', [8]).optional(),
  cpuMsPerRequest: positive('CPU milliseconds one request costs.', [1.5]).optional(),
  memoryGb: positive('Memory per instance, in GB.', [16]).optional(),
  memoryMbPerRequest: positive('Memory held by one in-flight request, in MB.', [2]).optional(),
  connectionPool: count('Concurrent requests (connections) one instance accepts.', [200]).optional(),
  diskIops: positive('Disk operations per second one instance sustains.', [20_000]).optional(),
  iopsPerRequest: positive('Disk operations one request costs (writes usually cost more than reads).', [2]).optional(),
  latency: dur('Mean time to serve one request when not queued.', ['20ms']).optional(),
}), 'Capacity of one instance and the cost of one request. The ceiling of a tier is the peak load at which its first resource saturates.');

/** Active health checking by a load balancer. */
export const HealthCheck = doc(z.strictObject({
  interval: doc(PositiveDuration, 'Time between two checks of one server, above 0. Milliseconds, or a string with a unit: "500ms", "30s", "2m".', ['2s']),
  unhealthyThreshold: count('Consecutive failed checks before a server is taken out.', [3], 1, 100).default(3),
  healthyThreshold: count('Consecutive passed checks before a recovered server is put back.', [2], 1, 100).default(2),
  timeout: dur('How long a check waits for an answer before counting it failed. Without one, a slow server passes.', ['500ms']).optional(),
}), 'Active health checks: a server failing unhealthyThreshold checks in a row is taken out of rotation.');

/** Sharding of a data store. */
export const Sharding = doc(z.strictObject({
  strategy: doc(z.enum(['modulo', 'range', 'consistentHash', 'directory', 'geographic']),
    'How keys map to shards: "modulo" (hash mod N), "range" (sorted key ranges), "consistentHash" (a hash ring with virtual nodes), "directory" (a lookup service), "geographic" (by the user\'s region).', ['consistentHash']),
  shards: count('Number of shards.', [64]),
  vnodes: count('Virtual nodes per shard on the hash ring (consistentHash).', [160], 1, 10_000).optional(),
  key: doc(z.strictObject({
    field: doc(z.string().min(1), 'The field the shard key is taken from.', ['short_code']),
    cardinality: count('Distinct values of the key (defaults to the workload\'s key cardinality).', [100_000_000], 1, Number.MAX_SAFE_INTEGER).optional(),
    monotonic: doc(z.boolean(), 'True when new keys always grow (timestamps, auto-increment ids).', [false]).default(false),
    distribution: doc(z.enum(KEY_DISTRIBUTIONS), 'How popular this store\'s keys are, when it differs from the workload\'s (a timeline keyed by reader under a workload skewed by author).', ['uniform']).optional(),
    exponent: doc(z.number().positive().max(10), 'The zipf exponent of this store\'s keys (with distribution "zipf").', [1.2]).optional(),
  }), 'The shard key.').optional(),
  directory: Ref('The directory component that maps keys to shards (strategy "directory").', ['shard-directory']).optional(),
  regions: doc(z.array(PlaceName).min(1), 'Regions the shards are placed in (strategy "geographic").', [['us-east', 'eu-west']]).optional(),
}).meta({
  allOf: [
    onlyWhen('strategy', 'directory', 'directory', true),
    onlyWhen('strategy', 'consistentHash', 'vnodes'),
    { if: { properties: { strategy: { const: 'geographic' } } }, then: { required: ['regions'] } },
  ],
}), 'How the data is split across shards.');

/** Replication of a data store. */
export const Replication = doc(z.strictObject({
  topology: doc(z.enum(['singleLeader', 'multiLeader', 'leaderless']),
    'Who accepts writes: one leader (primary), several leaders, or any replica with quorums.', ['singleLeader']).default('singleLeader'),
  mode: doc(z.enum(['async', 'semiSync', 'sync']),
    'When a write is acknowledged: "async" (on the leader alone), "semiSync" (once one replica has received it), "sync" (once every replica has applied it).', ['async']).default('async'),
  replicas: count('Replicas per leader (not counting the leader itself).', [2], 0, MAX_REPLICAS),
  lag: doc(z.strictObject({
    p50: dur('Median replication lag.', ['5ms']),
    p99: dur('99th percentile replication lag.', ['120ms']),
  }), 'Replication lag: how long after the primary commits a write a replica applies it (reads there see it).').optional(),
  readsFrom: doc(z.enum(['primary', 'replicas', 'any']), 'Where reads are served: the primary, the replicas, or any node.', ['replicas']).default('primary'),
  failover: doc(z.strictObject({
    mode: doc(z.enum(['automatic', 'manual', 'none']), 'How a replica replaces a dead primary.', ['automatic']),
    detection: dur('Time to decide the primary is dead.', ['10s']).optional(),
    promotion: dur('Time to promote a replica once the primary is declared dead.', ['5s']).optional(),
  }), 'What happens when the primary dies.').optional(),
  semiSyncTimeout: dur('How long a semi-synchronous primary waits for a replica before it falls back to asynchronous acknowledgement.', ['10s']).optional(),
  leaders: count('Number of leaders (multiLeader).', [2], 1, 100).optional(),
  conflictResolution: doc(z.enum(['lastWriteWins', 'crdt', 'applicationMerge', 'none']),
    'How concurrent writes to the same key on different leaders are reconciled (multiLeader, leaderless).', ['lastWriteWins']).optional(),
  quorum: doc(z.strictObject({
    n: count('Replicas each key is stored on.', [3], 1, 100),
    r: count('Replicas a read waits for.', [2], 1, 100),
    w: count('Replicas a write waits for.', [2], 1, 100),
  }), 'Quorum sizes of a leaderless store.').optional(),
}).meta({
  allOf: [
    onlyWhen('topology', 'leaderless', 'quorum', true),
    onlyWhen('topology', 'multiLeader', 'leaders'),
    onlyWhen('mode', 'semiSync', 'semiSyncTimeout'),
  ],
}), 'How the data is copied to other nodes, and what happens when a node dies.');

/** Consistency a store promises its readers. */
const Consistency = doc(z.enum(['strong', 'readYourWrites', 'monotonicReads', 'eventual']),
  'The consistency readers are promised: "strong" (linearizable), "readYourWrites", "monotonicReads", or "eventual".', ['eventual']);

/** Which side of CAP a store takes during a partition. */
const Cap = doc(z.enum(['CP', 'AP']), 'During a network partition: "CP" refuses requests it cannot make consistent; "AP" accepts them and reconciles later.', ['CP']);

/** A query a data store must answer. */
export const Query = doc(z.strictObject({
  name: doc(z.string().min(1), 'A name for the query.', ['resolve']),
  by: doc(z.array(z.string().min(1)).min(1), 'The fields the query filters on.', [['short_code']]),
  share: ratio('The share of the store\'s requests that are this query.', [0.9]).optional(),
}), 'A query the store must answer, by the fields it filters on.');

// ---------------------------------------------------------------------------
// Components

const common = {
  description: doc(z.string().max(4000), 'What this component is for.', ['Stateless API servers']).optional(),
  region: doc(PlaceName, 'The region the component runs in.', ['us-east-1']).optional(),
  zones: doc(z.array(PlaceName).min(1), 'Availability zones the instances are spread over. Instances all in one zone fail together.', [['us-east-1a', 'us-east-1b']]).optional(),
  calls: doc(z.array(Call), 'Components this one sends requests to.', [['api']]).optional(),
};

/**
 * How often one node of a component fails and how long it takes to repair,
 * or the availability of the component as a whole: what the availability
 * model (docs/availability.md) reads in place of the file's defaults.
 */
export const ComponentReliability = doc(z.strictObject({
  mtbf: doc(PositiveDuration, 'Mean time between failures of one node (instance, primary or replica), above 0, in place of the file\'s reliability.node.mtbf. Milliseconds, or a string with a unit: "500ms", "30s", "2m", "30d".', ['90d']).optional(),
  mttr: doc(PositiveDuration, 'Mean time to repair or replace one failed node, above 0, in place of the file\'s reliability.node.mttr. Milliseconds, or a string with a unit.', ['15m']).optional(),
  availability: doc(z.number().gt(0).max(1), 'The availability of the component as a whole (above 0, at most 1), such as the SLA of an external provider: its nodes, zones and failover are then not modelled.', [0.9995]).optional(),
}).refine(availabilityOrNodes, { message: '"availability" stands for the whole component: give it, or its nodes\' mtbf and mttr, not both', path: ['availability'] }).meta({ not: { required: ['availability'], anyOf: [{ required: ['mtbf'] }, { required: ['mttr'] }] } }), // the same rule for editors that read only the JSON Schema
'How often a node of this component fails and how long its repair takes, or its availability as a whole; without it, the file\'s reliability defaults.',
[{ mtbf: '90d', mttr: '15m' }, { availability: 0.9995 }]);

const served = {
  ...common,
  instances: count('Number of instances: servers, or the primaries of a store (each with its replicas). A sharded store has one primary per shard and does not use it.', [3]).default(1),
  capacity: Capacity.optional(),
  reliability: ComponentReliability.optional(),
};

const Client = doc(z.strictObject({
  kind: z.literal('client').meta({ description: 'Where requests enter: browsers, mobile apps, partner systems.' }),
  ...common,
  share: ratio('The share of the workload\'s peak rps that comes from this client (defaults to an equal split).', [1]).optional(),
}), 'An entry point: where requests come from.');

const Cdn = doc(z.strictObject({
  kind: z.literal('cdn').meta({ description: 'A content delivery network in front of the origin.' }),
  ...served,
  hitRatio: ratio('The share of read requests the CDN answers without reaching the origin.', [0.6]).default(0),
}), 'A CDN: serves cached reads at the edge and forwards misses and writes.');

const LoadBalancer = doc(z.strictObject({
  kind: z.literal('loadBalancer').meta({ description: 'Spreads requests over the instances of the components it calls.' }),
  ...served,
  algorithm: doc(z.enum(BALANCER_ALGORITHMS),
    'How a backend instance is chosen for each request.', ['leastConnections']).default('roundRobin'),
  layer: doc(z.enum(['L4', 'L7']), '"L4" balances connections (TCP); "L7" balances requests (HTTP) and can route on their content.', ['L7']).default('L7'),
  healthCheck: HealthCheck.optional(),
  stickySessions: doc(z.boolean(), 'True when a user\'s requests are pinned to one backend instance (by cookie or source address).', [false]).default(false),
  weights: doc(z.array(z.number().min(0).max(1_000_000)).min(1)
    .refine(someWeight, 'At least one weight must be above 0: with every weight 0, the balancer sends requests nowhere')
    .meta({ contains: { type: 'number', exclusiveMinimum: 0 } }), // the same rule for editors that read only the JSON Schema
  'Weights of the backend instances for the "weighted" algorithm: exactly one per instance of each component the balancer calls, at least one above 0 (an instance with weight 0 gets no requests).', [[2, 1, 1]]).optional(),
  hashBalanceFactor: doc(z.number().min(1).max(100), 'Consistent hashing with bounded loads: no backend takes more than this factor times the mean (1.25 is common).', [1.25]).optional(),
}).meta(onlyWhen('algorithm', 'weighted', 'weights')), 'A load balancer.');

const Service = doc(z.strictObject({
  kind: z.literal('service').meta({ description: 'Application servers: an API, a web tier, workers.' }),
  ...served,
  state: doc(z.enum(['stateless', 'local', 'external']),
    'Where session state lives: "stateless" (none), "local" (in the server\'s memory), "external" (in a shared store named by sessionStore).', ['external']).default('stateless'),
  sessionStore: Ref('The component holding session state when state is "external".', ['sessions']).optional(),
}).meta(onlyWhen('state', 'external', 'sessionStore', true)), 'An application service.');

const Cache = doc(z.strictObject({
  kind: z.literal('cache').meta({ description: 'An in-memory cache such as Redis or Memcached.' }),
  ...served,
  engine: doc(z.string().min(1).max(64), 'The cache software.', ['redis']).optional(),
  hitRatio: ratio('The share of reads answered from the cache.', [0.9]).default(0),
  ttl: dur('How long an entry lives.', ['24h']).optional(),
  fronts: Ref('The store this cache sits in front of (cache-aside): its reads are reduced by the hit ratio.', ['urls']).optional(),
  sharding: Sharding.optional(),
  replication: Replication.optional(),
}), 'A cache.');

const Database = doc(z.strictObject({
  kind: z.literal('database').meta({ description: 'A data store: relational, document, key-value, wide-column.' }),
  ...served,
  engine: doc(z.string().min(1).max(64), 'The database software.', ['postgres']).optional(),
  consistency: Consistency.default('strong'),
  cap: Cap.optional(),
  replication: Replication.optional(),
  sharding: Sharding.optional(),
  queries: doc(z.array(Query), 'Queries the store must answer.', [[{ name: 'resolve', by: ['short_code'] }]]).optional(),
}), 'A database.');

const Queue = doc(z.strictObject({
  kind: z.literal('queue').meta({ description: 'A message queue or log; its consumers are the components it calls.' }),
  ...served,
  engine: doc(z.string().min(1).max(64), 'The queue software.', ['kafka']).optional(),
  partitions: count('Partitions (ordering and parallelism units).', [12]).optional(),
  delivery: doc(z.enum(['atMostOnce', 'atLeastOnce', 'exactlyOnce']), 'Delivery guarantee to consumers.', ['atLeastOnce']).default('atLeastOnce'),
  retention: dur('How long messages are kept.', ['168h']).optional(),
  replication: Replication.optional(),
}), 'A message queue.');

const Directory = doc(z.strictObject({
  kind: z.literal('directory').meta({ description: 'A lookup service that maps keys to shards (directory-based sharding).' }),
  ...served,
  replication: Replication.optional(),
}), 'A shard directory.');

/** Every component kind, in the order the docs list them. */
export const COMPONENT_KINDS = ['client', 'cdn', 'loadBalancer', 'service', 'cache', 'database', 'queue', 'directory'] as const;

/** A component of the topology. */
export const Component = doc(z.discriminatedUnion('kind', [Client, Cdn, LoadBalancer, Service, Cache, Database, Queue, Directory]),
  'A component: its kind decides which properties apply.');

// ---------------------------------------------------------------------------
// Scenarios

/** What a fault acts on: a component id, or one instance as "id#index" (0-based; #0 is a store's primary). */
const Target = doc(z.string().min(1),
  'A component id ("urls": its first instance, which is the primary of a replicated store) or one instance as "id#index", counting from 0 ("api#3").', ['urls', 'api#3']);

/**
 * A failure domain a kill or restore acts on: every instance placed in a zone
 * (a component's instances are spread over its `zones` in turn), or every
 * instance of the components in a region.
 */
const Place = doc(z.strictObject({
  zone: doc(PlaceName, 'A zone named in some component\'s "zones": every instance placed in it.', ['us-east-1a']).optional(),
  region: doc(PlaceName, 'A region named in some component\'s "region": every instance of those components, and those placed in its zones ("us-east-1a" is in "us-east-1").', ['us-east-1']).optional(),
}).refine((p) => (p.zone === undefined) !== (p.region === undefined), 'Name one failure domain: "zone" or "region"')
  .meta({ oneOf: [{ required: ['zone'] }, { required: ['region'] }] }), // the same rule for editors that read only the JSON Schema
'A zone or a region: every instance in it at once.', [{ zone: 'us-east-1a' }]);

/** What a kill or restore acts on: one instance, or a zone or region. */
const TargetOrPlace = (description: string, examples: unknown[]) => doc(z.union([Target, Place]), description, examples);

/** Names of the fault actions; a fault has exactly one. */
export const FAULT_ACTIONS = ['kill', 'slow', 'restore', 'partition', 'heal', 'addShards', 'removeShards'] as const;

const ShardChange = z.strictObject({
  target: Ref('The sharded component.', ['urls']),
  count: count('How many shards.', [1], 1, 10_000),
});

/** One fault injected at a time. */
export const Fault = doc(z.strictObject({
  at: dur('When the fault happens, from the start of the scenario.', ['30s']),
  kill: TargetOrPlace('Kill an instance, or every instance in a zone or region ({ "zone": "us-east-1a" }): they stop answering.', ['urls', { zone: 'us-east-1a' }]).optional(),
  slow: doc(Target, 'Make an instance slow: alive, but answering after `latency`.', ['api#3']).optional(),
  latency: dur('With "slow": how long the slow instance takes per request.', ['5s']).optional(),
  restore: TargetOrPlace('Bring a killed or slow instance back, or every instance of a zone or region.', ['api#3', { zone: 'us-east-1a' }]).optional(),
  partition: doc(z.strictObject({
    between: doc(z.tuple([z.array(z.string().min(1)).min(1), z.array(z.string().min(1)).min(1)]),
      'The two sides, each a list of region, zone or component ids.', [[['us-east'], ['eu-west']]]),
  }), 'Cut the network between two groups.').optional(),
  heal: doc(z.literal(true), 'End every partition.', [true]).optional(),
  addShards: doc(ShardChange, 'Add shards to a sharded store.').optional(),
  removeShards: doc(ShardChange, 'Remove shards from a sharded store.').optional(),
  duration: dur('How long a slow instance or a partition lasts before it ends by itself.', ['20s']).optional(),
}).superRefine((f, ctx) => {
  exactlyOne(f, FAULT_ACTIONS, ctx, `A fault needs one action: ${FAULT_ACTIONS.join(', ')}`,
    (actions) => `A fault has one action; this one has ${actions.join(' and ')}: split it into several faults`);
  if (f.latency !== undefined && f.slow === undefined) {
    ctx.addIssue({ code: 'custom', message: '"latency" applies to a "slow" fault', path: ['latency'] });
  }
}).meta({ // the same rules for editors that read only the JSON Schema
  oneOf: FAULT_ACTIONS.map((action) => ({ required: [action] })),
  dependencies: { latency: ['slow'] },
}), 'A fault: at a time, exactly one of kill, slow, restore, partition, heal, addShards, removeShards.', [{ at: '30s', kill: 'urls' }]);

/** Budgets a scenario must hold; every figure is an upper bound. */
export const Expect = doc(z.strictObject({
  lostWrites: count('At most this many acknowledged writes lost.', [0], 0, Number.MAX_SAFE_INTEGER).optional(),
  writeDowntime: dur('At most this long without accepting writes.', ['30s']).optional(),
  failedRequests: count('At most this many failed requests.', [100], 0, Number.MAX_SAFE_INTEGER).optional(),
  failedRequestFraction: ratio('At most this share of requests failed.', [0.001]).optional(),
  staleReadFraction: ratio('At most this share of reads returning stale data.', [0.01]).optional(),
  keysMovedFraction: ratio('At most this share of keys moved by a shard change.', [0.05]).optional(),
  maxShardLoad: doc(z.number().min(1).max(1e6), 'At most this ratio of the busiest shard\'s load to the mean.', [1.3]).optional(),
  rejectedWrites: count('At most this many writes refused (for example by a CP store during a partition).', [0], 0, Number.MAX_SAFE_INTEGER).optional(),
  conflictingWrites: count('At most this many conflicting writes accepted (an AP store during a partition).', [0], 0, Number.MAX_SAFE_INTEGER).optional(),
  detectionTime: dur('At most this long before a dead instance is taken out of rotation.', ['10s']).optional(),
}), 'Budgets the simulated outcome must hold; each is an upper bound.');

/** A what-if run of the simulation. */
export const Scenario = doc(z.strictObject({
  name: doc(z.string().min(1).max(200), 'The scenario\'s name, unique in the file.', ['primary dies under write load']),
  description: doc(z.string().max(4000), 'What the scenario checks.', ['The primary database dies at peak.']).optional(),
  duration: dur('How long the simulated run lasts.', ['2m']).default(60_000),
  seed: count('Seed of the simulation (the same seed gives the same result); it wins over --seed and the editor\'s scale.simulationSeed.', [42], 0, 4_294_967_295).optional(),
  workload: doc(z.strictObject({
    peakRps: positive('Peak rps during this scenario.', [400_000]).optional(),
    readFraction: ratio('Read share during this scenario.', [0.5]).optional(),
  }), 'Workload changes for this scenario ("what breaks at 10x?").').optional(),
  faults: doc(z.array(Fault), `Faults, in any order; each happens at its own time. At most ${MAX_FAULTS_PER_SCENARIO} per scenario and ${MAX_FAULTS} per file are simulated.`).default([]),
  expect: Expect.optional(),
}), 'A scenario: faults injected into a simulated run, and budgets its outcome must hold.');

// ---------------------------------------------------------------------------
// Accepted risks

/** The longest reason an acceptance gives: a sentence or two and a reference (an ADR, a ticket), not a document. */
export const MAX_REASON_LENGTH = 1000;
/** Acceptances a file holds at most: more is a rule turned off one finding at a time. */
export const MAX_ACCEPTED = 1000;
/** The reason the "Accept this risk" Quick Fix writes, to be replaced: until it is, it is a finding, as an empty reason is. */
export const PLACEHOLDER_REASON = 'reason: why this risk is accepted';
/** The properties that name an acceptance's place; it has exactly one. */
export const ACCEPTANCE_PLACES = ['component', 'scenario', 'path'] as const;

/** A finding accepted at one place, with the reason. */
export const AcceptedRisk = doc(z.strictObject({
  rule: doc(z.enum(ACCEPTABLE_RULE_IDS), 'The id of the rule whose finding is accepted.', ['async-failover-data-loss']),
  component: Ref('The component the findings are about: the rule\'s findings on it are accepted.', ['urls']).optional(),
  scenario: doc(z.string().min(1).max(200), 'The scenario, by name, whose findings (a budget it misses) are accepted.', ['primary dies under write load']).optional(),
  path: doc(z.array(z.union([z.string().max(256), z.number().int().min(0).max(1_000_000)])).min(1).max(32),
    'Where the findings are, as a JSON path (as `scale check --format json` prints a finding\'s path): the rule\'s findings at it or inside it are accepted.', [['workload']]).optional(),
  reason: doc(z.string().max(MAX_REASON_LENGTH).meta({ pattern: '\\S' }), // an empty reason is refused by the checker too, after the rules (see acceptances.ts)
    `Why the risk is accepted: who agreed, what bounds it, where it is recorded (at most ${countText(MAX_REASON_LENGTH)} characters, not empty).`, ['≤ 50 writes per failover agreed with payments, see ADR-12']),
}).superRefine((a, ctx) => exactlyOne(a, ACCEPTANCE_PLACES, ctx, 'An acceptance names the place of the findings it accepts: "component", "scenario" or "path"',
  (places) => `An acceptance names one place; this one has ${places.join(' and ')}: keep one, or write one acceptance per place`)).meta({ oneOf: ACCEPTANCE_PLACES.map((p) => ({ required: [p] })) }), // the same rule for editors that read only the JSON Schema
'A risk accepted at one place: the findings of one rule there are reported as accepted, with the reason, and do not fail a check.',
[{ rule: 'async-failover-data-loss', component: 'urls', reason: '≤ 50 writes per failover agreed with payments, see ADR-12' }]);

// ---------------------------------------------------------------------------
// Reliability

/** A mean time between failures and a mean time to repair. */
const FailureRates = (what: string, mtbf: string, mttr: string) => doc(z.strictObject({
  mtbf: doc(PositiveDuration, `Mean time between failures of one ${what}, above 0 (default ${mtbf}). Milliseconds, or a string with a unit: "30s", "2h", "30d".`, [mtbf]).optional(),
  mttr: doc(PositiveDuration, `Mean time to repair one failed ${what}, above 0 (default ${mttr}). Milliseconds, or a string with a unit.`, [mttr]).optional(),
}), `How often one ${what} fails and how long it stays down.`);

/** The failure figures the availability model assumes where a component declares none. */
export const Reliability = doc(z.strictObject({
  node: FailureRates('node (instance, primary or replica)', '30d', '30m').optional(),
  zone: FailureRates('availability zone (every node placed in it fails with it)', '365d', '4h').optional(),
  detection: dur('How long callers keep sending requests to a dead instance that no balancer health-checks (service discovery, client-side balancing); default 30s.', ['30s']).optional(),
  manualFailover: dur('How long a manual failover takes, from the primary\'s death to a promoted replica (paging someone and running the runbook); default 30m.', ['30m']).optional(),
}), 'Failure and repair figures of the availability model (docs/availability.md): defaults for every component, which a component\'s own `reliability` overrides.',
[{ node: { mtbf: '30d', mttr: '30m' }, zone: { mtbf: '365d', mttr: '4h' } }]);

// ---------------------------------------------------------------------------
// Network

/** Round-trip times between regions, and between zones of one region: what the latency model adds for calls and acknowledgements that cross them. */
export const Network = doc(z.strictObject({
  rtt: doc(z.array(z.strictObject({
    between: doc(z.tuple([PlaceName, PlaceName]), 'The two regions, each named by some component\'s "region" or by its zones ("us-east-1a" is in "us-east-1").', [['us-east-1', 'us-west-2']]),
    rtt: dur('The round-trip time between them.', ['70ms']),
  })).max(1000), 'Round-trip times between regions: a call from a component in one to a component in the other waits one of them, and so does a write acknowledged by a replica there.', [[{ between: ['us-east-1', 'eu-west-1'], rtt: '80ms' }]]).default([]),
  zoneRtt: dur('The round-trip time between two zones of one region (default 1ms): what a write waits for a replica in another zone of its region.', ['1ms']).optional(),
}), 'Round-trip times of the network between regions and zones, for the latency model (docs/latency.md).',
[{ rtt: [{ between: ['us-east-1', 'us-west-2'], rtt: '70ms' }], zoneRtt: '1ms' }]);

// ---------------------------------------------------------------------------
// Service level objectives

/** SLOs a file holds at most. */
export const MAX_SLOS = 100;

/** What the requests entering at a component must achieve. */
export const Slo = doc(z.strictObject({
  entry: Ref('The component the requests enter at: an entry point (a client), or any component, for the requests that reach it.', ['lb']),
  op: doc(z.enum(['read', 'write', 'mixed']), 'Which requests: "read", "write", or "mixed" (all of them, reads and writes by the load model\'s split).', ['mixed']).default('mixed'),
  availability: doc(z.number().gt(0).lt(1), 'The share of requests that must be answered (above 0, below 1): 0.999 is "three nines", 43 minutes of downtime a month.', [0.999]).optional(),
  p50: doc(PositiveDuration, 'The median time a request may take, above 0. Milliseconds, or a string with a unit: "50ms", "1s".', ['50ms']).optional(),
  p99: doc(PositiveDuration, 'The time 99% of requests must take at most, above 0. Milliseconds, or a string with a unit: "250ms", "1s".', ['250ms']).optional(),
  description: doc(z.string().max(4000), 'What the objective is for, and who agreed to it.', ['Checkout as the payments team committed to it']).optional(),
}).superRefine((o, ctx) => {
  if (o.availability === undefined && o.p50 === undefined && o.p99 === undefined) {
    ctx.addIssue({ code: 'custom', message: 'An SLO needs an objective: "availability", "p50" or "p99"', path: [] });
  }
}).meta({ anyOf: [{ required: ['availability'] }, { required: ['p50'] }, { required: ['p99'] }] }), // the same rule for editors that read only the JSON Schema
'A service level objective: the availability and latency the requests entering at one component must achieve. The slo rule reports each objective the design cannot meet, with the component that costs it the most.',
[{ entry: 'lb', availability: 0.999, p99: '250ms' }]);

// ---------------------------------------------------------------------------
// Imports

/** Imports a file holds at most. */
export const MAX_IMPORTS = 64;
/** Components one import names at most. */
export const MAX_IMPORTED_NAMES = 1000;
/** Components a file exports at most. */
export const MAX_EXPORTS = 10_000;
/**
 * What an import's `from` may be: a relative path with forward slashes to a
 * topology file. Never absolute, a URL, a drive or a backslash path: what a
 * file imports is read from beside it, inside its repository, and nothing else.
 */
export const IMPORT_PATH_PATTERN = /^(?![/~])(?![A-Za-z][A-Za-z0-9+.-]*:)[^\\\u0000-\u001f]*\.scale\.json$/;

/** Components taken from another topology file. */
export const Import = doc(z.strictObject({
  from: doc(z.string().max(1024).regex(IMPORT_PATH_PATTERN, 'An import names a topology file by a relative path with forward slashes, ending in .scale.json (no absolute path, URL or drive)'),
    'The topology file the components are declared in, relative to this file, with forward slashes. It is read only inside the repository (or the workspace folder): a path that leads out of it is refused.', ['../platform/platform.scale.json']),
  components: doc(z.array(Ref('A component of that file, by its id there.', ['auth'])).min(1).max(MAX_IMPORTED_NAMES),
    'The components imported, by their ids in that file; they must be among its `exports` when it has any. They are named here as there, and what they call in their own file comes with them.', [['auth', 'events']]),
}), 'Components imported from another topology file: this design calls them as its own, load flows into them, and their findings are reported on this import.',
[{ from: '../platform/platform.scale.json', components: ['auth', 'events'] }]);

// ---------------------------------------------------------------------------
// The file

/** Severity a file may give a rule; "off" disables it. */
export const RuleSetting = doc(z.enum(['off', 'info', 'warning', 'error']), 'The severity to report this rule with, or "off".', ['off']);

/** The whole file. */
export const ScaleFile = doc(z.strictObject({
  $schema: doc(z.string(), 'The JSON Schema of this format; editors use it, Scale never fetches it.').optional(),
  version: doc(z.literal(1), 'Version of the file format.', [1]),
  name: doc(z.string().min(1).max(200), 'The system\'s name.', ['url-shortener']),
  description: doc(z.string().max(10_000), 'What the system does.').optional(),
  imports: doc(z.array(Import).max(MAX_IMPORTS), `Components taken from other topology files (a shared platform), at most ${MAX_IMPORTS} imports.`).default([]),
  workload: Workload,
  reliability: Reliability.optional(),
  network: Network.optional(),
  components: doc(z.record(Id, Component), 'The components, by id.'),
  exports: doc(z.array(Ref('A component of this file.', ['auth'])).max(MAX_EXPORTS),
    'The components other files may import. Without this list every component may be imported; with it, only those listed.', [['auth', 'events']]).optional(),
  slos: doc(z.array(Slo).max(MAX_SLOS), `Service level objectives, per entry point: availability and latency percentiles the design must meet (docs/availability.md, docs/latency.md). At most ${MAX_SLOS}.`).default([]),
  scenarios: doc(z.array(Scenario), `What-if runs of the simulation, with budgets. At most ${MAX_SCENARIOS} per file are checked and simulated.`).default([]),
  rules: doc(z.partialRecord(z.enum(CONFIGURABLE_RULE_IDS), RuleSetting), 'Severity overrides by rule id, such as { "modulo-sharding": "off" }.', [{ 'modulo-sharding': 'off' }]).default({}),
  accepted: doc(z.array(AcceptedRisk).max(MAX_ACCEPTED), 'Risks accepted at one place each, with the reason: their findings are reported as accepted instead of as problems.').default([]),
}), 'A Scale topology: components, workload and failure scenarios of a distributed system.');

/** The validated file, with defaults filled in and durations in milliseconds. */
export type ScaleFileData = z.output<typeof ScaleFile>;
/** A validated component. */
export type ComponentData = z.output<typeof Component>;
/** A component kind. */
export type ComponentKind = ComponentData['kind'];
/** A validated call, in either form. */
export type CallData = z.output<typeof Call>;
/** A validated entry of `accepted`. */
export type AcceptedRiskData = z.output<typeof AcceptedRisk>;
/** A validated scenario. */
export type ScenarioData = z.output<typeof Scenario>;
/** A validated fault. */
export type FaultData = z.output<typeof Fault>;
/** A validated zone or region of a kill or restore. */
export type PlaceData = z.output<typeof Place>;
/** A validated sharding block. */
export type ShardingData = z.output<typeof Sharding>;
/** A validated replication block. */
export type ReplicationData = z.output<typeof Replication>;
/** A validated capacity block. */
export type CapacityData = z.output<typeof Capacity>;
/** A validated import. */
export type ImportData = z.output<typeof Import>;
/** A validated workload. */
export type WorkloadData = z.output<typeof Workload>;
/** The file's validated reliability defaults. */
export type ReliabilityData = z.output<typeof Reliability>;
/** A validated SLO. */
export type SloData = z.output<typeof Slo>;
/** The file's validated network round-trip times. */
export type NetworkData = z.output<typeof Network>;
/** A component's validated reliability. */
export type ComponentReliabilityData = z.output<typeof ComponentReliability>;
