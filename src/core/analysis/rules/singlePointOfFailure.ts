/**
 * single-point-of-failure: a component without redundancy (one instance, or
 * every instance in one zone) whose loss makes an entry point's requests fail;
 * and, for a component that survives a node and a zone, one region that
 * callers in other regions depend on (the smallest failure domain it has).
 *
 * Failure semantics, over synchronous ("hard") calls only:
 * - a request to a component needs every component it calls (AND), except
 * - a load balancer with two or more hard callees, which needs any one of
 *   them (OR: the callees are alternative pools; health checks move traffic);
 * - soft calls never make the caller fail: `async` calls, a queue's calls to
 *   its consumers, and a cache-aside call (to a cache that `fronts` a store the
 *   caller also calls synchronously, so a cache outage turns into store reads).
 *   A read-through cache (one with calls of its own) is a hard dependency.
 * Calls that close a cycle carry no load in the traffic model and are left out
 * here too, so the hard graph is a DAG.
 *
 * With X failed, node n fails when n = X, or n is an AND node with a failed
 * hard callee, or an OR node whose hard callees all failed. So the components
 * critical for n are crit(n) = {n} ∪ ⋃ crit(callee) for AND nodes and
 * {n} ∪ ⋂ crit(alternative) for OR nodes. Without OR nodes that is plain
 * reachability. With them, each OR node's intersection is computed once,
 * bottom-up, and replaced by edges to the top members of that intersection
 * (it is closed under the calls below it); critical for an entry point then
 * means reachable from it in that graph, which one forward pass labels for
 * every entry point at once. Linear without OR nodes; with them the cost is
 * the reach of each balancer's alternatives, bounded by a work budget past
 * which the remaining balancers are assumed to survive (fewer findings, never
 * a wrong one).
 */
import type { Fix, JsonPath, RelatedLocation, TextEdit, TextRange } from '../../findings';
import { failoverText } from '../../model/failoverText';
import { reaches } from '../../model/loadThresholds';
import { DEFAULT_LEADERS, nodeCountsOf } from '../../model/nodeCounts';
import type { ComponentNode, Edge, Topology } from '../../model/topology';
import { setPropertyEdit, setPropertyFix } from '../edits';
import { noLossEdits } from './asyncFailoverDataLoss';
import { losesWritesOnFailover } from '../../model/replicationLag';
import { num, pct, plural } from '../../text/format';
import type { Rule, RuleContext, RuleFinding } from '../rule';
import { instancesPath } from '../ruleContext';
import { callRates, entryRates, nodeIndex, type TrafficModel } from '../../load/traffic';
import { quoted, splitInvisible } from '../../text/invisible';
import { isSoftEdge, syncCallsOf } from '../../model/syncCalls';
import { possessive } from '../../text/possessive';

/**
 * The replication block the fix gives a database that has none: two replicas,
 * a write acknowledged once the first has it (so a promoted replica has every
 * acknowledged write, and one replica's outage does not stop writes), promoted
 * automatically.
 */
export const DEFAULT_REPLICATION = { mode: 'semiSync', replicas: 2, failover: { mode: 'automatic', detection: '10s', promotion: '5s' } };

/** The failover block the fix adds to a replicated store that has none. */
const DEFAULT_FAILOVER = DEFAULT_REPLICATION.failover;

/** Entry points or callers named in a message before "and N more". */
const NAMED_IN_MESSAGE = 3;
/** Related locations listed per finding. */
const MAX_RELATED = 10;
/** The entry points of a component no entry point depends on. */
const NO_ENTRIES: readonly number[] = [];

/** The rule. */
export const single_point_of_failure: Rule = {
  id: 'single-point-of-failure',
  run(ctx) {
    const topology = ctx.topology;
    const traffic = ctx.load;
    const { nodes } = nodeIndex(topology);
    const critical = criticalEntries(topology, nodes, new Set(traffic.cycleEdges));
    const rates = entryRates(topology, traffic.peakRps);
    const directories = directoryTargets(topology);
    const groups = new Map<readonly number[], { named: string[]; rps: number; list: string }>();
    const entryRanges = new Map<string, TextRange>();
    const entryRange = (id: string): TextRange => {
      let r = entryRanges.get(id);
      if (!r) entryRanges.set(id, (r = ctx.locator.keyRange(['components', id])!));
      return r;
    };
    const out: RuleFinding[] = [];

    const regions = new RegionCallers(topology, traffic);
    nodes.forEach((x, i) => {
      const entries = critical[i] ?? NO_ENTRIES;
      const kind = entries.length > 0 ? candidateKind(topology, x, directories) : undefined;
      if (!kind) {
        const f = regionFinding(ctx, x, regions);
        if (f) out.push(f);
        return;
      }
      const load = traffic.loads.get(x.id)!;
      const rep = replicationOf(x);
      const readsFromPrimary = !rep || rep.replicas === 0 || rep.readsFrom === 'primary';
      // With manual failover the replicas keep serving reads (if they serve any); what stops is what needs the primary.
      const dependent = kind === 'manualFailover' && !readsFromPrimary ? load.writes : load.reads + load.writes;
      if (!(dependent > 0)) return; // no request reaches it at peak: nothing depends on it

      // Sets are shared between components (a chain shares one): describe each once.
      let group = groups.get(entries);
      if (!group) {
        const named = entries.slice(0, MAX_RELATED + 1).map((e) => topology.entryPoints[e]!);
        group = {
          named,
          rps: entries.reduce((sum, e) => sum + (rates.get(topology.entryPoints[e]!) ?? 0), 0),
          list: listIds(named, entries.length),
        };
        groups.set(entries, group);
      }
      const { rps: entryRps, list } = group;
      const self = entries.length === 1 && group.named[0] === x.id;
      const from = self ? `entering at ${x.id}` : `from ${list}`;
      const full = entryRps > 0 && reaches(dependent, entryRps);
      const unit = kind === 'manualFailover' && !readsFromPrimary ? 'writes/s' : 'rps';
      const ofRequests = entryRps > 0
        ? ` (${pct(dependent / entryRps)} of ${self ? `the requests entering at ${x.id}` : entries.length === 1 ? `${possessive(list)} requests` : `the requests from ${list}`})`
        : '';
      const stake = full ? `all ${num(entryRps)} rps ${from}` : `the ${num(dependent)} ${unit}${ofRequests} that reach it`;
      const related: RelatedLocation[] = group.named
        .filter((id) => id !== x.id)
        .slice(0, MAX_RELATED)
        .map((id) => ({ message: `entry point whose requests depend on ${x.id}`, path: ['components', id], range: entryRange(id) }));
      const data: Record<string, number | string | boolean> = {
        rps: dependent,
        entryRps,
        entryPoints: entries.length,
        instances: x.instances,
      };
      if (entryRps > 0) data.share = Math.min(1, dependent / entryRps);

      let path: JsonPath;
      let message: string;
      let fixes: Fix[] = [];
      if (kind === 'zone') {
        path = [...x.path, 'zones'];
        message = `${nodesOf(x)} are all in zone ${x.data.zones![0]}: a zone outage stops ${stake}`;
        data.zones = 1;
      } else if (kind === 'manualFailover') {
        path = failoverPath(ctx, x);
        message = `${x.id} is a single point of failure: ${stake} depend on its primary, and ${failoverText(rep!.failover?.mode)}: writes stop until someone promotes a replica`;
        // Automatic failover alone would promote a replica missing acknowledged writes: say so, as the fixes do.
        const lossy = losesWritesOnFailover(rep!) && load.writes > 0;
        if (lossy) message += `; failing over automatically with ${rep!.mode === 'async' ? 'async replication' : 'semi-sync that falls back to async'} can lose acknowledged writes, which semi-sync replication avoids`;
        fixes = failoverFix(ctx, x, rep!, lossy);
        data.failover = rep!.failover?.mode ?? 'none';
      } else {
        path = instancesPath(ctx, x.id);
        message = `${x.id} is a single point of failure: ${stake} depend on ${soleNode(x, rep)}`;
        fixes = redundancyFix(ctx, x);
      }
      const last = path[path.length - 1];
      const range = (last === 'instances' || last === 'zones' || last === 'mode' ? ctx.locator.valueRange(path) : ctx.locator.keyRange(path)) ?? ctx.locator.nearestRange(path).range;
      const f: RuleFinding = { message, path, range, data };
      if (related.length > 0) f.related = related;
      if (fixes.length > 0) f.fixes = fixes;
      out.push(f);
    });
    return out;
  },
};

type CandidateKind = 'instance' | 'manualFailover' | 'zone';

type ReplicationOf = NonNullable<Extract<ComponentNode['data'], { kind: 'database' }>['replication']>;

/** The replication block of a store, if it has one. */
function replicationOf(c: ComponentNode): ReplicationOf | undefined {
  const d = c.data;
  return d.kind === 'database' || d.kind === 'cache' || d.kind === 'queue' || d.kind === 'directory' ? d.replication : undefined;
}

/** True when another node takes over without anyone acting: a replica promoted automatically, another leader, or a quorum that survives a node. */
function survivesNodeLoss(rep: ReplicationOf | undefined): boolean {
  if (!rep) return false;
  if (rep.topology === 'multiLeader') return (rep.leaders ?? DEFAULT_LEADERS) >= 2;
  if (rep.topology === 'leaderless') return rep.quorum !== undefined && rep.quorum.n > Math.max(rep.quorum.r, rep.quorum.w);
  return rep.replicas >= 1 && rep.failover?.mode === 'automatic';
}

/** "api's 3 instances", "orders' primary and 2 replicas", "chat's 2 leaders", "urls' 24 nodes". */
function nodesOf(x: ComponentNode): string {
  const c = nodeCountsOf(x.data);
  if (c.nodes === c.instances && c.shape !== 'leaderless') return `${possessive(x.id)} ${plural(c.instances, c.shape === 'multiLeader' ? 'leader' : 'instance')}`;
  if (c.shape === 'singleLeader' && c.units === 1) return `${possessive(x.id)} primary and ${plural(c.replicasPerPrimary, 'replica')}`;
  return `${possessive(x.id)} ${plural(c.nodes, 'node')}`;
}

/** What fails with one node of a component without redundancy: "its 1 instance", or each node of a leaderless quorum that needs all of them. */
function soleNode(x: ComponentNode, rep: ReplicationOf | undefined): string {
  const q = rep?.topology === 'leaderless' ? rep.quorum : undefined;
  if (!q || q.n === 1) return q ? 'its 1 node' : 'its 1 instance';
  return `every one of its ${plural(q.n, 'node')} (${q.w === q.n ? 'a write' : 'a read'} waits for all n = ${q.n})`;
}

/** Directories that directory-sharded stores use: a single-instance one is `directory-spof`'s finding. */
function directoryTargets(topology: Topology): Set<string> {
  const out = new Set<string>();
  for (const c of topology.components.values()) {
    const d = c.data;
    if ((d.kind === 'database' || d.kind === 'cache') && d.sharding?.strategy === 'directory' && d.sharding.directory !== undefined) out.add(d.sharding.directory);
  }
  return out;
}

/** Whether a component lacks redundancy, and how; undefined when it has enough or another rule speaks of it. */
function candidateKind(topology: Topology, x: ComponentNode, directories: Set<string>): CandidateKind | undefined {
  if (x.kind === 'client' || x.kind === 'cdn') return undefined; // a CDN is distributed by nature
  if (x.kind === 'loadBalancer' && x.calls.length > 0) {
    const pool = x.calls.reduce((n, e) => n + topology.components.get(e.to)!.instances, 0);
    if (pool >= 2) return undefined; // lone-load-balancer's named case
  }
  const rep = replicationOf(x);
  const survives = survivesNodeLoss(rep);
  // A unit is what one node's loss takes down: an instance of a pool, a shard of a store (the other shards go on).
  const units = nodeCountsOf(x.data).units;
  if (units === 1 && !survives) {
    if (x.kind === 'directory' && directories.has(x.id)) return undefined; // directory-spof's named case
    if (rep && rep.topology === 'singleLeader' && rep.replicas >= 1) return 'manualFailover';
    return 'instance';
  }
  if (x.data.zones?.length === 1 && (units >= 2 || survives)) return 'zone';
  return undefined;
}

/** Where a manual failover is declared: its mode, else the failover block, else the replication key. */
function failoverPath(ctx: RuleContext, x: ComponentNode): JsonPath {
  const rp = [...x.path, 'replication'];
  if (ctx.locator.value([...rp, 'failover', 'mode'])) return [...rp, 'failover', 'mode'];
  return ctx.locator.value([...rp, 'failover']) ? [...rp, 'failover'] : rp;
}

/** The edit that makes failover automatic. */
function automaticFailoverEdit(ctx: RuleContext, rp: JsonPath): TextEdit | undefined {
  return ctx.locator.value([...rp, 'failover'])
    ? setPropertyEdit(ctx.locator, ctx.text, [...rp, 'failover'], 'mode', 'automatic')
    : setPropertyEdit(ctx.locator, ctx.text, rp, 'failover', DEFAULT_FAILOVER);
}

/**
 * Makes failover automatic. Where the replicas may lag behind acknowledged
 * writes (async, or semi-sync that falls back to async), automatic failover
 * alone trades this finding for async-failover-data-loss: the preferred fix
 * also makes replication semi-sync over two replicas, and the plain one says
 * what it costs.
 */
function failoverFix(ctx: RuleContext, x: ComponentNode, rep: ReplicationOf, lossy: boolean): Fix[] {
  const rp = [...x.path, 'replication'];
  const failover = automaticFailoverEdit(ctx, rp);
  if (!failover) return [];
  if (!lossy) return [{ title: `Fail ${x.id} over automatically`, edits: [failover], preferred: true }];
  const fixes: Fix[] = [];
  const noLoss = noLossEdits(ctx, rp, rep);
  if (noLoss) {
    const replicas = rep.replicas < 2 ? ' to 2 replicas' : '';
    fixes.push({ title: `Fail ${x.id} over automatically, with semi-sync replication${replicas} (a promoted replica has every acknowledged write)`, edits: [failover, ...noLoss], preferred: true });
  }
  const why = rep.mode === 'async' ? 'async replication: each failover' : 'semi-sync falls back to async after semiSyncTimeout: a failover';
  fixes.push({ title: `Fail ${x.id} over automatically (${why} can lose acknowledged writes)`, edits: [failover], preferred: fixes.length === 0 });
  return fixes;
}

/** Adds redundancy: a second instance, or for a database replicas that take over automatically and lose no acknowledged write. */
function redundancyFix(ctx: RuleContext, x: ComponentNode): Fix[] {
  if (x.data.kind !== 'database') return setPropertyFix(`Run 2 instances of ${x.id}`, ctx.locator, ctx.text, x.path, 'instances', 2);
  const rep = x.data.replication;
  if (!rep) return setPropertyFix(`Add 2 semi-synchronous replicas of ${x.id} with automatic failover (a write waits for the first of the two)`, ctx.locator, ctx.text, x.path, 'replication', DEFAULT_REPLICATION);
  if (rep.topology !== 'singleLeader') return [];
  // replicas is 0 here (with replicas, failoverFix applies): add two that lose nothing, and make failover automatic.
  const rp = [...x.path, 'replication'];
  const edits = noLossEdits(ctx, rp, rep);
  const failover = rep.failover?.mode !== 'automatic' ? automaticFailoverEdit(ctx, rp) : undefined;
  if (!edits || (rep.failover?.mode !== 'automatic' && !failover)) return [];
  if (failover) edits.push(failover);
  const mode = rep.mode === 'sync' ? 'synchronous' : 'semi-synchronous';
  return [{ title: `Add 2 ${mode} replicas of ${x.id} with automatic failover`, edits, preferred: true }];
}

/** "web", "web and mobile", "a, b, c and 4 more entry points": the first names of `total`. */
function listIds(ids: readonly string[], total: number, more = 'more entry point'): string {
  if (total === 1) return ids[0]!;
  if (total <= NAMED_IN_MESSAGE) return `${ids.slice(0, total - 1).join(', ')} and ${ids[total - 1]}`;
  return `${ids.slice(0, NAMED_IN_MESSAGE).join(', ')} and ${plural(total - NAMED_IN_MESSAGE, more)}`;
}

// ---------------------------------------------------------------------------
// Regions

/** A caller in another region than the component it calls, and the requests per second it sends it at peak. */
interface RegionCaller {
  id: string;
  region: string;
  rps: number;
}

/**
 * Finds, for a component in one region, the callers in other regions whose
 * requests fail with it, with the rates the load model gives their calls.
 * Only direct calls are followed (the load model carries rates per call, not
 * per origin), except through a balancer or CDN that declares no region and
 * has nowhere else to send the requests: it passes on its callers' requests,
 * and each of them is counted for its part of the balancer's load. A balancer
 * with other pools routes around the outage, and a soft call (async, from a
 * queue, cache-aside) does not fail: neither counts. A caller without a region
 * is not counted either: it says nothing about where it runs.
 */
class RegionCallers {
  private readonly cycleEdges: ReadonlySet<Edge>;
  private readonly hardCallees = new Map<string, number>();
  private readonly callsSync = syncCallsOf();
  private rates: ReadonlyMap<Edge, number> | undefined;

  constructor(private readonly topology: Topology, private readonly traffic: TrafficModel) {
    this.cycleEdges = new Set(traffic.cycleEdges);
  }

  /**
   * The callers of `x` outside `region`, biggest rate first. A balancer or CDN
   * looked through calls nothing else, so the walk up is a tree (and, without
   * the calls that close cycles, has no cycle): each component is visited at
   * most once, with an explicit stack however long a chain of balancers is.
   */
  of(x: ComponentNode, region: string): RegionCaller[] {
    const found = new Map<string, RegionCaller>();
    const stack: { node: ComponentNode; weight: number }[] = [{ node: x, weight: 1 }];
    while (stack.length > 0) {
      const { node, weight } = stack.pop()!;
      for (const e of node.callers) {
        const caller = this.topology.components.get(e.from)!;
        const where = caller.data.region;
        // A caller in the same region goes down with it, and one in no region that passes nothing on is no caller
        // elsewhere: neither needs its call judged or its rate (for a design in one region per cell, no rate is made).
        if (where === region || (where === undefined && caller.kind !== 'loadBalancer' && caller.kind !== 'cdn')) continue;
        if (!this.isHard(e)) continue;
        if (caller.kind === 'loadBalancer' && this.hardCalleeCount(caller) >= 2) continue; // it routes around the outage
        const rps = weight * this.rateOf(e);
        if (!(rps > 0)) continue;
        if (where !== undefined) {
          const seen = found.get(caller.id);
          if (seen) seen.rps += rps;
          else found.set(caller.id, { id: caller.id, region: where, rps });
        } else if (this.hardCalleeCount(caller) === 1) { // a balancer or CDN in no region
          // Each of its callers sends its part of what it passes on.
          const load = this.traffic.loads.get(caller.id)!;
          const total = load.reads + load.writes;
          if (total > 0) stack.push({ node: caller, weight: rps / total });
        }
      }
    }
    return [...found.values()].sort((a, b) => b.rps - a.rps);
  }

  private isHard(e: Edge): boolean {
    return !this.cycleEdges.has(e) && !isSoftEdge(this.topology, e, this.callsSync);
  }

  /** Distinct components a caller needs synchronously. */
  private hardCalleeCount(c: ComponentNode): number {
    let n = this.hardCallees.get(c.id);
    if (n === undefined) this.hardCallees.set(c.id, (n = new Set(c.calls.filter((e) => this.isHard(e)).map((e) => e.to)).size));
    return n;
  }

  /** Requests per second a call carries at peak, from the load model. */
  private rateOf(e: Edge): number {
    this.rates ??= callRates(this.topology, this.traffic);
    return this.rates.get(e)!;
  }
}

/** The one region a component's nodes all run in; undefined when it declares none, spreads by geographic sharding, or is a client or CDN. */
function soleRegion(x: ComponentNode): string | undefined {
  const d = x.data;
  if (d.kind === 'client' || d.kind === 'cdn' || d.region === undefined) return undefined;
  if ((d.kind === 'database' || d.kind === 'cache') && d.sharding?.strategy === 'geographic' && new Set(d.sharding.regions).size >= 2) return undefined;
  return d.region;
}

/** A region or caller name as a message shows it: quoted with its invisible characters escaped when it has any. */
function placeName(name: string): string {
  return splitInvisible(name).hidden.length > 0 ? quoted(name) : name;
}

/**
 * The region finding: a component that survives the loss of a node and of a
 * zone (else that smaller failure domain is the finding) but runs in one
 * region that callers in other regions depend on.
 */
function regionFinding(ctx: RuleContext, x: ComponentNode, regions: RegionCallers): RuleFinding | undefined {
  const region = soleRegion(x);
  if (region === undefined) return undefined;
  const redundant = (nodeCountsOf(x.data).units >= 2 || survivesNodeLoss(replicationOf(x))) && x.data.zones?.length !== 1;
  if (!redundant) return undefined;
  const callers = regions.of(x, region);
  if (callers.length === 0) return undefined;
  const rps = callers.reduce((sum, c) => sum + c.rps, 0);
  const own = ctx.load.loads.get(x.id)!;
  const total = own.reads + own.writes;
  const list = listIds(callers.slice(0, NAMED_IN_MESSAGE).map((c) => `${c.id} (${placeName(c.region)})`), callers.length, 'more caller');
  const share = Math.min(1, rps / total);
  const path: JsonPath = [...x.path, 'region'];
  const shown = placeName(region);
  const message = `${x.id} runs only in region ${shown}: a ${shown} outage stops the ${num(rps)} rps that ${list} ${callers.length === 1 ? 'sends' : 'send'} it (${pct(share)} of its ${num(total)} rps at peak)`;
  const related: RelatedLocation[] = callers.slice(0, MAX_RELATED).map((c) => {
    const at: JsonPath = ['components', c.id, 'region'];
    return { message: `caller in ${placeName(c.region)} whose requests depend on ${x.id}`, path: at, range: ctx.locator.valueRange(at) ?? ctx.locator.nearestRange(at).range };
  });
  const data = { rps, share, region, callers: callers.length, regions: new Set(callers.map((c) => c.region)).size, instances: x.instances };
  return { message, path, range: ctx.locator.valueRange(path) ?? ctx.locator.nearestRange(path).range, data, related };
}

// ---------------------------------------------------------------------------
// The criticality analysis

/** Work (node visits) allowed for the balancers' intersections, per node and edge of the graph. */
const WORK_PER_ELEMENT = 32;

/**
 * For each component (by position in `nodes`), the indices into
 * `topology.entryPoints` of the entry points whose requests fail when it
 * fails, ascending; undefined when none.
 */
export function criticalEntries(topology: Topology, nodes: readonly ComponentNode[], cycleEdges: ReadonlySet<Edge>): (readonly number[] | undefined)[] {
  const n = nodes.length;
  const shared = nodeIndex(topology);
  let index = shared.indexOf;
  if (nodes !== shared.nodes) {
    index = new Map<string, number>();
    for (let i = 0; i < n; i++) index.set(nodes[i]!.id, i);
  }

  // The hard graph, callees deduplicated.
  const callsSync = syncCallsOf();
  const hard: number[][] = new Array(n);
  const seen = new Int32Array(n).fill(-1);
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const out: number[] = [];
    for (const e of nodes[i]!.calls) {
      if (cycleEdges.has(e) || isSoftEdge(topology, e, callsSync)) continue;
      const j = index.get(e.to)!;
      if (seen[j] === i) continue;
      seen[j] = i;
      out.push(j);
      indegree[j]!++;
    }
    hard[i] = out;
  }

  // Topological order (Kahn); the hard graph has no cycle edges left.
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const u = order[head++]!;
    for (const v of hard[u]!) if (--indegree[v]! === 0) order[tail++] = v;
  }

  // OR nodes: balancers with two or more alternative pools. Bottom-up, each
  // one's edges become the tops of the intersection of what its alternatives
  // depend on (members below another member are implied by it).
  const isOr = (i: number) => nodes[i]!.kind === 'loadBalancer' && hard[i]!.length >= 2;
  const graph: number[][] = hard.slice();
  const position = new Int32Array(n);
  for (let k = 0; k < tail; k++) position[order[k]!] = k;
  const work = { left: WORK_PER_ELEMENT * (n + hard.reduce((s, a) => s + a.length, 0)) + 100_000 };
  const scratch = new Scratch(n);
  for (let k = tail - 1; k >= 0; k--) {
    const o = order[k]!;
    if (!isOr(o)) continue;
    const tops = work.left > 0
      ? hard[o]!.length <= 32 ? sweepIntersection(o, hard[o]!, graph, order, position, scratch, work) : passIntersection(o, hard[o]!, graph, scratch, work)
      : undefined;
    graph[o] = tops ?? []; // out of budget: assume the balancer survives any single failure below it
  }

  // Which entry points reach each node in that graph: one forward pass, sharing
  // the parent's set where a node has a single distinct one.
  // Each node's parents in that graph, as one list (the parents of v are parentList[parentStart[v] .. parentStart[v + 1]]).
  const parentStart = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) for (const v of graph[u]!) parentStart[v + 1]!++;
  for (let v = 0; v < n; v++) parentStart[v + 1]! += parentStart[v]!;
  const parentList = new Int32Array(parentStart[n]!);
  const fill = parentStart.slice(0, n);
  for (let u = 0; u < n; u++) for (const v of graph[u]!) parentList[fill[v]!++] = u;
  const sets: (number[] | undefined)[] = new Array(n);
  const entryOf = new Map<number, number>();
  topology.entryPoints.forEach((id, e) => {
    const i = index.get(id);
    if (i !== undefined) entryOf.set(i, e);
  });
  const entrySeen = new Int32Array(topology.entryPoints.length).fill(-1);
  let mergeMark = 0;
  for (let k = 0; k < tail; k++) {
    const v = order[k]!;
    const own = entryOf.get(v);
    let first: number[] | undefined;
    let distinct = false;
    const from = parentStart[v]!;
    const to = parentStart[v + 1]!;
    for (let k = from; k < to; k++) {
      const s = sets[parentList[k]!];
      if (!s) continue;
      if (!first) first = s;
      else if (s !== first) distinct = true;
    }
    if (!distinct && own === undefined) {
      sets[v] = first;
      continue;
    }
    const merged: number[] = [];
    const mark = ++mergeMark;
    const add = (e: number) => {
      if (entrySeen[e] !== mark) {
        entrySeen[e] = mark;
        merged.push(e);
      }
    };
    if (own !== undefined) add(own);
    let last: number[] | undefined;
    for (let k = from; k < to; k++) {
      const s = sets[parentList[k]!];
      if (!s || s === last) continue;
      last = s;
      for (const e of s) add(e);
    }
    merged.sort((a, b) => a - b);
    sets[v] = merged;
  }
  return sets;
}

/** Reusable per-node arrays for the intersections, tagged with the OR node that wrote them. */
class Scratch {
  readonly owner: Int32Array;
  readonly label: Uint32Array;
  readonly visited: Int32Array;
  epoch = 0;
  constructor(n: number) {
    this.owner = new Int32Array(n).fill(-1);
    this.label = new Uint32Array(n);
    this.visited = new Int32Array(n).fill(-1);
  }
}

/**
 * The intersection for up to 32 alternatives: one sweep in topological order
 * from all of them, each node labelled with the alternatives that reach it (a
 * bit each). A node is labelled completely when it is taken from the queue,
 * since its callers come first. A node every alternative reaches is in the
 * intersection and is not expanded: everything below it is in it too. So a
 * chain of balancers costs each one only the nodes its pools do not share.
 */
function sweepIntersection(o: number, alternatives: readonly number[], graph: readonly number[][], order: Int32Array, position: Int32Array, s: Scratch, work: { left: number }): number[] | undefined {
  const k = alternatives.length;
  const full = k === 32 ? 0xffffffff : 2 ** k - 1;
  const heap: number[] = []; // positions in topological order
  alternatives.forEach((v, i) => {
    if (s.owner[v] !== o) {
      s.owner[v] = o;
      s.label[v] = 0;
      heapPush(heap, position[v]!);
    }
    s.label[v] = (s.label[v]! | (1 << i)) >>> 0;
  });
  const tops: number[] = [];
  while (heap.length > 0) {
    if (--work.left < 0) return undefined;
    const v = order[heapPop(heap)]!;
    if (s.label[v] === full) {
      tops.push(v);
      continue;
    }
    for (const w of graph[v]!) {
      if (s.owner[w] !== o) {
        s.owner[w] = o;
        s.label[w] = s.label[v]!;
        heapPush(heap, position[w]!);
      } else {
        s.label[w] = (s.label[w]! | s.label[v]!) >>> 0;
      }
    }
  }
  return tops;
}

/**
 * The intersection for many alternatives (a balancer over dozens of pools):
 * one pass per alternative, counting the alternatives that reach each node
 * the first one reached; it stops as soon as nothing is common to all so far.
 */
function passIntersection(o: number, alternatives: readonly number[], graph: readonly number[][], s: Scratch, work: { left: number }): number[] | undefined {
  const members: number[] = [];
  const stack: number[] = [];
  let alive = 0;
  for (let a = 0; a < alternatives.length; a++) {
    const mark = ++s.epoch;
    alive = 0;
    stack.push(alternatives[a]!);
    s.visited[alternatives[a]!] = mark;
    while (stack.length > 0) {
      if (--work.left < 0) return undefined;
      const v = stack.pop()!;
      if (a === 0) {
        s.owner[v] = o;
        s.label[v] = 1;
        members.push(v);
        alive++;
      } else if (s.owner[v] === o && s.label[v] === a) {
        s.label[v] = a + 1;
        alive++;
      }
      for (const w of graph[v]!) {
        if (s.visited[w] !== mark) {
          s.visited[w] = mark;
          stack.push(w);
        }
      }
    }
    if (alive === 0) return [];
  }
  const inter = members.filter((v) => s.label[v] === alternatives.length);
  const covered = ++s.epoch;
  for (const v of inter) for (const w of graph[v]!) s.visited[w] = covered;
  return inter.filter((v) => s.visited[v] !== covered);
}

function heapPush(heap: number[], x: number): void {
  let i = heap.length;
  heap.push(x);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= x) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = x;
}

function heapPop(heap: number[]): number {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const c = r < heap.length && heap[r]! < heap[l]! ? r : l;
      if (heap[c]! >= last) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
  return top;
}
