/**
 * A scenario result as the simulation panel shows it: what `scale simulate`
 * prints, as rows, with charts where a picture says more — the failover
 * timeline (kill, detection, promotion) and the replicas' lag over time, the
 * balancer's per-server counters and the faulted servers' requests over
 * time, per-shard load with the hot shard marked. Budgets are listed as held
 * or violated, with the same wording as the CLI's. Every text from the file
 * (names, notes that quote ids) goes in as text.
 */
import { describeBudget } from '../src/core/scenario/budgets';
import { dur, num, pct, plural, ratio, survivorTexts } from '../src/core/scenario/figures';
import type { BudgetResult, FailoverResult, PoolResult, ScenarioResult } from '../src/core/scenario/types';
import type { ShardView } from '../src/core/whatIf/whatIf';
import type { Charts } from './charts';
import { el } from './dom';

/** One scenario's result: heading, outcome rows, charts, budgets and notes. */
export function scenarioArticle(r: ScenarioResult, heading: string, charts: Charts): HTMLElement {
  const article = el('article', undefined, 'sim-scenario');
  article.append(el('h3', heading));
  const rows = el('dl', undefined, 'sim-rows');
  const row = (label: string, text: string | Node, figure?: string) => {
    const dd = el('dd');
    dd.append(text);
    if (figure) dd.dataset.figure = figure;
    rows.append(el('dt', label), dd);
  };
  const t = r.requests.total;
  row('workload', `${num(r.workload.peakRps)} rps at peak, ${pct(r.workload.readFraction)} reads`);
  row('requests', `${num(t.generated)}: ${num(t.served)} served, ${num(t.failed)} failed, ${num(t.rejected)} rejected (${pct(r.requests.notServedFraction)} not served)`, 'notServed');
  article.append(rows);
  for (const f of r.failovers) article.append(failoverSection(f, r, charts));
  for (const p of r.pools) article.append(poolSection(p, r, charts));
  const more = el('dl', undefined, 'sim-rows');
  const add = (label: string, text: string) => more.append(el('dt', label), el('dd', text));
  for (const c of r.shardChanges) {
    add('shards', `${c.component} ${c.shardsBefore} → ${c.shardsAfter} (${c.strategy}): ${pct(c.keysMovedFraction)} of keys moved (${c.method})`);
    if (c.before && c.after) add('', `busiest shard ${ratio(c.before.maxOverMean)} the mean (shard ${c.before.hottestShard}) → ${ratio(c.after.maxOverMean)} (shard ${c.after.hottestShard})`);
  }
  for (const p of r.partitions) {
    add('partition', `${p.sides[0].join(', ')} | ${p.sides[1].join(', ')} from ${dur(p.startMs)} to ${dur(p.endMs)}${p.unbounded ? ' (never healed)' : ''}: ${plural(p.cutCalls.length, 'call')} cut`);
    for (const s of p.stores) add('', `${s.component} (${s.cap}): ${num(s.refusedWrites)} writes refused, ${num(s.conflictingWrites)} conflicting, ${num(s.lostWrites)} lost`);
  }
  for (const s of r.staleReads) add('stale reads', `${s.component}: ${pct(s.staleReadFraction)} of reads (${s.mode}, lag p50 ${dur(s.lagP50Ms)} / p99 ${dur(s.lagP99Ms)}${s.lagAssumed ? ', assumed' : ''})`);
  const cap = r.capacity;
  if (cap.busiest) add('capacity', `busiest: ${cap.busiest.component} at ${pct(cap.busiest.utilization)}${cap.busiest.meanWaitMs !== undefined ? `, mean queueing ${dur(cap.busiest.meanWaitMs)}` : ', past capacity: queues grow without bound'}`);
  if (cap.firstToSaturate) add('', `first to saturate: ${cap.firstToSaturate.component} (${cap.firstToSaturate.resource}) at ${num(cap.firstToSaturate.ceilingRps)} rps`);
  for (const t of survivorTexts(cap)) add('', t);
  // Counts scaled up from a part of the requests: said in plain words (the reason's), not the engine's "sampled".
  if (r.sampled) add('simulated', r.sampled.reason);
  if (more.childElementCount > 0) article.append(more);
  if (r.budgets.length > 0) article.append(budgetList(r.budgets));
  if (r.notes.length > 0) {
    const notes = el('ul', undefined, 'sim-notes');
    for (const n of r.notes) notes.append(el('li', n));
    article.append(notes);
  }
  return article;
}

/** The budgets, each held or violated, worded as `scale simulate` words them. */
export function budgetList(budgets: readonly BudgetResult[], caption = 'Budgets'): HTMLElement {
  const box = el('div', undefined, 'sim-budgets');
  const held = budgets.filter((b) => b.held).length;
  box.append(el('h4', `${caption}: ${held} held, ${budgets.length - held} violated`));
  const list = el('ul');
  for (const b of budgets) {
    const li = el('li', undefined, b.held ? 'held' : 'violated');
    li.dataset.metric = b.metric;
    li.append(el('span', b.held ? 'held' : 'violated', 'verdict'), el('span', ` ${describeBudget(b)}${b.exercised ? '' : ' (not exercised by this run)'}`));
    list.append(li);
  }
  box.append(list);
  return box;
}

/** Failover: the figures, the timeline (kill → detection → promotion) and the replicas' lag over time. */
function failoverSection(f: FailoverResult, r: ScenarioResult, charts: Charts): HTMLElement {
  const s = el('section', undefined, 'sim-failover');
  const where = `${f.component}#${f.instance}${f.units > 1 ? ` (shard ${f.unit} of ${f.units})` : ''}`;
  if (f.topology === 'leaderless') {
    s.append(el('h4', `Node down: ${where}, leaderless`), el('p', f.writes.failed === 0 ? 'Writes kept their quorum.' : `${num(f.writes.failed)} writes failed.`));
    return s;
  }
  s.append(el('h4', `Failover: ${where} killed at ${dur(f.killedAtMs)}`));
  const how = f.topology === 'unreplicated' ? 'no replica' : `${f.mode}, ${plural(f.replicas, 'replica')}, ${f.failover} failover`;
  const facts = el('dl', undefined, 'sim-rows');
  // A note goes after its figure with the separator that reads right: a space before words that go on from the figure
  // ("of 12 acknowledged"), a comma or semicolon before another figure ("replica 0, 0 ms behind"), which would read as one.
  const fact = (label: string, value: string, figure?: string, note?: string, separator = ' ') => {
    const dd = el('dd');
    const v = el('strong', value, 'figure');
    if (figure) v.dataset.figure = figure;
    dd.append(v);
    if (note) dd.append(`${separator}${note}`);
    facts.append(el('dt', label), dd);
  };
  fact('replication', how);
  fact('lost writes', num(f.writes.lost), 'lostWrites', `of ${num(f.writes.acknowledged)} acknowledged`);
  const downNote = f.unbounded ? 'to the end of the run' : f.failover === 'automatic' ? `(detection ${dur(f.detectionMs)} + promotion ${dur(f.promotionMs)})` : '';
  fact('write downtime', dur(f.writeDowntimeMs), 'writeDowntime', downNote);
  fact('failed writes', num(f.writes.failed));
  if (f.failover === 'automatic') fact('detection', dur(f.detectionMs), 'detection', `from ${f.detectionSource}`);
  if (f.promotedReplica !== undefined) fact('promoted', `replica ${f.promotedReplica}`, undefined, `${dur(f.promotedLagMs ?? 0)} behind when the primary died`, ', ');
  if (f.reads.generated > 0) fact('reads', `${num(f.reads.failed)} failed`, undefined, `${num(f.reads.servedByReplicasDuringOutage)} served by replicas during the outage, ${pct(f.staleReadFraction)} stale`, '; ');
  s.append(facts);

  const T = r.durationMs;
  const resume = f.writesResumedAtMs;
  const x = [0, f.killedAtMs, resume ?? T, T].map((ms) => ms / 1000);
  const events: { x: number; label: string; color: 'red' | 'orange' | 'green' }[] = [{ x: f.killedAtMs / 1000, label: 'killed', color: 'red' }];
  if (f.failover === 'automatic' && f.replicas > 0 && f.killedAtMs + f.detectionMs < T) events.push({ x: (f.killedAtMs + f.detectionMs) / 1000, label: 'detected', color: 'orange' });
  if (resume !== undefined) events.push({ x: resume / 1000, label: f.promotedReplica !== undefined ? 'promoted' : 'restored', color: 'green' });
  s.append(charts.chart({
    title: `Failover timeline of ${where}: writes accepted over time, with the kill, the detection and the promotion`,
    x,
    xLabel: 'time (s)',
    yLabel: 'writes (%)',
    series: [{ label: 'writes accepted', values: [100, 0, resume !== undefined ? 100 : 0, resume !== undefined ? 100 : 0], color: 'blue', style: 'steps' }],
    events,
    height: 140,
  }));
  const lag = f.lagSeries;
  if (lag.mostAdvancedMs.length > 0) {
    s.append(charts.chart({
      title: `Replication lag of ${f.component} over time`,
      x: lag.mostAdvancedMs.map((_, i) => (i * lag.sampleMs) / 1000),
      xLabel: 'time (s)',
      yLabel: 'lag (ms)',
      series: [
        { label: 'most advanced replica', values: lag.mostAdvancedMs, color: 'green' },
        { label: 'least advanced replica', values: lag.leastAdvancedMs, color: 'purple' },
      ],
      events: [{ x: f.killedAtMs / 1000, label: 'killed', color: 'red' }],
      height: 140,
    }));
  }
  return s;
}

/** A balanced pool under faults: health-check detection, failed requests meanwhile, per-server counters. */
function poolSection(p: PoolResult, r: ScenarioResult, charts: Charts): HTMLElement {
  const s = el('section', undefined, 'sim-pool');
  s.append(el('h4', `Balancing: ${p.component} (${plural(p.servers, 'server')}) ${p.balancer ? `behind ${p.balancer}` : 'called directly'}, ${p.algorithm}`));
  const hc = p.healthCheck;
  const facts = el('dl', undefined, 'sim-rows');
  const fact = (label: string, value: string, figure?: string) => {
    const dd = el('dd', value);
    if (figure) dd.dataset.figure = figure;
    facts.append(el('dt', label), dd);
  };
  fact('health check', hc ? `every ${dur(hc.intervalMs)}, out after ${hc.unhealthyThreshold} failures${hc.timeoutMs !== undefined ? `, timeout ${dur(hc.timeoutMs)}` : ', no timeout'}` : 'none');
  for (const f of p.faults) {
    const what = f.kind === 'kill' ? 'dies' : `turns slow (${dur(f.latencyMs ?? 0)} per request)`;
    const out = f.removedAtMs !== undefined ? `taken out at ${dur(f.removedAtMs)}, detection ${dur(f.detectionMs)}` : `never taken out: ${f.why ?? ''}`;
    fact(`#${f.instance}`, `${what} at ${dur(f.atMs)}: ${out}${f.backInRotationAtMs !== undefined ? `; back in rotation at ${dur(f.backInRotationAtMs)}` : ''}`, 'poolDetection');
  }
  fact('failed requests', `${num(p.requests.failed)} of ${num(p.requests.generated)}`);
  if (p.faults.some((f) => f.kind === 'kill')) fact('during detection', `${num(p.failedDuringDetection)} sent to a dead server still in rotation`, 'failedDuringDetection');
  if (p.faults.some((f) => f.kind === 'slow')) fact('slow', `${num(p.requests.slow)} requests waited on a slow server`);
  s.append(facts);

  const faulted = new Set(p.faults.map((f) => f.instance));
  const counters = el('table', undefined, 'sim-counters');
  counters.append(el('caption', `Requests per server${p.simulatedServers < p.servers ? ` (${p.simulatedServers} of ${num(p.servers)} simulated)` : ''}`));
  for (const c of p.perServer) {
    const tr = el('tr', undefined, faulted.has(c.instance) ? 'faulted' : undefined);
    tr.append(el('th', `#${c.instance}`), el('td', num(c.requests)));
    counters.append(tr);
  }
  s.append(charts.chart({
    title: `Requests per server of ${p.component} over the run`,
    x: p.perServer.map((c) => c.instance),
    xLabel: 'server',
    yLabel: 'requests',
    series: [
      { label: 'healthy', values: p.perServer.map((c) => (faulted.has(c.instance) ? null : c.requests)), color: 'blue', style: 'bars' },
      { label: 'faulted', values: p.perServer.map((c) => (faulted.has(c.instance) ? c.requests : null)), color: 'red', style: 'bars' },
    ],
    xTick: (v) => (Number.isInteger(v) ? `#${v}` : ''),
    height: 130,
  }), counters);

  const b = p.series.bucketMs;
  const xs = p.series.othersMean.map((_, i) => ((i + 0.5) * b) / 1000);
  const events = p.faults.flatMap((f) => [
    { x: f.atMs / 1000, label: `#${f.instance} ${f.kind === 'kill' ? 'dies' : 'slow'}`, color: 'red' as const },
    ...(f.removedAtMs !== undefined ? [{ x: f.removedAtMs / 1000, label: 'taken out', color: 'orange' as const }] : []),
    ...(f.backInRotationAtMs !== undefined ? [{ x: f.backInRotationAtMs / 1000, label: 'back', color: 'green' as const }] : []),
  ]).filter((e) => e.x * 1000 <= r.durationMs);
  s.append(charts.chart({
    title: `Requests to the faulted servers of ${p.component} over time, against the others' mean`,
    x: xs,
    xLabel: 'time (s)',
    yLabel: `requests per ${dur(b)}`,
    series: [
      ...p.series.servers.map((srv, i) => ({ label: `#${srv.instance}`, values: srv.requests, color: (['red', 'orange', 'yellow'] as const)[i % 3]! })),
      { label: 'others (mean)', values: p.series.othersMean, color: 'blue' as const },
    ],
    events,
    height: 140,
  }));
  return s;
}

/** A sharded store's per-shard load (the hot shard marked, max and mean), and what one more shard moves. */
export function shardSection(v: ShardView, charts: Charts): HTMLElement {
  const s = el('section', undefined, 'sim-shards');
  s.dataset.component = v.component;
  s.append(el('h4', `${v.component}: ${plural(v.shards, 'shard')} (${v.strategy})`));
  const facts = el('dl', undefined, 'sim-rows');
  const fact = (label: string, value: string, figure: string) => {
    const dd = el('dd', value);
    dd.dataset.figure = figure;
    facts.append(el('dt', label), dd);
  };
  fact('busiest', `shard ${v.hottestShard}: ${num(v.maxRps)} rps, ${ratio(v.maxOverMean)} the mean of ${num(v.meanRps)} rps`, 'hotShard');
  fact('add a shard', `hash mod N moves ${pct(v.addShard.modulo)} of the keys; a ring (${v.addShard.ringVnodes} vnodes per shard) moves ${pct(v.addShard.ring)}${v.addShard.ringMethod === 'expected' ? ' (expected)' : ''}`, 'addShard');
  s.append(facts);
  const shown = v.perShard.length;
  const hot = v.hottestShard < shown ? v.hottestShard : -1;
  s.append(charts.chart({
    title: `Requests per second per shard of ${v.component}; shard ${v.hottestShard} is the hottest`,
    x: v.perShard.map((_, i) => i),
    xLabel: shown < v.shards ? `shard (first ${shown} of ${num(v.shards)})` : 'shard',
    yLabel: 'rps',
    series: [
      { label: 'load', values: v.perShard.map((x, i) => (i === hot ? null : x)), color: 'blue', style: 'bars' },
      { label: `hottest (shard ${v.hottestShard})`, values: v.perShard.map((x, i) => (i === hot ? x : null)), color: 'red', style: 'bars' },
      { label: 'mean', values: v.perShard.map(() => v.meanRps), color: 'muted', dashed: true },
    ],
    height: 140,
  }));
  return s;
}
