/**
 * `scale headroom <file> [--to N] [--format text|json|markdown]`: what
 * saturates first as the workload grows. Each component with a declared
 * capacity, in the order it saturates: the growth multiple of today's peak at
 * which its busiest node runs out of its binding resource, how it stands at
 * the target (`--to`, else the file's `workload.growth`, else 10), and the
 * move that fits. Exit codes: 0 nothing short of the target (or no target
 * given or declared: the report is for reading), 1 a component saturates
 * before a given or declared target, 2 usage or I/O error or a file that does
 * not validate (its findings are printed).
 */
import { parseArgs } from 'node:util';
import { headroomPlan, type HeadroomPlan, type PlannedSaturation } from '../core/load/headroomPlan';
import { saturatingNode } from '../core/load/headroom';
import { RESOURCE_NAMES } from '../core/load/traffic';
import { nodeCountsOf } from '../core/model/nodeCounts';
import { MAX_GROWTH } from '../core/model/schema';
import type { Topology } from '../core/model/topology';
import { figure, num, pct, plural } from '../core/text/format';
import { commentText } from '../core/text/markdown';
import { checkedOrReported, readOneTopology, RunImports } from './files';
import { choiceOf, exitCodeOf, UsageError } from './usageErrors';
import { oneLine } from './oneLine';
import { COLOR_OPTION, colorWanted, type Paint, painter } from './terminalColor';

/** The target moves are sized for when neither --to nor the file gives one: "what breaks at 10×". */
export const DEFAULT_TARGET = 10;

const HELP = `Usage: scale headroom <file> [options]

What saturates first as the workload grows: each component with a declared
capacity, in the order it runs out, at what multiple of today's peak, and the
move that fits (scale out, sessions out of memory, replicas, a cache, shards,
a bigger box), sized for a growth target.

Options:
      --to <multiple>              the growth target (1 to ${num(MAX_GROWTH)}; default: the
                                   file's workload.growth, else ${DEFAULT_TARGET})
  -f, --format <text|json|markdown> output format (default: text)
      --color, --no-color          colour the verdicts, or not (default: on a terminal,
                                   unless NO_COLOR is set; FORCE_COLOR forces it)
  -h, --help                       show this help

Exit codes: 0 every component carries the target (or none was given or
declared), 1 a component saturates before it, 2 usage or I/O error, or a
file that does not validate.
`;

const FORMATS = ['text', 'json', 'markdown'] as const;

/** Where the target came from. */
type TargetSource = 'option' | 'file' | 'default';

/** Runs `scale headroom`; returns the exit code. */
export function headroomCommand(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): number {
  return exitCodeOf('scale headroom', stderr, () => headroom(argv, cwd, stdout, stderr, stdoutHasColors));
}

/** The value of --to: a multiple the format would accept as `growth`, or undefined when not given. */
export function parseTarget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*$/.test(value) ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 1 || n > MAX_GROWTH) throw new UsageError(`--to takes a growth multiple from 1 to ${num(MAX_GROWTH)}, not "${value}"`);
  return n;
}

function headroom(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      ...COLOR_OPTION,
      to: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout(HELP);
    return 0;
  }
  const format = choiceOf('--format', values.format!, FORMATS);
  const given = parseTarget(values.to);
  const read = readOneTopology('headroom', positionals, cwd, stderr);
  if (!read) return 2;
  const shown = read.shown;
  // No rule has anything to add to the load model: only reading, validation and resolution run.
  const checked = checkedOrReported(read, 'its headroom cannot be computed', stderr, { rules: [], imports: new RunImports(cwd).contextOf(read.file) });
  if (!checked) return 2;
  const topology: Topology = checked.topology;
  const declared = topology.file.workload.growth;
  const target = given ?? declared ?? DEFAULT_TARGET;
  const source: TargetSource = given !== undefined ? 'option' : declared !== undefined ? 'file' : 'default';
  const plan = headroomPlan(topology, checked.load!, target);
  const notJudged = [...topology.components.values()].filter((c) => c.kind !== 'client' && !checked.load!.loads.get(c.id)!.utilization.length).map((c) => c.id);
  const nodes = (s: PlannedSaturation) => saturatingNode(s, nodeCountsOf(topology.components.get(s.id)!.data));
  const report: Report = { file: shown, plan, source, notJudged, kinds: new Map([...topology.components.values()].map((c) => [c.id, c.kind])), nodes };
  if (format === 'json') stdout(`${JSON.stringify(jsonOf(report), null, 2)}\n`);
  else if (format === 'markdown') stdout(markdownOf(report));
  else stdout(textOf(report, painter(colorWanted(values.color, stdoutHasColors))));
  return source !== 'default' && plan.order.some((s) => s.verdict === 'short') ? 1 : 0;
}

/** What every format prints. */
interface Report {
  file: string;
  plan: HeadroomPlan;
  source: TargetSource;
  /** Components (clients aside) with no capacity declared: nothing to saturate. */
  notJudged: string[];
  kinds: Map<string, string>;
  /** Where a component's saturating load lands, in words. */
  nodes: (s: PlannedSaturation) => string;
}

/** "(the file's growth target)", "(--to)", "(no target given or declared)". */
function sourceText(source: TargetSource): string {
  return source === 'option' ? '--to' : source === 'file' ? 'the file\'s growth target' : 'no target given or declared';
}

/** What stands at the target, in words. */
function verdictText(s: PlannedSaturation, target: number): string {
  const at = `${pct(s.atTarget)} at ${num(target)}×`;
  return s.verdict === 'short' ? `short of ${num(target)}× (${at})` : s.verdict === 'tight' ? `carries ${num(target)}× past the capacity warning threshold (${at})` : `carries ${num(target)}× (${at})`;
}

function summary(r: Report): string[] {
  const { plan } = r;
  const short = plan.order.filter((s) => s.verdict === 'short').length;
  const lines = [`${plural(plan.order.length, 'component')} with a capacity; ${short === 0 ? 'none' : num(short)} short of ${num(plan.target)}×`];
  for (const b of plan.beyond) lines.push(`${b.id}: not judged past ${num(b.atLeast)}× (the load model caps loads at 10^15 rps before it saturates)`);
  if (plan.unloaded.length > 0) lines.push(`never saturate (no load reaches them): ${plan.unloaded.join(', ')}`);
  if (r.notJudged.length > 0) lines.push(`no capacity declared, not judged: ${r.notJudged.join(', ')}`);
  return lines;
}

function textOf(r: Report, paint: Paint): string {
  const { plan } = r;
  // Everything from the file is escaped to one line before colour goes on it.
  const out = [oneLine(`${r.file}: ${num(plan.peakRps)} rps at peak today; moves sized for ${num(plan.target)}× (${sourceText(r.source)})`), ''];
  if (plan.order.length === 0) out.push('No component declares a capacity that load reaches: nothing saturates as the workload grows.');
  const width = Math.max(0, ...plan.order.map((s) => oneLine(s.id).length));
  const colour = { short: 'red', tight: 'yellow', carries: 'green' } as const;
  for (const s of plan.order) {
    const multiple = `${num(s.multiple)}×`.padStart(9);
    out.push(`${multiple}  ${oneLine(s.id).padEnd(width)}  runs out of ${RESOURCE_NAMES[s.resource]}: ${r.nodes(s)} at ${pct(s.utilization)} today${s.method === 'bisection' ? ' (found by bisection past the load model\'s cap)' : ''}`);
    out.push(`${''.padEnd(9)}  ${paint(colour[s.verdict], verdictText(s, plan.target))}`);
    if (s.move) {
      out.push(`${''.padEnd(9)}  move: ${oneLine(s.move.text)}`);
      if (s.move.alternative) out.push(`${''.padEnd(9)}  or:   ${oneLine(s.move.alternative)}`);
    }
  }
  out.push('', ...summary(r).map(oneLine));
  return `${out.join('\n')}\n`;
}

function markdownOf(r: Report): string {
  const { plan } = r;
  const cell = (s: string) => commentText(s);
  const out = [
    `### Headroom of ${cell(r.file)}`,
    '',
    cell(`${num(plan.peakRps)} rps at peak today; moves sized for ${num(plan.target)}× (${sourceText(r.source)}).`),
    '',
  ];
  if (plan.order.length > 0) {
    out.push(`| # | component | runs out of | at | today | at ${cell(`${num(plan.target)}×`)} | move |`, '| --- | --- | --- | --- | --- | --- | --- |');
    plan.order.forEach((s, i) => {
      const verdict = `${s.verdict === 'short' ? '**short**' : s.verdict} ${cell(`(${pct(s.atTarget)})`)}`;
      const move = s.move ? `${cell(s.move.text)}${s.move.alternative ? `; or ${cell(s.move.alternative)}` : ''}` : '';
      out.push(`| ${i + 1} | ${cell(s.id)} | ${cell(`${RESOURCE_NAMES[s.resource]}: ${r.nodes(s)}`)} | ${cell(`${num(s.multiple)}×`)} | ${cell(pct(s.utilization))} | ${verdict} | ${move} |`);
    });
    out.push('');
  }
  for (const line of summary(r)) out.push(`- ${cell(line)}`);
  return `${out.join('\n')}\n`;
}

function jsonOf(r: Report): unknown {
  const { plan } = r;
  return {
    file: r.file,
    peakRps: plan.peakRps,
    target: { multiple: plan.target, from: r.source },
    components: plan.order.map((s) => ({
      id: s.id,
      kind: r.kinds.get(s.id),
      resource: s.resource,
      multiple: figure(s.multiple),
      ceilingRps: figure(s.multiple * plan.peakRps),
      method: s.method,
      utilization: figure(s.utilization),
      busiestNode: s.busiestNode,
      busiestNodeRps: figure(s.busiestNodeRps),
      ...(s.busiestShard ? { busiestShard: { shard: s.busiestShard.shard, share: figure(s.busiestShard.share), popularity: s.busiestShard.popularity } } : {}),
      atTarget: figure(s.atTarget),
      verdict: s.verdict,
      ...(s.move ? { move: jsonMove(s.move) } : {}),
    })),
    beyond: plan.beyond.map((b) => ({ id: b.id, resource: b.resource, utilization: figure(b.utilization), atLeast: figure(b.atLeast) })),
    unloaded: plan.unloaded,
    notJudged: r.notJudged,
  };
}

function jsonMove(m: NonNullable<PlannedSaturation['move']>): unknown {
  return {
    kind: m.kind,
    text: m.text,
    ...(m.count ? { count: m.count } : {}),
    ...(m.hitRatio !== undefined ? { hitRatio: figure(m.hitRatio) } : {}),
    ...(m.factor !== undefined ? { factor: figure(m.factor) } : {}),
    ...(m.utilizationAtTarget !== undefined ? { utilizationAtTarget: figure(m.utilizationAtTarget) } : {}),
    ...(m.set ? { set: m.set } : {}),
    ...(m.alternative ? { alternative: m.alternative } : {}),
    ...(m.declaredIn !== undefined ? { declaredIn: m.declaredIn } : {}),
  };
}
