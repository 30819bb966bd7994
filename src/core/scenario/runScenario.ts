/**
 * The scenario engine: runs one scenario of a topology (or all of them) and
 * returns plain data. Each fault goes to the part of the simulation that
 * models it:
 *
 * - a kill of a data store's instance: replication and failover, event by
 *   event (failover.ts), or the quorum arithmetic of a leaderless store;
 * - a kill, slow-down or restore of any other instance (or a slow store):
 *   the balancing simulation of its pool behind its load balancer (pool.ts);
 * - a partition: cut calls, CP refusals, AP divergence (partition.ts);
 * - a shard change: keys moved and per-shard load (shards.ts);
 * - a zone or region outage: a kill (or restore) of every instance placed
 *   there, each going where its own kill goes, the store's failover to what
 *   survives outside it (placeFaults.ts), with notes on the capacity left.
 *
 * Their effects over time then decide, for every request of the workload,
 * whether it was served, failed or rejected (outcomes.ts), together with the
 * tiers the scenario's workload pushes past capacity (capacity.ts). Budgets
 * are held against the measured figures (budgets.ts).
 *
 * Pure and deterministic: components are visited in sorted id order, every
 * random draw comes from a named stream of the seed, and each simulation has
 * a share of the event budget; past it, Poisson processes are thinned and the
 * counts scaled back (a failover keeps the writes around its kill and thins
 * the rest of the run: samplingPlan.ts), and the result says so in `sampled`.
 */
import { Network } from '../model/network';
import { failoverText } from '../model/failoverText';
import { isStoreKind, nodeCountsOf } from '../model/nodeCounts';
import type { ComponentNode, FaultPlace, FaultTarget, Topology } from '../model/topology';
import type { FaultData, ReplicationData } from '../model/schema';
import type { BalancingAlgorithm } from '../sim/balancing';
import type { HashRing } from '../sim/ring';
import { CAPACITY_ERROR, exceeds } from '../model/loadThresholds';
import { evaluateBudgets } from './budgets';
import { num, plural } from './figures';
import { capacityOf } from './capacity';
import { simulateFailover } from './failover';
import { balancerOf, buildGraph, compareIds, type SimGraph, type SimNode } from './graph';
import { type KeySpec, workloadKeys } from './keyModel';
import { assertFiniteDeep, msRound, sig } from './numbers';
import { accountRequests, callsPerRequest, Impairments, type NodeEffect } from './outcomes';
import { analysePartition } from './partition';
import { scenarioSeed } from './scenarioSeed';
import { type PlaceHit, placeHits, placeText, replicasInPlace, unitInPlace } from './placeFaults';
import { type PoolFault, simulatePool } from './pool';
import { keysMoved, RingCache, shardLoad } from './shards';
import { lagParams, staleReadsOf } from './staleReads';
import type {
  BudgetMetric,
  FailoverResult,
  PartitionResult,
  PoolResult,
  RunOptions,
  Sampled,
  ScenarioMetrics,
  ScenarioResult,
  ShardChangeResult,
  StaleReadResult,
} from './types';
import { possessive } from '../text/possessive';

/** Events simulated per scenario unless the caller says otherwise. */
export const DEFAULT_EVENT_BUDGET = 100_000;
/** The fewest events a scenario is given, whatever the caller asks, and the fewest each of its simulations gets. */
const MIN_EVENT_BUDGET = 1_000;
const MIN_SHARE = 250;
/** Ring points a scenario may use per event of its budget (sharding is measured on rings, not events). */
const RING_POINTS_PER_EVENT = 2;
/** Time buckets of the series. */
export const BUCKETS = 60;
/** Detection time assumed when neither the failover nor a balancer's health check gives one. */
export const ASSUMED_DETECTION_MS = 10_000;
/** Promotion time assumed when an automatic failover declares none. */
export const ASSUMED_PROMOTION_MS = 5_000;
/** Per-request time assumed for an instance without `capacity.latency`. */
export const ASSUMED_LATENCY_MS = 20;
/** Per-request time of a slow instance when the fault gives no `latency`. */
export const ASSUMED_SLOW_LATENCY_MS = 5_000;

/** Notes in the order they are first made, without repeats. */
class Notes {
  private readonly list: string[] = [];
  private readonly seen = new Set<string>();
  add(note: string): void {
    if (this.seen.has(note)) return;
    this.seen.add(note);
    this.list.push(note);
  }
  get all(): string[] {
    return this.list.slice();
  }
}

/**
 * Runs every scenario of a topology, in file order. With a total event budget
 * they share it: each gets its own budget at most, and at most an equal share
 * of what the ones before it left, so scenarios that need few events leave
 * the rest to the others. Each says in `budgetShare` what it was given and
 * used.
 */
export function runAllScenarios(topology: Topology, options: RunOptions = {}): ScenarioResult[] {
  const rings = new Map<string, HashRing>();
  const total = options.totalEventBudget;
  if (total === undefined) return topology.scenarios.map((s) => run(topology, s.index, options, rings).result);
  const own = options.eventBudget ?? DEFAULT_EVENT_BUDGET;
  const n = topology.scenarios.length;
  let left = total;
  return topology.scenarios.map((s, k) => {
    const share = Math.floor(Math.max(0, left) / (n - k));
    const { result: r, work } = run(topology, s.index, { ...options, eventBudget: Math.min(own, share) }, rings);
    left -= work;
    r.budgetShare = { total, scenarios: n, events: Math.max(MIN_EVENT_BUDGET, Math.min(own, share)), own, used: Math.ceil(work) };
    return r;
  });
}

/** A fault with its index in the scenario. */
interface IndexedFault {
  index: number;
  data: FaultData;
  target?: FaultTarget;
  place?: FaultPlace;
}

/** Runs one scenario, given by its index in the file's `scenarios` array. */
export function runScenario(topology: Topology, scenarioIndex: number, options: RunOptions = {}): ScenarioResult {
  return run(topology, scenarioIndex, options, new Map()).result;
}

/** Runs one scenario, reusing the rings other runs built; `work`: its events, and its ring points in events. */
function run(topology: Topology, scenarioIndex: number, options: RunOptions, rings: Map<string, HashRing>): { result: ScenarioResult; work: number } {
  const scenario = topology.scenarios.find((s) => s.index === scenarioIndex);
  if (!scenario) throw new RangeError(`no runnable scenario #${scenarioIndex}: the file's scenarios are ${topology.scenarios.map((s) => `#${s.index}`).join(', ') || 'none'}`);
  const data = scenario.data;
  const seed = scenarioSeed(data, options.seed);
  const budget = Math.max(MIN_EVENT_BUDGET, Math.floor(options.eventBudget ?? DEFAULT_EVENT_BUDGET));
  const T = data.duration;
  const bucketMs = Math.max(T, 1) / BUCKETS;
  const peakRps = data.workload?.peakRps ?? topology.file.workload.peakRps;
  const readFraction = data.workload?.readFraction ?? topology.file.workload.readFraction;
  const graph = buildGraph(topology, peakRps, readFraction);
  // Round trips between zones and regions, what a semi-sync or sync primary waits for its replicas' receipts (made when first asked).
  let net: Network | undefined;
  const network = () => (net ??= new Network(topology));
  const notes = new Notes();
  const impairments = new Impairments();
  const exercised = new Set<BudgetMetric>(['failedRequests', 'failedRequestFraction', 'rejectedWrites']);
  const sampledParts: Sampled[] = [];
  let events = 0;

  const keysOf = (node: ComponentNode): KeySpec => {
    const sharding = 'sharding' in node.data ? node.data.sharding : undefined;
    const spec = workloadKeys(topology, sharding?.key);
    if (spec.assumed) notes.add(`the workload declares no keys: ${num(spec.cardinality)} uniformly popular keys assumed`);
    return spec;
  };

  // Faults in time order (ties in file order), each sent to the part that models it.
  const faults: IndexedFault[] = scenario.faults.map((f, index) => ({ index, data: f.data, ...(f.target ? { target: f.target } : {}), ...(f.place ? { place: f.place } : {}) }));
  faults.sort((a, b) => a.data.at - b.data.at || a.index - b.index);
  const poolFaults = new Map<string, PoolFault[]>();
  const storeKills: { fault: IndexedFault; node: SimNode; instance: number; place?: FaultPlace }[] = [];
  const outages: { fault: IndexedFault; place: FaultPlace; hits: PlaceHit[] }[] = [];
  const restores: { component: string; instance: number; at: number }[] = [];
  const partitions: IndexedFault[] = [];
  const heals: number[] = [];
  const shardFaults: IndexedFault[] = [];
  // What a restore and a kill of one pool instance are, whether a fault names the instance or its zone or region.
  const restoreInstance = (id: string, instance: number, atMs: number) => {
    restores.push({ component: id, instance, at: atMs });
    pushTo(poolFaults, id, { instance, kind: 'restore', atMs });
  };
  const killPoolInstance = (id: string, instance: number, atMs: number) => pushTo(poolFaults, id, { instance, kind: 'kill', atMs });
  for (const f of faults) {
    const d = f.data;
    const label = describeFault(d);
    if (d.at >= T && d.heal === undefined) {
      notes.add(`fault ${f.index + 1} (${label} at ${fmtMs(d.at)}) comes after the run ends (${fmtMs(T)}): not simulated`);
      continue;
    }
    if (d.heal) {
      heals.push(d.at);
      continue;
    }
    if (d.partition) {
      partitions.push(f);
      continue;
    }
    if (d.addShards || d.removeShards) {
      if (f.target) shardFaults.push(f);
      else notes.add(`fault ${f.index + 1} (${label}) names no sharded component: not simulated`);
      continue;
    }
    if (f.place) {
      // A zone or region: a kill or restore of every instance in it, each going where a kill of it goes.
      const place = f.place;
      const where = placeText(place);
      const restoring = d.restore !== undefined;
      const hits = placeHits(graph, place);
      if (!restoring) outages.push({ fault: f, place, hits });
      else if (hits.length === 0) notes.add(`${where} holds no instance to restore: fault ${f.index + 1} at ${fmtMs(d.at)} changes nothing`);
      for (const h of hits) {
        const id = h.node.id;
        if (h.total > h.instances.length) notes.add(`${id}: ${num(h.total)} of its instances are in ${where}; the simulation follows the first ${h.instances.length} of them one by one, and its figures count only what those do`);
        if (restoring) {
          for (const i of h.instances) restoreInstance(id, i, d.at);
        } else if (isStoreKind(h.node.node.kind)) {
          // One failover per unit whose primary is there: its first instance in the place stands for it.
          const units = nodeCountsOf(h.node.node.data).units;
          const seen = new Set<number>();
          for (const i of h.instances) {
            if (seen.has(i % units)) continue;
            seen.add(i % units);
            storeKills.push({ fault: f, node: h.node, instance: i, place });
          }
        } else for (const i of h.instances) killPoolInstance(id, i, d.at);
      }
      continue;
    }
    if (!f.target) {
      notes.add(`fault ${f.index + 1} (${label}) names no component: not simulated`);
      continue;
    }
    const node = graph.byId.get(f.target.component);
    if (!node) continue;
    const instance = f.target.instance ?? 0;
    if (node.node.kind === 'client') {
      notes.add(`fault ${f.index + 1} (${label}): ${node.id} is a client; clients are where requests come from, not something that fails`);
      continue;
    }
    const isStore = isStoreKind(node.node.kind);
    if (d.restore !== undefined) {
      restoreInstance(node.id, instance, d.at);
    } else if (d.kill !== undefined && isStore) {
      storeKills.push({ fault: f, node, instance });
    } else if (d.kill !== undefined) {
      killPoolInstance(node.id, instance, d.at);
    } else if (d.slow !== undefined) {
      if (d.latency === undefined) notes.add(`${node.id}#${instance} turns slow with no "latency": ${fmtMs(ASSUMED_SLOW_LATENCY_MS)} per request assumed`);
      pushTo(poolFaults, node.id, { instance, kind: 'slow', atMs: d.at, latencyMs: d.latency ?? ASSUMED_SLOW_LATENCY_MS, ...(d.duration !== undefined ? { durationMs: d.duration } : {}) });
    }
  }
  // Replicas an outage takes from primaries outside it: writes that wait for them stop.
  const replicaOutages: { downMs: number; unbounded: boolean }[] = [];
  for (const o of outages) {
    const at = o.fault.data.at;
    let replicasHit = false;
    if (o.hits.length > 0) outageNotes(o.place, at, o.hits, notes);
    const restore = faults.find((g) => g.place && typeof g.data.restore === 'object' && g.place.kind === o.place.kind && g.place.name === o.place.name && g.data.at > at)?.data.at;
    const end = Math.min(restore ?? T, T);
    for (const n of graph.order) {
      const rep = 'replication' in n.node.data ? n.node.data.replication : undefined;
      const loss = rep && isStoreKind(n.node.kind) ? replicasInPlace(n.node, o.place) : undefined;
      if (!rep || !loss) continue;
      replicasHit = true;
      const blocked = rep.mode === 'sync' ? loss.unitsSomeLost : rep.mode === 'semiSync' && rep.semiSyncTimeout === undefined ? loss.unitsAllLost : 0;
      const whose = loss.primariesHit ? `${plural(loss.lost, 'replica')} of ${possessive(n.id)} primaries outside it` : `${num(loss.lost)} of ${possessive(n.id)} ${plural(loss.replicas, 'replica')} and none of its primaries`;
      const which = blocked === loss.units ? 'it' : `${num(blocked)} of its ${plural(loss.units, 'shard')}`;
      const until = restore !== undefined ? `the ${o.place.kind} is restored at ${fmtMs(restore)}` : 'the end of the run';
      const why = rep.mode === 'sync' ? 'sync replication waits for every replica' : 'semi-sync replication without a timeout waits for a replica, and none is left';
      notes.add(`losing ${placeText(o.place)} at ${fmtMs(at)} takes ${whose}: ${blocked > 0 ? `${why}, so writes to ${which} fail until ${until}` : 'they keep taking writes'}`);
      if (blocked === 0) continue;
      impairments.addNode(n.id, at, end, { writeFail: blocked / loss.units });
      replicaOutages.push({ downMs: end - at, unbounded: restore === undefined || restore >= T });
      exercised.add('writeDowntime');
    }
    if (o.hits.length === 0 && !replicasHit) notes.add(`${placeText(o.place)} holds no instance to kill: fault ${o.fault.index + 1} at ${fmtMs(at)} changes nothing`);
  }
  // Pools that only saw restores have nothing to simulate.
  for (const [id, list] of [...poolFaults]) if (!list.some((f) => f.kind !== 'restore')) poolFaults.delete(id);

  const simulations = poolFaults.size + storeKills.length + partitions.length;
  const share = Math.max(MIN_SHARE, Math.floor(budget / Math.max(1, simulations)));

  // --- Pools: kills and slow-downs behind balancers.
  const pools: PoolResult[] = [];
  // Per pool, the most its faults raised the utilization of the instances left in rotation.
  const outOfRotation = new Map<string, number>();
  for (const id of [...poolFaults.keys()].sort(compareIds)) {
    const node = graph.byId.get(id)!;
    const list = poolFaults.get(id)!;
    const lb = balancerOf(graph, id);
    const lbData = lb?.node.data.kind === 'loadBalancer' ? lb.node.data : undefined;
    const latency = capacityLatency(node.node);
    if (latency === undefined) notes.add(`${id} declares no capacity.latency: ${ASSUMED_LATENCY_MS} ms per request assumed`);
    const algorithm: BalancingAlgorithm | 'consistentHash' = lbData?.algorithm ?? 'roundRobin';
    if (!lbData) notes.add(`no load balancer in front of ${id}: its callers keep spreading requests over every instance (round robin, no health check)`);
    if (algorithm === 'weighted' && !(lbData?.weights && lbData.weights.length === node.node.instances)) {
      notes.add(`${lb?.id} balances ${id} by weight but declares no weight per instance (${node.node.instances}): equal weights assumed`);
    }
    if (lbData?.stickySessions) notes.add(`${lb?.id} pins sessions; the simulation spreads requests by ${algorithm} (stickiness only changes which users are hit)`);
    if (algorithm === 'consistentHash' && lbData?.hashBalanceFactor !== undefined) notes.add(`${lb?.id}: bounded-load consistent hashing simulated as plain consistent hashing`);
    const hc = lbData?.healthCheck;
    const run = simulatePool({
      component: id,
      balancer: lb?.id ?? null,
      algorithm,
      servers: node.node.instances,
      ...(lbData?.weights ? { weights: lbData.weights } : {}),
      healthCheck: hc ? { intervalMs: hc.interval, unhealthyThreshold: hc.unhealthyThreshold, healthyThreshold: hc.healthyThreshold, ...(hc.timeout !== undefined ? { timeoutMs: hc.timeout } : {}) } : null,
      latencyMs: latency ?? ASSUMED_LATENCY_MS,
      arrivalRate: node.load.reads + node.load.writes,
      durationMs: T,
      bucketMs,
      seed,
      eventBudget: share,
      faults: list,
    });
    events += run.events;
    pools.push(run.result);
    if (run.result.sampled) sampledParts.push(run.result.sampled);
    impairments.addNodeSeries(id, bucketMs, run.effects.effects);
    outOfRotation.set(id, Math.max(1, ...run.effects.effects.map((e) => e.capacityFactor ?? 1)));
    exercised.add('detectionTime');
    knockOn(graph, node, latency ?? ASSUMED_LATENCY_MS, run.effects.slowShare, run.effects.slowLatencyMs, bucketMs, impairments, notes);
  }

  // --- Store kills: replication and failover.
  const failovers: FailoverResult[] = [];
  const downUnits = new Set<string>();
  for (const k of storeKills) {
    const node = k.node;
    const d = node.node.data;
    const rep: ReplicationData | undefined = 'replication' in d ? d.replication : undefined;
    const counts = nodeCountsOf(d);
    const units = counts.units;
    const unit = k.instance % units;
    const key = `${node.id}|${unit}`;
    const at = k.fault.data.at;
    if (downUnits.has(key)) {
      notes.add(`${node.id}#${k.instance} is killed again at ${fmtMs(at)}: one failover per primary is simulated per run`);
      continue;
    }
    downUnits.add(key);
    const restore = restores.filter((r) => r.component === node.id && r.instance === k.instance && r.at > at).map((r) => r.at).sort((a, b) => a - b)[0];
    const writeRate = node.load.writes / units;
    const readRate = node.load.reads / units;
    exercised.add('writeDowntime');
    exercised.add('lostWrites');
    exercised.add('detectionTime');
    if (d.kind === 'cache' && (!rep || rep.replicas === 0)) {
      notes.add(`${node.id}#${k.instance} is a cache node without a replica: its share of the cache's hits (1/${units}) turn into misses; nothing that was stored only there is an acknowledged write`);
      continue;
    }
    const outage = k.place ? unitInPlace(node.node, unit, k.place) : undefined;
    if (rep?.topology === 'leaderless') {
      const r = leaderlessKill(node, rep, units, unit, k.instance, at, restore, T, writeRate, readRate, notes, impairments, outage?.down ?? 1);
      failovers.push(r);
      continue;
    }
    exercised.add('staleReadFraction');
    const replicated = rep !== undefined && (rep.topology === 'multiLeader' || rep.replicas > 0);
    const multi = rep?.topology === 'multiLeader';
    // An outage leaves the replicas (or other leaders) outside it; with none left there is nothing to fail over to.
    const replicas = !replicated ? 0 : outage ? outage.survivors : multi ? Math.max(1, counts.primariesPerUnit - 1) : rep!.replicas;
    const stranded = replicated && replicas === 0;
    let detectionMs = 0;
    let detectionSource = 'not applicable';
    let promotionMs = 0;
    let failover: 'automatic' | 'manual' | 'none' = 'none';
    if (replicated && !stranded) {
      failover = multi ? 'automatic' : (rep!.failover?.mode ?? 'none');
      const det = detectionOf(graph, node, rep!);
      detectionMs = det.ms;
      detectionSource = det.source;
      if (det.source === 'assumed' && failover === 'automatic') notes.add(`${node.id}: no failover.detection and no health check in front: ${fmtMs(ASSUMED_DETECTION_MS)} to detect a dead primary assumed`);
      if (multi) {
        promotionMs = 0;
        notes.add(`${node.id} is multi-leader: the other leader${replicas === 1 ? '' : 's'} take${replicas === 1 ? 's' : ''} its writes once clients notice (detection), with no promotion`);
      } else {
        promotionMs = rep!.failover?.promotion ?? (failover === 'automatic' ? ASSUMED_PROMOTION_MS : 0);
        if (failover === 'automatic' && rep!.failover?.promotion === undefined) notes.add(`${node.id}: no failover.promotion: ${fmtMs(ASSUMED_PROMOTION_MS)} to promote a replica assumed`);
      }
      if (rep!.lag === undefined && rep!.mode !== 'sync') notes.add(`${node.id} declares no replication lag: p50 10 ms, p99 100 ms assumed`);
    }
    const lag = rep ? lagParams(rep) : { mu: 0, sigma: 0 };
    const readsFrom = !replicated || multi || stranded ? 'primary' : rep!.readsFrom;
    const run = simulateFailover({
      component: node.id,
      instance: k.instance,
      unit,
      units,
      topology: !replicated ? 'unreplicated' : multi ? 'multiLeader' : 'singleLeader',
      mode: !replicated ? 'none' : multi ? 'async' : rep!.mode,
      replicas,
      lag: { mu: lag.mu, sigma: lag.sigma },
      // The survivors of an outage are taken as the unit's first replicas: their round trips differ little.
      ...(replicated && !multi && !stranded ? { replicaRttMs: network().replicaTrips(node.node, unit).slice(0, replicas) } : {}),
      ...(rep?.semiSyncTimeout !== undefined ? { semiSyncTimeoutMs: rep.semiSyncTimeout } : {}),
      readsFrom,
      failover,
      detectionMs,
      detectionSource,
      promotionMs,
      killAtMs: at,
      ...(restore !== undefined ? { restoreAtMs: restore } : {}),
      writeRate,
      readRate,
      durationMs: T,
      seed,
      eventBudget: share,
      keys: keysOf(node.node),
    });
    events += run.events;
    const r = run.result;
    failovers.push(r);
    if (r.sampled) sampledParts.push(r.sampled);
    const downEnd = r.writesResumedAtMs ?? T;
    const readsDown = readsFrom === 'primary';
    impairments.addNode(node.id, at, downEnd, { writeFail: 1 / units, ...(readsDown ? { readFail: 1 / units } : {}) });
    // Notes: what happened and why.
    if (stranded) {
      const others = multi ? `the other leader${counts.primariesPerUnit > 2 ? 's' : ''} of ${units > 1 ? `shard ${unit}` : 'it'}` : rep!.replicas === 1 ? 'its replica' : `its ${rep!.replicas} replicas`;
      notes.add(`${node.id}#${k.instance} and ${others} are all in ${placeText(k.place!)}: nothing to fail over to; ${units > 1 ? `writes and reads of shard ${unit}` : 'its writes and reads'} fail until ${restore !== undefined ? `it is restored at ${fmtMs(restore)}` : 'the end of the run'}`);
    } else if (!replicated) {
      notes.add(`${node.id} has no replica: ${units > 1 ? `writes and reads of its shard ${unit}` : 'its writes and reads'} fail until ${restore !== undefined ? `it is restored at ${fmtMs(restore)}` : 'the end of the run'}; acknowledged writes are on its disk, not lost`);
    } else if (r.unbounded) {
      notes.add(`${node.id}: ${failoverText(multi ? failover : rep!.failover?.mode)}: writes to ${units > 1 ? `shard ${unit}` : 'it'} stay down until the end of the run (${fmtMs(r.writeDowntimeMs)} here)${r.writes.unreplicatedAtKill > 0 ? `; ${r.writes.unreplicatedAtKill} acknowledged writes were on no replica and would be lost by a manual promotion` : ''}`);
    }
    if (rep?.mode === 'semiSync' && r.writes.timedOutToAsync > 0) {
      notes.add(`${node.id}: semi-sync timed out on ${num(r.writes.timedOutToAsync)} writes (no replica within semiSyncTimeout ${fmtMs(rep.semiSyncTimeout!)}): those were acknowledged as async, and ${r.writes.lost} of them were lost`);
    }
  }

  // --- Partitions.
  const partitionResults: PartitionResult[] = [];
  for (const f of partitions) {
    const start = f.data.at;
    let end = f.data.duration !== undefined ? start + f.data.duration : T;
    for (const h of heals) if (h >= start && h < end) end = h;
    end = Math.min(end, T);
    const unbounded = end >= T && f.data.duration === undefined && !heals.some((h) => h >= start && h < T);
    const sides = f.data.partition!.between;
    const p = analysePartition({ graph, sides: [sides[0], sides[1]], durationMs: end - start, seed, faultIndex: f.index, eventBudget: share, keysOf });
    events += p.events;
    for (const e of p.edges) impairments.addEdge(e.edge, start, end, e.effect);
    for (const n of p.notes) notes.add(n);
    partitionResults.push({ fault: f.index, sides: [sides[0].slice(), sides[1].slice()], startMs: msRound(start), endMs: msRound(end), unbounded, cutCalls: p.cutCalls, stores: p.stores });
    exercised.add('conflictingWrites');
    exercised.add('lostWrites');
    if (p.cutCalls.length === 0 && p.stores.length === 0) notes.add(`the partition between ${sides[0].join(', ')} and ${sides[1].join(', ')} cuts no call: no component is placed on both sides of it`);
  }

  // --- Shard changes.
  const shardChanges: ShardChangeResult[] = [];
  const shardCount = new Map<string, number>();
  const ringCache = new RingCache(RING_POINTS_PER_EVENT * budget, rings);
  let maxShardLoad = 0;
  for (const f of shardFaults) {
    const change = f.data.addShards ?? f.data.removeShards!;
    const action = f.data.addShards ? 'addShards' : 'removeShards';
    const node = graph.byId.get(f.target!.component)!;
    const sharding = 'sharding' in node.node.data ? node.node.data.sharding : undefined;
    if (!sharding) continue;
    const n = shardCount.get(node.id) ?? sharding.shards;
    let m = action === 'addShards' ? n + change.count : n - change.count;
    if (m < 1) {
      notes.add(`${node.id}: removing ${change.count} of ${n} shards would leave none: one kept`);
      m = 1;
    }
    shardCount.set(node.id, m);
    const moved = keysMoved(sharding, n, m, ringCache);
    const keys = keysOf(node.node);
    const before = shardLoad(sharding, n, keys, node.load.reads, node.load.writes, ringCache);
    const after = shardLoad(sharding, m, keys, node.load.reads, node.load.writes, ringCache);
    const r: ShardChangeResult = {
      component: node.id, fault: f.index, strategy: sharding.strategy, action, atMs: msRound(f.data.at), shardsBefore: n, shardsAfter: m,
      keysMovedFraction: sig(moved.fraction), method: moved.method,
      ...(before ? { before: before.load } : {}),
      ...(after ? { after: after.load } : {}),
    };
    shardChanges.push(r);
    exercised.add('keysMovedFraction');
    if (before || after) exercised.add('maxShardLoad');
    maxShardLoad = Math.max(maxShardLoad, before?.load.maxOverMean ?? 0, after?.load.maxOverMean ?? 0);
    if (moved.method === 'expected') notes.add(`${node.id}: ${sharding.strategy} sharding: keys moved is the least any rebalancing must move, ${pctText(moved.fraction)}`);
    const declaredV = sharding.vnodes ?? 1;
    if (moved.vnodesUsed !== undefined && moved.vnodesUsed < declaredV) notes.add(`${node.id}: the ring of ${m} x ${declaredV} points was measured with ${moved.vnodesUsed} vnodes per shard (work bound)`);
    if (!before || !after) notes.add(`${node.id}: the ring of ${num(Math.max(n, m))} shards is more than this run's work bound builds: per-shard load not measured`);
  }
  if (data.expect?.maxShardLoad !== undefined) {
    for (const n of graph.order) {
      const sharding = 'sharding' in n.node.data ? n.node.data.sharding : undefined;
      if (!sharding || shardCount.has(n.id)) continue;
      const l = shardLoad(sharding, sharding.shards, keysOf(n.node), n.load.reads, n.load.writes, ringCache);
      if (l) {
        maxShardLoad = Math.max(maxShardLoad, l.load.maxOverMean);
        exercised.add('maxShardLoad');
      } else notes.add(`${n.id}: the ring of ${num(sharding.shards)} shards is more than this run's work bound builds: per-shard load not measured`);
    }
  }

  // --- Steady-state stale reads.
  const staleReads: StaleReadResult[] = [];
  for (const n of graph.order) {
    const rep = 'replication' in n.node.data ? n.node.data.replication : undefined;
    if (!rep) continue;
    // Unit 0's round trips stand for every unit's, as the latency model's acknowledgement takes them.
    const s = staleReadsOf(n.id, rep, n.load.writes, keysOf(n.node), rep.topology === 'singleLeader' ? network().replicaTrips(n.node, 0) : []);
    if (!s) continue;
    staleReads.push(s);
    exercised.add('staleReadFraction');
    if (s.lagAssumed && rep.mode !== 'sync') notes.add(`${n.id} declares no replication lag: p50 10 ms, p99 100 ms assumed`);
  }

  // --- Every request's outcome, and capacity.
  const accounting = accountRequests(graph, impairments, Math.max(T, 1e-9), bucketMs, readFraction);
  if (accounting.unit > 1) notes.add(`${num(accounting.requests.total.generated)} requests are more than a count can hold exactly: they are counted in multiples of ${num(accounting.unit)}`);
  const capacity = capacityOf(graph, { refused: accounting.baselineRefused, refusedRequests: accounting.refusedRequests, outOfRotation });
  for (const t of capacity.tiers) {
    if (exceeds(t.utilization, CAPACITY_ERROR)) notes.add(`${t.component} is at ${pctText(t.utilization)} of its ${t.resource} under this workload: it refuses about ${pctText(t.rejectedFraction)} of the requests reaching it`);
  }
  if (capacity.firstToSaturate && exceeds(capacity.firstToSaturate.utilization, CAPACITY_ERROR)) {
    notes.add(`what breaks first: ${capacity.firstToSaturate.component} (${capacity.firstToSaturate.resource}), whose ceiling is ${num(capacity.firstToSaturate.ceilingRps)} rps of workload`);
  }

  // --- Metrics and budgets.
  const unbounded: string[] = [];
  let downtime = 0;
  let downtimeUnbounded = false;
  let detection = 0;
  let detectionUnbounded = false;
  let lost = 0;
  let stale = 0;
  for (const r of failovers) {
    lost += r.writes.lost;
    stale = Math.max(stale, r.staleReadFraction);
    if (r.writeDowntimeMs > downtime || (r.writeDowntimeMs === downtime && r.unbounded)) {
      downtime = r.writeDowntimeMs;
      downtimeUnbounded = r.unbounded;
    }
    if (r.failover === 'automatic' && r.detectionMs > detection) detection = r.detectionMs;
  }
  for (const o of replicaOutages) {
    if (o.downMs > downtime || (o.downMs === downtime && o.unbounded)) {
      downtime = o.downMs;
      downtimeUnbounded = o.unbounded;
    }
  }
  for (const p of pools) {
    for (const f of p.faults) {
      if (f.detectionMs > detection || (f.detectionMs === detection && f.unbounded)) {
        detection = f.detectionMs;
        detectionUnbounded = f.unbounded;
      }
    }
  }
  let conflicting = 0;
  for (const p of partitionResults) {
    for (const s of p.stores) {
      conflicting += s.conflictingWrites;
      lost += s.lostWrites;
    }
  }
  for (const s of staleReads) stale = Math.max(stale, s.staleReadFraction);
  if (downtimeUnbounded) unbounded.push('writeDowntime');
  if (detectionUnbounded) unbounded.push('detectionTime');
  const req = accounting.requests;
  const metrics: ScenarioMetrics = {
    lostWrites: lost,
    writeDowntimeMs: msRound(downtime),
    failedRequests: req.total.failed + req.total.rejected,
    failedRequestFraction: sig(req.notServedFraction),
    staleReadFraction: sig(stale),
    keysMovedFraction: sig(Math.max(0, ...shardChanges.map((c) => c.keysMovedFraction))),
    maxShardLoad: sig(maxShardLoad),
    rejectedWrites: req.writes.rejected,
    conflictingWrites: conflicting,
    detectionTimeMs: msRound(detection),
    unbounded,
  };
  const budgets = evaluateBudgets(scenario, metrics, exercised);
  for (const b of budgets) {
    if (!b.exercised) notes.add(`the budget on ${b.metric} is not exercised by this scenario: nothing in it can produce that figure (measured ${b.measured})`);
  }
  const hasFaults = scenario.faults.some((f) => f.data.kill !== undefined || f.data.slow !== undefined || f.data.partition !== undefined);
  if (hasFaults && req.total.failed + req.total.rejected === 0 && lost === 0 && downtime === 0 && conflicting === 0 && failovers.every((f) => f.writes.failed === 0) && pools.every((p) => p.requests.failed === 0)) {
    notes.add(`faults were injected, yet no request failed or was refused, no write was lost and writes never stopped${sampledParts.length > 0 ? ' (only part of the requests were simulated: effects too small to show in that part may be missed)' : ''}`);
  }

  const result: ScenarioResult = {
    scenario: data.name,
    index: scenario.index,
    seed,
    durationMs: msRound(T),
    workload: { peakRps: sig(peakRps), readFraction: sig(readFraction) },
    requests: { ...req, notServedFraction: sig(req.notServedFraction), series: { ...req.series, bucketMs: sig(req.series.bucketMs) } },
    failovers,
    pools,
    capacity,
    partitions: partitionResults,
    shardChanges,
    staleReads,
    metrics,
    budgets,
    events,
    ...(sampledParts.length > 0 ? { sampled: { rate: Math.min(...sampledParts.map((s) => s.rate)), reason: sampledParts.map((s) => s.reason).join('; ') } } : {}),
    notes: notes.all,
  };
  assertFiniteDeep(result);
  return { result, work: events + ringCache.usedPoints / RING_POINTS_PER_EVENT };
}

/**
 * What a zone or region outage takes, and the capacity each pool has left
 * from the load model's figures: "losing zone a at 10 s leaves api 4 of 8
 * instances: 4 × 100 = 400 rps, 133% of the 300 rps it takes at peak".
 */
function outageNotes(place: FaultPlace, at: number, hits: PlaceHit[], notes: Notes): void {
  const lead = `losing ${placeText(place)} at ${fmtMs(at)}`;
  const what = hits.map((h) => {
    const n = h.node.node.instances;
    const store = isStoreKind(h.node.node.kind);
    return store && h.total <= 3 ? `${h.node.id} (${h.instances.map((i) => `#${i}`).join(', ')})` : `${h.node.id} (${num(h.total)} of ${plural(n, 'instance')})`;
  });
  notes.add(`${lead} kills ${what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : what[0]}`);
  for (const h of hits) {
    if (isStoreKind(h.node.node.kind)) continue;
    const load = h.node.load;
    const top = load.utilization[0];
    const n = h.node.node.instances;
    const left = n - h.total;
    const rps = load.reads + load.writes;
    if (!top || !(top.value > 0) || !Number.isFinite(top.value) || left <= 0 || !(rps > 0)) continue;
    // What one instance sustains before its first resource saturates: the busiest instance's rate over its utilization.
    const perInstance = load.busiestNodeRps / top.value;
    notes.add(`${lead} leaves ${h.node.id} ${num(left)} of ${num(n)} instances: ${num(left)} × ${num(perInstance)} = ${num(left * perInstance)} rps, ${pctText((left * perInstance) / rps)} of the ${num(rps)} rps it takes at peak`);
  }
}

/** Raises the latency of a slowed pool's synchronous callers: they hold connections (and memory) while they wait. */
function knockOn(graph: SimGraph, node: SimNode, latency: number, slowShare: number[], slowLatency: number[], bucketMs: number, impairments: Impairments, notes: Notes): void {
  if (!slowShare.some((x) => x > 0)) return;
  for (const e of node.in) {
    if (e.cycle || e.async) continue;
    const caller = graph.byId.get(e.from)!;
    const callerLatency = capacityLatency(caller.node);
    const held = caller.load.utilization.find((u) => u.resource === 'connections' || u.resource === 'memory');
    if (callerLatency === undefined || !held) continue;
    const calls = callsPerRequest(e, caller);
    let worst = 1;
    const effects: NodeEffect[] = slowShare.map((s, b) => {
      const extra = calls * s * Math.max(0, slowLatency[b]! - latency);
      const factor = 1 + extra / callerLatency;
      if (factor > worst) worst = factor;
      return factor > 1 ? { latencyFactor: factor } : {};
    });
    impairments.addNodeSeries(caller.id, bucketMs, effects);
    const peak = held.value * worst;
    if (peak > 1) {
      notes.add(`${node.id} turning slow holds ${possessive(caller.id)} ${held.resource === 'connections' ? 'connection pool' : 'memory'} at up to ${pctText(peak)} of capacity: ${caller.id} refuses the excess while it lasts`);
    }
  }
}

/** A leaderless store losing one node: writes and reads go on while the quorums survive. */
function leaderlessKill(node: SimNode, rep: ReplicationData, units: number, unit: number, instance: number, at: number, restore: number | undefined, T: number, writeRate: number, readRate: number, notes: Notes, impairments: Impairments, nodesDown = 1): FailoverResult {
  const q = rep.quorum ?? { n: rep.replicas + 1, r: 1, w: 1 };
  const left = Math.max(0, q.n - nodesDown);
  const okW = left >= q.w;
  const okR = left >= q.r;
  const lost = nodesDown === 1 ? 'one node' : `${nodesDown} nodes`;
  const end = restore ?? T;
  const down = Math.max(0, end - at);
  const writes = Math.round((writeRate * T) / 1000);
  const reads = Math.round((readRate * T) / 1000);
  const failedW = okW ? 0 : Math.min(writes, Math.round((writeRate * down) / 1000));
  const failedR = okR ? 0 : Math.min(reads, Math.round((readRate * down) / 1000));
  if (okW && okR) notes.add(`${node.id}: ${lost} of n = ${q.n} down; writes need w = ${q.w} and reads r = ${q.r}: both quorums still form, nothing fails (hinted handoff catches the node up)`);
  else {
    notes.add(`${node.id}: ${lost} of n = ${q.n} down leaves ${left}: ${okW ? '' : `writes (w = ${q.w})`}${!okW && !okR ? ' and ' : ''}${okR ? '' : `reads (r = ${q.r})`} of that shard fail until ${restore !== undefined ? 'it is restored' : 'the end of the run'}`);
    impairments.addNode(node.id, at, end, { ...(okW ? {} : { writeFail: 1 / units }), ...(okR ? {} : { readFail: 1 / units }) });
  }
  return {
    component: node.id, instance, unit, units, topology: 'leaderless', mode: rep.mode, replicas: left, failover: 'none',
    killedAtMs: msRound(at), detectionMs: 0, detectionSource: 'not applicable (quorum)', promotionMs: 0,
    writeDowntimeMs: okW ? 0 : msRound(down), unbounded: !okW && restore === undefined,
    writeRate: sig(writeRate),
    writes: { generated: writes, acknowledged: writes - failedW, failed: failedW, lost: 0, unreplicatedAtKill: 0, timedOutToAsync: 0 },
    reads: { generated: reads, served: reads - failedR, failed: failedR, stale: 0, servedByReplicasDuringOutage: 0 },
    staleReadFraction: 0,
    lagSeries: { sampleMs: sig(T / BUCKETS), mostAdvancedMs: [], leastAdvancedMs: [] },
  };
}

/** How long a dead primary takes to detect: the failover's own figure, else the health check of a balancer in front, else an assumption. */
function detectionOf(graph: SimGraph, node: SimNode, rep: ReplicationData): { ms: number; source: string } {
  if (rep.failover?.detection !== undefined) return { ms: rep.failover.detection, source: 'failover.detection' };
  const lb = balancerOf(graph, node.id);
  const hc = lb?.node.data.kind === 'loadBalancer' ? lb.node.data.healthCheck : undefined;
  if (lb && hc) return { ms: hc.unhealthyThreshold * hc.interval + (hc.timeout ?? 0), source: `health check of ${lb.id}` };
  return { ms: ASSUMED_DETECTION_MS, source: 'assumed' };
}

function capacityLatency(node: ComponentNode): number | undefined {
  const cap = 'capacity' in node.data ? node.data.capacity : undefined;
  return cap?.latency !== undefined && cap.latency > 0 ? cap.latency : undefined;
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function describeFault(d: FaultData): string {
  if (typeof d.kill === 'object') return `kill ${d.kill.zone !== undefined ? `zone ${d.kill.zone}` : `region ${d.kill.region}`}`;
  if (typeof d.restore === 'object') return `restore ${d.restore.zone !== undefined ? `zone ${d.restore.zone}` : `region ${d.restore.region}`}`;
  if (d.kill !== undefined) return `kill ${d.kill}`;
  if (d.slow !== undefined) return `slow ${d.slow}`;
  if (d.restore !== undefined) return `restore ${d.restore}`;
  if (d.partition) return `partition ${d.partition.between[0].join(', ')} | ${d.partition.between[1].join(', ')}`;
  if (d.heal) return 'heal';
  if (d.addShards) return `add ${d.addShards.count} shard${d.addShards.count === 1 ? '' : 's'} to ${d.addShards.target}`;
  if (d.removeShards) return `remove ${d.removeShards.count} shard${d.removeShards.count === 1 ? '' : 's'} from ${d.removeShards.target}`;
  return 'fault';
}

function fmtMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

function pctText(x: number): string {
  const p = x * 100;
  if (p >= 10) return `${Math.round(p)}%`;
  if (p >= 0.1) return `${Math.round(p * 10) / 10}%`;
  return `${Number(p.toPrecision(2))}%`;
}
