/**
 * The plain-data result of running one scenario: what the CLI prints, the
 * webview charts and the scenario-budget rule turns into findings. Every
 * number is finite; a figure with no bound (writes down until the end of the
 * run, a slow server never taken out) is the run's remaining time with
 * `unbounded: true`. Times are milliseconds from the start of the run.
 */
import type { JsonPath } from '../findings';
import type { Resource } from '../load/traffic';

/** How a set of requests (or writes) ended: served + failed + rejected = generated, always. */
export interface Outcome {
  generated: number;
  /** Answered (for writes: acknowledged). */
  served: number;
  /** Sent somewhere that did not answer: a dead instance, an unreachable store, a store without a primary. */
  failed: number;
  /** Refused: a tier past its capacity, a CP store on the minority side of a partition. */
  rejected: number;
}

/** Why and how much a simulation was thinned to stay within its work budget. */
export interface Sampled {
  /** Share of the events simulated; counts were scaled by 1 / rate (where rates differ over the run, each event by its stretch's, as `reason` says). */
  rate: number;
  reason: string;
}

/** Requests of the workload from entry to answer, over the run. */
export interface RequestSummary {
  reads: Outcome;
  writes: Outcome;
  total: Outcome;
  /** (failed + rejected) / generated: the share of requests not served. */
  notServedFraction: number;
  /** The same counts per time bucket; each bucket adds up on its own. */
  series: { bucketMs: number; generated: number[]; served: number[]; failed: number[]; rejected: number[] };
}

/** A replicated (or unreplicated) store's primary killed: the replication and failover simulation. */
export interface FailoverResult {
  component: string;
  /** The instance killed, and the unit (shard or instance group) whose primary it is. */
  instance: number;
  unit: number;
  /** Primaries of the store: shards when sharded, else instances. */
  units: number;
  topology: 'singleLeader' | 'multiLeader' | 'leaderless' | 'unreplicated';
  mode: 'async' | 'semiSync' | 'sync' | 'none';
  replicas: number;
  failover: 'automatic' | 'manual' | 'none';
  killedAtMs: number;
  /** Time to declare the primary dead, and where the figure comes from. */
  detectionMs: number;
  detectionSource: string;
  promotionMs: number;
  /** detection + promotion, or until a restore or the end of the run. */
  writeDowntimeMs: number;
  unbounded: boolean;
  /** When writes were accepted again, if they were. */
  writesResumedAtMs?: number;
  /** Writes per second reaching this primary. */
  writeRate: number;
  /**
   * Writes: acknowledged + failed = generated. `lost`: acknowledged, then gone with the promotion.
   * `unreplicatedAtKill`: acknowledged writes no replica had when the primary died (lost when a
   * replica is promoted; otherwise on the dead primary's disk). `timedOutToAsync`: semi-sync
   * writes acknowledged without a replica because the timeout passed.
   */
  writes: { generated: number; acknowledged: number; failed: number; lost: number; unreplicatedAtKill: number; timedOutToAsync: number };
  /** Reads of this unit: served + failed = generated; `stale` of the served ones missed an acknowledged write. */
  reads: { generated: number; served: number; failed: number; stale: number; servedByReplicasDuringOutage: number };
  staleReadFraction: number;
  /** The replica promoted (0-based among the replicas), and its lag behind the primary when it died. */
  promotedReplica?: number;
  promotedLagMs?: number;
  /** Lag of the most and least advanced replica (age of the oldest write it lacks), sampled over the run. */
  lagSeries: { sampleMs: number; mostAdvancedMs: number[]; leastAdvancedMs: number[] };
  sampled?: Sampled;
}

/** One fault on one server of a pool. */
export interface PoolFaultResult {
  instance: number;
  kind: 'kill' | 'slow';
  atMs: number;
  /** When the fault ended (restore, or the slowness's duration), if it did. */
  endMs?: number;
  /** Per-request time of a slow server. */
  latencyMs?: number;
  /** When health checks took the server out, if they did. */
  removedAtMs?: number;
  /** removedAtMs - atMs, or the time the fault lasted undetected (unbounded: true). */
  detectionMs: number;
  unbounded: boolean;
  /** Why it was never taken out, when it was not. */
  why?: string;
  /** When passing checks put the server back, after a restore. */
  backInRotationAtMs?: number;
}

/** A kill or slow-down of servers behind a balancer (or called directly): the balancing simulation. */
export interface PoolResult {
  component: string;
  /** The balancer in front, or null when callers reach the instances directly. */
  balancer: string | null;
  algorithm: string;
  servers: number;
  /** Servers simulated (all of them, or a sample around the faulted ones). */
  simulatedServers: number;
  healthCheck: { intervalMs: number; unhealthyThreshold: number; healthyThreshold: number; timeoutMs?: number } | null;
  latencyMs: number;
  faults: PoolFaultResult[];
  /** Requests reaching the pool; `slow` of the served ones waited on a slow server. */
  requests: Outcome & { slow: number };
  /** Requests sent to a dead server while it was still in rotation. */
  failedDuringDetection: number;
  /** Requests each simulated server received over the run (the balancer's per-server counters). */
  perServer: { instance: number; requests: number }[];
  /** Requests per server per bucket: the faulted servers, and the mean of the others. */
  series: { bucketMs: number; servers: { instance: number; requests: number[] }[]; othersMean: number[] };
  sampled?: Sampled;
}

/** One tier's load under the scenario's workload. */
export interface TierLoad {
  component: string;
  /** The busiest node's utilization of its first-saturating resource (1 = saturated). */
  utilization: number;
  resource: string;
  busiestNodeRps: number;
  nodes: number;
  /** Workload rps at which this tier saturates. */
  ceilingRps?: number;
  /** Share of arriving requests refused because the tier is past capacity. */
  rejectedFraction: number;
  /** Requests refused at this tier for capacity over the run: `rejectedFraction`'s, and the excess while faults held instances out of rotation. */
  refusedRequests: number;
}

/** One component's load under the scenario's workload, as the load model gives it: what a diagram of the run draws as its heat. */
export interface ComponentLoad {
  component: string;
  /** Requests per second reaching it at peak (reads and writes). */
  rps: number;
  /** Its busiest node's utilization of the first-saturating resource, when it declares a capacity (the tier's figure). */
  utilization?: number;
  resource?: Resource;
  /**
   * Its busiest node's utilization while the run's faults held the most of its instances out of rotation: the
   * instances left carry their share, as the request accounting has them do (`utilization` × N / (N − out), out
   * of rotation as the balancer's health checks measured it). Absent when no instance left rotation.
   */
  survivorUtilization?: number;
}

/** One call's load under the scenario's workload, as the load model gives it: what a diagram of the run draws on its edge. */
export interface CallLoad {
  from: string;
  to: string;
  /** Calls per second at peak (reads and writes, with the call's share, filter and fan-out). */
  rps: number;
}

/** Capacity under the scenario's workload: what saturates first, and the queueing at the busiest tier. */
export interface CapacityResult {
  peakRps: number;
  readFraction: number;
  /** Every component's load, in the call graph's order (callers first). */
  loads: ComponentLoad[];
  /** Every call's load, callers in the order of `loads`, each caller's calls in the file's order. */
  calls: CallLoad[];
  /** Tiers with a declared capacity, busiest first. */
  tiers: TierLoad[];
  /** The tier with the lowest ceiling: what breaks first as load grows. */
  firstToSaturate?: { component: string; resource: string; ceilingRps: number; utilization: number };
  /** M/M/c at the busiest tier: servers = its nodes, service rate = the rate that saturates one node. */
  busiest?: { component: string; utilization: number; servers: number; stable: boolean; probWait: number; meanWaitMs?: number; unbounded: boolean };
  /** Tiers past 100% of capacity. */
  overloaded: string[];
}

/** A data store during a partition. */
export interface PartitionStoreResult {
  component: string;
  cap: 'CP' | 'AP';
  /** Where the store's nodes are: one side, both (split), or unplaced (reachable from both). */
  placement: 'A' | 'B' | 'split' | 'unplaced';
  /** Writes offered to this store from the side that cannot write (CP minority, or cut off from the store). */
  refusedWrites: number;
  /** Writes accepted on each side (AP split stores). */
  acceptedWritesA: number;
  acceptedWritesB: number;
  /** Writes to keys written on both sides during the partition. */
  conflictingWrites: number;
  conflictingKeys: number;
  /** Updates lost at reconciliation (last-write-wins drops the losing side's writes). */
  lostWrites: number;
  resolution: string;
  /** How the conflicts were counted: every write drawn, or in expectation over the key distribution. */
  method: 'drawn' | 'expected';
}

/** A network partition. */
export interface PartitionResult {
  /** Index of the fault in the scenario. */
  fault: number;
  sides: [string[], string[]];
  startMs: number;
  endMs: number;
  /** True when nothing ended it before the run did. */
  unbounded: boolean;
  /**
   * Calls cut: the callee has nothing the caller's instances on a side can reach. `call`: its index in
   * `capacity.calls`; `calls`: the calls that failed or were refused at the cut while it lasted, of those the
   * load model sends over it.
   */
  cutCalls: { from: string; to: string; kind: 'failed' | 'rejected'; call: number; calls: number }[];
  stores: PartitionStoreResult[];
}

/** Per-shard load of a sharded store. */
export interface ShardLoad {
  shards: number;
  /** Busiest shard's load over the mean (1 = even). */
  maxOverMean: number;
  hottestShard: number;
  /** Share of the store's requests on the hottest shard. */
  hottestShare: number;
  /** Coefficient of variation of per-shard load. */
  cv: number;
  busiestShardRps: number;
}

/** Shards added or removed. */
export interface ShardChangeResult {
  component: string;
  fault: number;
  strategy: string;
  action: 'addShards' | 'removeShards';
  atMs: number;
  shardsBefore: number;
  shardsAfter: number;
  /** Share of keys whose shard changes. */
  keysMovedFraction: number;
  /** "exact": closed form or exact ring arcs; "expected": the least any rebalancing must move. */
  method: 'exact' | 'expected';
  before?: ShardLoad;
  after?: ShardLoad;
}

/** Steady-state stale reads of a store that serves reads from replicas. */
export interface StaleReadResult {
  component: string;
  mode: 'async' | 'semiSync' | 'sync';
  readsFrom: 'replicas' | 'any';
  replicas: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagAssumed: boolean;
  /** Share of reads that miss a write to the same key acknowledged before the read. */
  staleReadFraction: number;
}

/** The figures budgets are held to (durations in ms). */
export interface ScenarioMetrics {
  lostWrites: number;
  writeDowntimeMs: number;
  /** Requests not served: failed + rejected. */
  failedRequests: number;
  failedRequestFraction: number;
  staleReadFraction: number;
  keysMovedFraction: number;
  maxShardLoad: number;
  rejectedWrites: number;
  conflictingWrites: number;
  detectionTimeMs: number;
  /** Metrics whose figure stands for "until the end of the run". */
  unbounded: string[];
}

/** Names of the budgets a scenario's `expect` may hold. */
export type BudgetMetric =
  | 'lostWrites'
  | 'writeDowntime'
  | 'failedRequests'
  | 'failedRequestFraction'
  | 'staleReadFraction'
  | 'keysMovedFraction'
  | 'maxShardLoad'
  | 'rejectedWrites'
  | 'conflictingWrites'
  | 'detectionTime';

/** One `expect` entry against its measured value. */
export interface BudgetResult {
  metric: BudgetMetric;
  /** The budget as declared (durations in ms). */
  budget: number;
  measured: number;
  held: boolean;
  /** JSON path of the budget in the file, for a finding at its range. */
  path: JsonPath;
  unit: 'count' | 'ms' | 'fraction' | 'ratio';
  /** The measured figure stands for "until the end of the run". */
  unbounded: boolean;
  /** False when nothing in the scenario exercises the metric (it then measures 0 and a note says so). */
  exercised: boolean;
}

/** Everything one scenario run gives. */
export interface ScenarioResult {
  scenario: string;
  index: number;
  seed: number;
  durationMs: number;
  workload: { peakRps: number; readFraction: number };
  requests: RequestSummary;
  failovers: FailoverResult[];
  pools: PoolResult[];
  capacity: CapacityResult;
  partitions: PartitionResult[];
  shardChanges: ShardChangeResult[];
  staleReads: StaleReadResult[];
  metrics: ScenarioMetrics;
  budgets: BudgetResult[];
  /** Simulated events (after thinning). */
  events: number;
  /** Present when some part was thinned to stay within the event budget. */
  sampled?: Sampled;
  /**
   * Present when the scenario shared a total event budget with others (a
   * check's): the total and how many shared it, the events it was given and
   * its own budget (when less, it ran on its share), and the work it used,
   * its ring points counted as events.
   */
  budgetShare?: { total: number; scenarios: number; events: number; own: number; used: number };
  /** Assumptions made and things worth knowing, in a stable order. */
  notes: string[];
}

/** Options of a run. */
export interface RunOptions {
  /** Seed of a scenario that names none (default 1); a scenario's own `seed` wins (see scenarioSeed). */
  seed?: number;
  /** Most events simulated per scenario (default DEFAULT_EVENT_BUDGET). */
  eventBudget?: number;
  /** runAllScenarios: most events for all the scenarios together (each still at most `eventBudget`). */
  totalEventBudget?: number;
}
