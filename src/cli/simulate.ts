/**
 * `scale simulate <file> [--scenario NAME] [--seed N] [--format text|json]`:
 * runs a topology's scenarios and prints what happened in each (lost writes,
 * write downtime, failed requests, per-shard load, keys moved, stale reads,
 * refused and conflicting writes) and whether each budget held. Exit codes:
 * 0 every budget held, 1 a budget was violated, 2 usage or I/O error or a file
 * that does not validate (its findings are printed). The same file and seed
 * give byte-identical output; progress goes to stderr, and only on a terminal.
 */
import { parseArgs } from 'node:util';
import type { Topology } from '../core/model/topology';
import { describeBudget } from '../core/scenario/budgets';
import { dur, num, pct, plural, ratio, survivorTexts } from '../core/scenario/figures';
import { runScenario } from '../core/scenario/runScenario';
import type { ScenarioResult } from '../core/scenario/types';
import { checkedOrReported, readOneTopology, RunImports } from './files';
import { choiceOf, exitCodeOf, UsageError } from './usageErrors';
import { topologyConfig } from './projectSettings';
import { oneLine } from './oneLine';
import { COLOR_OPTION, colorWanted, type Paint, painter } from './terminalColor';

const HELP = `Usage: scale simulate <file> [options]

Runs the file's scenarios: faults injected into a simulated run, with budgets.

Options:
      --scenario <name>     run only the scenario with this name
      --seed <n>            seed of the scenarios that name none (default: the
                            seed of scale.config.json, else 1); a scenario's own
                            seed wins
  -f, --format <text|json>  output format (default: text)
      --color, --no-color   colour the verdicts, or not (default: on a terminal,
                            unless NO_COLOR is set; FORCE_COLOR forces it)
  -h, --help                show this help

Exit codes: 0 every budget held, 1 a budget was violated,
2 usage or I/O error, or a file that does not validate.
`;

/** The value of --seed: a 32-bit unsigned whole number, or undefined when not given. */
export function parseSeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 4_294_967_295) throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not "${value}"`);
  return Number(value);
}

/** Runs `scale simulate`; returns the exit code. */
export function simulateCommand(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, isTty: boolean, stdoutHasColors = isTty): number {
  return exitCodeOf('scale simulate', stderr, () => simulate(argv, cwd, stdout, stderr, isTty, stdoutHasColors));
}

function simulate(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, isTty: boolean, stdoutHasColors: boolean): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      ...COLOR_OPTION,
      scenario: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout(HELP);
    return 0;
  }
  const format = choiceOf('--format', values.format!, ['text', 'json']);
  const given = parseSeed(values.seed);
  const read = readOneTopology('simulate', positionals, cwd, stderr);
  if (!read) return 2;
  const project = topologyConfig(read.file, cwd, stderr);
  // --seed for this run, else the project's.
  const seed = given ?? project?.config.seed;
  const shown = read.shown;
  const checked = checkedOrReported(read, 'it cannot be simulated', stderr, { imports: new RunImports(cwd).contextOf(read.file) });
  if (!checked) return 2;
  const topology: Topology = checked.topology;
  let indices = topology.scenarios.map((s) => s.index);
  if (values.scenario !== undefined) {
    const found = topology.scenarios.find((s) => s.data.name === values.scenario);
    if (!found) {
      const names = topology.scenarios.map((s) => JSON.stringify(s.data.name)).join(', ');
      throw new UsageError(`${shown} has no scenario named ${JSON.stringify(values.scenario)}${names ? `; its scenarios: ${names}` : ''}`);
    }
    indices = [found.index];
  }

  const results: ScenarioResult[] = [];
  indices.forEach((index, k) => {
    if (isTty) stderr(`\rsimulating ${k + 1}/${indices.length}: ${oneLine(clip(topology.scenarios.find((s) => s.index === index)!.data.name, 60))}\u001b[K`);
    results.push(runScenario(topology, index, seed !== undefined ? { seed } : {}));
  });
  if (isTty && indices.length > 0) stderr('\r\u001b[K');

  if (format === 'json') stdout(`${JSON.stringify({ file: shown, seed: seed ?? null, scenarios: results }, null, 2)}\n`);
  else stdout(formatResults(shown, results, topology.scenarios.length, painter(colorWanted(values.color, stdoutHasColors))));
  return results.some((r) => r.budgets.some((b) => !b.held)) ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Text layout

const LABEL = 13;

/** The readable report of a file's scenario results. */
export function formatResults(file: string, results: readonly ScenarioResult[], declared: number, paint: Paint = painter(false)): string {
  // The file's name comes from the user: printed as one line (formatScenario escapes its own lines).
  if (declared === 0) return `${oneLine(file)} declares no scenarios: nothing to simulate\n`;
  const out: string[] = [];
  out.push(`${oneLine(file)}: ${plural(results.length, 'scenario')}${results.length < declared ? ` of ${declared}` : ''}`);
  for (const r of results) {
    out.push('');
    out.push(...formatScenario(r, declared, paint));
  }
  const budgets = results.flatMap((r) => r.budgets);
  const violated = budgets.filter((b) => !b.held).length;
  out.push('');
  out.push(budgets.length === 0 ? `${plural(results.length, 'scenario')} run, no budgets declared` : `${plural(budgets.length, 'budget')}: ${budgets.length - violated} held, ${violated} violated`);
  return `${out.join('\n')}\n`;
}

/** The lines `scale simulate` prints for one scenario's result. */
export function formatScenario(r: ScenarioResult, declared: number, paint: Paint = painter(false)): string[] {
  // Names and notes come from the file: each line is escaped to one line before any colour goes on it.
  const lines: string[] = [];
  const row = (label: string, text: string, verdict = '') => lines.push(`  ${label.padEnd(LABEL)}${verdict}${oneLine(text)}`);
  const more = (text: string, verdict = '') => lines.push(`  ${''.padEnd(LABEL)}${verdict}${oneLine(text)}`);
  lines.push(oneLine(`Scenario ${r.index + 1}/${declared}: ${r.scenario}  (${dur(r.durationMs)}, seed ${r.seed}${r.sampled ? ', sampled' : ''})`));
  const t = r.requests.total;
  row('workload', `${num(r.workload.peakRps)} rps at peak, ${pct(r.workload.readFraction)} reads`);
  row('requests', `${num(t.generated)}: ${num(t.served)} served, ${num(t.failed)} failed, ${num(t.rejected)} rejected (${pct(r.requests.notServedFraction)} not served)`);
  if (r.requests.writes.rejected > 0) more(`${num(r.requests.writes.rejected)} of the rejected are writes`);
  for (const f of r.failovers) {
    const where = `${f.component}#${f.instance}${f.units > 1 ? ` (shard ${f.unit} of ${f.units})` : ''}`;
    if (f.topology === 'leaderless') {
      row('node down', `${where}, leaderless: ${f.writes.failed === 0 ? 'writes kept their quorum' : `${num(f.writes.failed)} writes failed`}${f.reads.failed > 0 ? `, ${num(f.reads.failed)} reads failed` : ''}`);
      continue;
    }
    const how = f.topology === 'unreplicated' ? 'no replica' : `${f.mode}, ${plural(f.replicas, 'replica')}, ${f.failover} failover`;
    row('failover', `${where} killed at ${dur(f.killedAtMs)} (${how})`);
    more(`lost writes ${num(f.writes.lost)} of ${num(f.writes.acknowledged)} acknowledged; ${num(f.writes.failed)} writes failed`);
    const down = f.unbounded ? `${dur(f.writeDowntimeMs)}, to the end of the run` : `${dur(f.writeDowntimeMs)}${f.failover === 'automatic' ? ` (detection ${dur(f.detectionMs)} + promotion ${dur(f.promotionMs)})` : ''}`;
    more(`write downtime ${down}`);
    if (f.reads.generated > 0) more(`reads ${num(f.reads.generated)}: ${num(f.reads.failed)} failed, ${num(f.reads.servedByReplicasDuringOutage)} served by replicas during the outage, ${pct(f.staleReadFraction)} stale`);
  }
  for (const p of r.pools) {
    const check = p.healthCheck
      ? `check every ${dur(p.healthCheck.intervalMs)}, out after ${p.healthCheck.unhealthyThreshold} failures${p.healthCheck.timeoutMs !== undefined ? `, timeout ${dur(p.healthCheck.timeoutMs)}` : ', no timeout'}`
      : 'no health check';
    row('balancing', `${p.component} (${plural(p.servers, 'server')}) ${p.balancer ? `behind ${p.balancer}` : 'called directly'}: ${p.algorithm}, ${check}`);
    for (const f of p.faults) {
      const what = f.kind === 'kill' ? 'dies' : `turns slow (${dur(f.latencyMs ?? 0)} per request)`;
      const out = f.removedAtMs !== undefined ? `taken out at ${dur(f.removedAtMs)} (detection ${dur(f.detectionMs)})` : `never taken out: ${f.why ?? ''}`;
      more(`#${f.instance} ${what} at ${dur(f.atMs)}: ${out}${f.backInRotationAtMs !== undefined ? `; back in rotation at ${dur(f.backInRotationAtMs)}` : ''}`);
    }
    const parts = [`${num(p.requests.failed)} failed`];
    if (p.faults.some((f) => f.kind === 'kill')) parts.push(`${num(p.failedDuringDetection)} of them sent to a dead server still in rotation`);
    if (p.faults.some((f) => f.kind === 'slow')) parts.push(`${num(p.requests.slow)} slow`);
    more(`requests ${num(p.requests.generated)}: ${parts.join(', ')}`);
  }
  for (const c of r.shardChanges) {
    row('shards', `${c.component} ${c.shardsBefore} -> ${c.shardsAfter} (${c.strategy}): ${pct(c.keysMovedFraction)} of keys moved (${c.method})`);
    if (c.before && c.after) {
      more(`busiest shard ${ratio(c.before.maxOverMean)} the mean (shard ${c.before.hottestShard}, ${pct(c.before.hottestShare)} of requests) -> ${ratio(c.after.maxOverMean)} (shard ${c.after.hottestShard}, ${pct(c.after.hottestShare)})`);
    }
  }
  for (const p of r.partitions) {
    row('partition', `${p.sides[0].join(', ')} | ${p.sides[1].join(', ')} from ${dur(p.startMs)} to ${dur(p.endMs)}${p.unbounded ? ' (never healed)' : ''}: ${plural(p.cutCalls.length, 'call')} cut`);
    for (const s of p.stores) {
      const parts: string[] = [];
      if (s.refusedWrites > 0) parts.push(`${num(s.refusedWrites)} writes refused`);
      if (s.cap === 'AP' && s.placement === 'split') parts.push(`${num(s.conflictingWrites)} conflicting writes on ${num(s.conflictingKeys)} keys, ${num(s.lostWrites)} lost (${s.resolution})`);
      more(`${s.component} (${s.cap}, ${s.placement === 'split' ? 'on both sides' : s.placement === 'unplaced' ? 'unplaced' : `side ${s.placement}`}): ${parts.join('; ') || 'unaffected'}`);
    }
  }
  for (const [i, s] of r.staleReads.entries()) {
    (i === 0 ? row : (_: string, x: string) => more(x))('stale reads', `${s.component}: ${pct(s.staleReadFraction)} of reads (${s.mode}, reads from ${s.readsFrom}, lag p50 ${dur(s.lagP50Ms)} / p99 ${dur(s.lagP99Ms)}${s.lagAssumed ? ', assumed' : ''})`);
  }
  const cap = r.capacity;
  if (cap.busiest) {
    row('capacity', `busiest: ${cap.busiest.component} at ${pct(cap.busiest.utilization)}${cap.busiest.meanWaitMs !== undefined ? `, mean queueing ${dur(cap.busiest.meanWaitMs)}` : ', past capacity: queues grow without bound'}`);
    if (cap.firstToSaturate) more(`first to saturate: ${cap.firstToSaturate.component} (${cap.firstToSaturate.resource}) at ${num(cap.firstToSaturate.ceilingRps)} rps`);
    for (const tier of cap.tiers.filter((x) => x.rejectedFraction > 0)) more(`${tier.component} refuses ${pct(tier.rejectedFraction)} of its requests (${pct(tier.utilization)} of ${tier.resource})`);
    for (const t of survivorTexts(cap)) more(t);
  }
  if (r.budgets.length > 0) {
    r.budgets.forEach((b, i) => (i === 0 ? row : (_: string, x: string, v: string) => more(x, v))('budgets', ` ${describeBudget(b)}`, b.held ? paint('green', 'held    ') : paint('red', 'VIOLATED')));
  }
  r.notes.forEach((n, i) => (i === 0 ? row : (_: string, x: string) => more(x))('notes', n));
  if (r.sampled) row('sampled', r.sampled.reason);
  return lines;
}


function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
