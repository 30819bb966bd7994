import type { Severity } from './findings';

/** What the catalogue says of one rule: the text SARIF, hovers and the docs share. */
export interface RuleInfo {
  /** Stable kebab-case id; never renamed once published. */
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule finds. */
  short: string;
  /** A paragraph: why it matters and what to do (at most 1,024 characters, SARIF's limit). */
  full: string;
  /** False for findings about the file itself, which the `rules` section cannot turn off. */
  configurable: boolean;
}

const rule = (id: string, defaultSeverity: Severity, short: string, full: string, configurable = true): RuleInfo => ({
  id,
  defaultSeverity,
  short,
  full,
  configurable,
});

/** Every rule, in the order the docs list them. */
export const RULES: readonly RuleInfo[] = [
  rule('syntax', 'error', 'The file is not well-formed JSON with comments.',
    'The file could not be read as JSONC: a syntax error, nesting deeper than the format allows, invalid UTF-8, or a file larger than the size bound. Nothing else is checked until the file reads; fix the first syntax error and the rest of the findings follow.', false),
  rule('schema', 'error', 'A value the file format does not allow.',
    'A property the format does not know (often a typo: a did-you-mean is offered), a missing required property, a value of the wrong type or out of range, a duplicate key, a reserved name such as __proto__, or a number JSON cannot represent exactly. The published JSON Schema (schemas/scale.schema.json) describes every field.', false),
  rule('unknown-reference', 'error', 'A reference names no component.',
    'A `calls` entry, `sessionStore`, `fronts`, sharding directory or scenario fault target names a component that is not declared, or an instance index past the component\'s instance count. The analysis treats the edge as missing, so findings downstream of it may be incomplete. A did-you-mean fix is offered when a declared id is close.', false),
  rule('import', 'error', 'An import that cannot be followed.',
    'An entry of `imports` names a file that cannot be read (missing, not a file, outside the repository or workspace folder, not valid UTF-8 or too large), a file with errors of its own, a file that imports this one back (a cycle), or imports nested deeper than the bound; or it names a component that file does not declare or does not export, or one whose id (or the id of something it depends on) is also declared here. What the import names is left out of the analysis until the finding is fixed; references to it get no finding of their own.', false),
  rule('lone-load-balancer', 'warning', 'A load balancer with one instance (or one zone) in front of a pool.',
    'A balancer exists to make a pool survive the loss of a server, but a single balancer instance is itself a single point of failure: when it dies every request to the pool fails, however many servers stand behind it. Run at least two balancer instances (active-passive with a floating IP, or active-active behind DNS or anycast), in different zones.'),
  rule('single-point-of-failure', 'warning', 'A component whose single instance (or single zone, or single region) the requests it serves depend on.',
    'Requests need every component they call synchronously; a load balancer can route around a dead pool, an async call or a queue decouples its consumer, and a cache-aside cache can be bypassed. A component is a single point of failure when it has one instance (or all its instances in one zone, or replicas with manual failover) and requests from an entry point cannot succeed without it, or when it runs in one region and callers in other regions call it synchronously: a region outage stops their requests too. The finding gives the traffic that depends on it. Add instances in more than one zone, a replica with automatic failover, or a deployment in the callers\' regions.'),
  rule('stateful-behind-load-balancer', 'error', 'Server-local session state behind a balancer with more than one instance.',
    'With local state and no stickiness, consecutive requests of one user land on servers that never saw the session: users are logged out at random. Sticky sessions hide this until a server dies, when the share of users it held (1/instances) lose their sessions; stickiness also skews load. Move session state to a shared store (a cache or database) and keep the servers stateless.'),
  rule('low-cardinality-shard-key', 'warning', 'A shard key with too few distinct values for the shard count.',
    'When a shard key has fewer distinct values than there are shards, some shards receive nothing; with only a few values per shard, the busiest shard carries a multiple of the mean. The finding states the computed max/mean load. Choose a key with many more values than shards (a user or entity id), or a compound key.'),
  rule('monotonic-range-shard-key', 'warning', 'Range sharding on a sequential key: every new write lands on the last shard.',
    'Range partitioning keeps keys in order, so a key that only grows (a timestamp, an auto-increment id) sends every new write to the shard holding the highest range: one shard takes the whole write load while the others sit idle. Hash the key, prefix it with a well-spread value, or use a random identifier.'),
  rule('modulo-sharding', 'warning', 'Hash mod N sharding: changing N moves almost every key.',
    'With hash(key) mod N, going from N to N+1 shards moves N/(N+1) of all keys, so a reshard is a full data migration and a cold cache. A consistent-hash ring with virtual nodes moves about 1/(N+1). Use consistent hashing (or a fixed large number of logical partitions mapped to nodes).'),
  rule('too-few-vnodes', 'info', 'A consistent-hash ring with too few virtual nodes to balance load.',
    'The imbalance of a ring is measured on the actual ring the file declares: with few virtual nodes per shard, arcs differ in length and the busiest shard owns much more than its share. The standard deviation of load shrinks as 1/sqrt(vnodes); 100-200 vnodes per shard keeps the busiest shard within about 25% of the mean.'),
  rule('directory-spof', 'warning', 'Directory-based sharding whose directory is a single instance.',
    'Directory sharding looks up every key in a directory service before reaching the data; if the directory has one instance, its loss makes every shard unreachable even though the shards are healthy. Replicate the directory and cache its answers in the clients.'),
  rule('async-failover-data-loss', 'warning', 'Asynchronous replication with automatic failover loses acknowledged writes.',
    'With asynchronous replication the primary acknowledges a write before any replica has it; when the primary dies and a replica is promoted, the writes inside the replication lag window are lost although clients were told they succeeded. Expected loss is about write rate x lag. Use semi-synchronous or synchronous replication for data that must not be lost, or accept and state the loss budget.'),
  rule('sync-replication-availability', 'info', 'Writes that wait for a single replica: its outage blocks writes.',
    'Fully synchronous replication waits for every replica before acknowledging, and semi-synchronous replication without a timeout waits for one; with a single replica, its outage (or a slow network to it) stops all writes. Semi-synchronous replication over two or more replicas waits for any one of them, keeping durability without making a single replica a write dependency.'),
  rule('stale-read', 'error', 'Reads from lagging replicas for data declared strongly consistent.',
    'Replicas fed asynchronously (or semi-synchronously, where all but one replica may lag) return stale data; a store declared strong or read-your-writes consistent cannot serve reads from them. Route those reads to the primary (or use synchronous replication), or relax the declared consistency.'),
  rule('multi-leader-conflicts', 'error', 'Multi-leader replication with no conflict resolution.',
    'With several leaders accepting writes, two leaders can accept conflicting writes to the same key; without a declared policy the replicas diverge for good. Declare last-write-wins (and accept lost updates), CRDTs, or an application merge.'),
  rule('quorum-consistency', 'warning', 'A leaderless quorum with R + W <= N while strong consistency is declared.',
    'In a leaderless store a read sees the latest write only if the read and write quorums overlap: R + W > N. With R + W <= N a read can miss the latest acknowledged write. Raise R or W, or relax the declared consistency.'),
  rule('missing-health-check', 'warning', 'A load balancer without health checks.',
    'Without health checks a balancer keeps sending requests to a dead server until someone intervenes: a share of all requests (1/instances) fails for the whole outage. Configure an active health check with an interval, an unhealthy threshold and a timeout.'),
  rule('liveness-only-health-check', 'info', 'Health checks with no timeout: a slow server keeps receiving traffic.',
    'A check that only asks "is the process up" passes on a server that answers slowly: the balancer keeps feeding it, and with least-connections its queue grows. Give the check a timeout near the latency you can accept, so a slow server is taken out like a dead one.'),
  rule('capacity', 'warning', 'A tier at peak from 80% (warning) or from 100% (error) of its capacity, each threshold included.',
    'Load is propagated from the workload through CDN and cache hit ratios, the read/write split, replicas serving reads and fan-out; each tier\'s utilization is computed per resource (rps, CPU, memory, connection pool, disk IOPS). Queueing delay grows sharply past about 80%. The finding names the resource that saturates first and the peak rps at which it does.'),
  rule('headroom', 'warning', 'A component that saturates before the workload reaches its declared growth target.',
    'With `workload.growth` declared (10: ten times today\'s peak), each component\'s growth multiple is computed from the load model: the multiple of today\'s peak at which its busiest node (a store\'s hottest shard) runs out of its first resource. Components that run out before the target are reported in the order they saturate, with the move that fits the design: scale out a stateless tier, move sessions out of server memory first, add read replicas or a cache in front of a read-bound store, shard a write-bound one (with a key of many values that every query uses), or a bigger box where no count helps. Counts are sized so the busiest node stays below the capacity warning threshold at the target; a Quick Fix sets instances, replicas or shards where the move is a count.'),
  rule('slo', 'warning', 'A service level objective the design cannot meet: availability, p50 or p99 of the requests entering at a component.',
    'Each entry of the file\'s `slos` names the component requests enter at and the availability, p50 or p99 they must achieve. Availability is computed over the calls each request waits on, from each node\'s and zone\'s failure and repair figures, failover times and health-check detection (exact over shared components and zone states); latency from declared latencies, the queues of the load model, cache misses, fan-outs, quorums and round trips between regions. An objective the design misses is reported with the figure, the target and what costs the most: the component or zone behind the largest share of the downtime, or the one whose own time costs the p99 the most. Add redundancy or a faster failover where the downtime comes from; shorten or parallelize the slowest step, or relax the objective.'),
  rule('hot-key', 'warning', 'Skewed keys reach a sharded store with no cache in front.',
    'Under a skewed (zipf) key distribution the most popular keys concentrate on a few shards, whatever the sharding: the shard holding the top key carries a multiple of the mean. A cache in front absorbs the hot keys. The finding gives the busiest shard\'s share computed for the declared distribution.'),
  rule('cross-shard-query', 'warning', 'A declared query that does not include the shard key.',
    'A query that does not filter on the shard key must ask every shard and merge the answers (scatter-gather): its cost grows with the shard count and its latency is that of the slowest shard. Include the shard key, keep a secondary index sharded by the queried field, or denormalize.'),
  rule('unreachable-component', 'info', 'A component nothing calls.',
    'No entry point reaches this component through `calls`: it receives no load in the analysis and simulation. Either something should call it, or it is left over from an earlier design.'),
  rule('scenario-budget', 'error', 'A scenario\'s expected budget is violated by the simulation.',
    'The scenario was simulated with its faults (deterministically, with the scenario\'s seed) and a measured outcome exceeds the budget in `expect`: lost writes, downtime, failed requests, keys moved, stale reads. The finding gives the measured figure beside the budget.'),
  rule('stale-acceptance', 'warning', 'An accepted risk that no finding matches any more.',
    'An entry of the file\'s `accepted` list accepts the findings of one rule at one place (a component, a scenario or a JSON path), with a reason. When the design changes so that the rule finds nothing there any more, the entry accepts nothing: it is reported, so that it is removed rather than left to accept, unreviewed, whatever the rule finds there next. Remove the entry (a Quick Fix does), or point it at the place the finding moved to.'),
  rule('internal-error', 'error', 'An analysis rule failed on this file.',
    'A rule threw an unexpected error on this file. The other rules still ran. Please report the file that causes it.', false),
];

/** Rules by id. */
export const RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));

/** Ids a file's `rules` section may configure. */
export const CONFIGURABLE_RULE_IDS = RULES.filter((r) => r.configurable).map((r) => r.id) as [string, ...string[]];

/** Ids an entry of `accepted` may name: every configurable rule but stale-acceptance, which judges the entries themselves. */
export const ACCEPTABLE_RULE_IDS = CONFIGURABLE_RULE_IDS.filter((id) => id !== 'stale-acceptance') as [string, ...string[]];

/** Where a rule's documentation lives, relative to the project root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
