/**
 * `scale paths <file> [--format text|json|markdown]`: how many nines and what
 * latency along each request path. Per entry point: its availability, the
 * downtime it amounts to per month, its p50 and p99 (reads and writes), the
 * components (and zones) that cost it the most; per store, RTO and RPO; the
 * latency cost of each consistency choice; and the file's SLOs, met or not.
 * Exit codes: 0 every SLO the file declares is met (or it declares none),
 * 1 one is not, 2 usage or I/O error or a file that does not validate (its
 * findings are printed).
 */
import { parseArgs } from 'node:util';
import { slo } from '../core/analysis/rules/slo';
import { formatDuration, latencyText, msText } from '../core/model/duration';
import { type PathsData, pathsData } from '../core/report/pathsData';
import { consistencyText, costsText, entryLines, objectiveText, storeTexts } from '../core/report/pathsText';
import { availabilityPct, num, pct, plural } from '../core/text/format';
import { commentText } from '../core/text/markdown';
import { checkedOrReported, readOneTopology, RunImports } from './files';
import { oneLine } from './oneLine';
import { COLOR_OPTION, colorWanted, type Paint, painter } from './terminalColor';
import { choiceOf, exitCodeOf } from './usageErrors';

const HELP = `Usage: scale paths <file> [options]

How many nines and what latency along each request path: per entry point,
its availability and downtime per month, its p50 and p99 (reads and writes),
and the components that cost the most of each; per store, its RTO and RPO;
what each consistency choice costs in latency and what it avoids; and the
file's SLOs, met or not. The model: docs/availability.md, docs/latency.md.

Options:
  -f, --format <text|json|markdown> output format (default: text)
      --color, --no-color          colour the verdicts, or not (default: on a terminal,
                                   unless NO_COLOR is set; FORCE_COLOR forces it)
  -h, --help                       show this help

Exit codes: 0 every SLO the file declares is met (or it declares none), 1 one
is not, 2 usage or I/O error, or a file that does not validate.
`;

const FORMATS = ['text', 'json', 'markdown'] as const;

/** Runs `scale paths`; returns the exit code. */
export function pathsCommand(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): number {
  return exitCodeOf('scale paths', stderr, () => paths(argv, cwd, stdout, stderr, stdoutHasColors));
}

function paths(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      ...COLOR_OPTION,
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout(HELP);
    return 0;
  }
  const format = choiceOf('--format', values.format!, FORMATS);
  const read = readOneTopology('paths', positionals, cwd, stderr);
  if (!read) return 2;
  // The slo rule judges the objectives; no other rule has anything to add to the figures.
  const checked = checkedOrReported(read, 'its paths cannot be computed', stderr, { rules: [slo], imports: new RunImports(cwd).contextOf(read.file) });
  if (!checked) return 2;
  const data = pathsData(checked.topology, checked.load!, checked.findings.filter((f) => f.ruleId === slo.id));
  if (format === 'json') stdout(`${JSON.stringify({ file: read.shown, ...data }, null, 2)}\n`);
  else if (format === 'markdown') stdout(markdownOf(read.shown, data));
  else stdout(textOf(read.shown, data, painter(colorWanted(values.color, stdoutHasColors))));
  return data.slos.some((o) => o.objectives.some((x) => !x.met)) ? 1 : 0;
}

function textOf(file: string, d: PathsData, paint: Paint): string {
  const out = [oneLine(`${file}: availability and latency per entry point at ${num(d.peakRps)} rps`), ''];
  const width = 14;
  for (const e of d.entries) {
    out.push(oneLine(`${e.id} (${pct(e.readShare)} reads)`));
    for (const { label, text } of entryLines(e)) out.push(`  ${label.padEnd(width)}${oneLine(text)}`);
    for (const o of d.slos.filter((x) => x.entry === e.id)) {
      out.push(`  ${'SLO'.padEnd(width)}${o.objectives.map((x) => paint(x.met ? 'green' : 'red', oneLine(objectiveText(x)))).join(', ')}${o.op !== 'mixed' ? ` (${o.op}s)` : ''}`);
    }
    out.push('');
  }
  const others = d.slos.filter((o) => !d.entries.some((e) => e.id === o.entry));
  for (const o of others) out.push(oneLine(`SLO at ${o.entry}${o.op !== 'mixed' ? ` (${o.op}s)` : ''}: `) + o.objectives.map((x) => paint(x.met ? 'green' : 'red', oneLine(objectiveText(x)))).join(', '));
  if (others.length > 0) out.push('');
  for (const o of d.slos) for (const x of o.objectives) if (x.message) out.push(oneLine(`  ${x.message}`));
  if (d.slos.some((o) => o.objectives.some((x) => x.message))) out.push('');
  if (d.stores.length > 0) {
    out.push('Stores: when a primary dies');
    const w = Math.max(...d.stores.map((s) => oneLine(s.id).length));
    for (const s of d.stores) {
      const t = storeTexts(s);
      out.push(`  ${oneLine(s.id).padEnd(w)}  RTO ${t.rto}; RPO ${oneLine(t.rpo)}`);
    }
    out.push('');
  }
  if (d.consistency.length > 0) {
    out.push('Consistency: what each choice costs, and what it avoids');
    for (const c of d.consistency) out.push(oneLine(`  ${consistencyText(c)}`));
    out.push('');
  }
  out.push(`${plural(d.entries.length, 'entry point')}; ${d.slos.length === 0 ? 'no SLO declared' : `${plural(d.slos.reduce((n, o) => n + o.objectives.length, 0), 'objective')}, ${d.slos.reduce((n, o) => n + o.objectives.filter((x) => !x.met).length, 0)} not met`}`);
  return `${out.join('\n')}\n`;
}

function markdownOf(file: string, d: PathsData): string {
  const cell = (s: string) => commentText(s);
  const out = [`### Paths of ${cell(file)}`, '', cell(`Availability and latency per entry point at ${num(d.peakRps)} rps.`), ''];
  out.push('| entry point | availability | downtime / month | p50 | p99 | costs the most |', '| --- | --- | --- | --- | --- | --- |');
  for (const e of d.entries) {
    const a = e.availability;
    out.push(`| ${cell(e.id)} | ${cell(availabilityPct(a.all))} | ${cell(formatDuration(a.downtimePerMonthMinutes * 60_000))} | ${cell(latencyText(e.latency.p50Ms))} | ${cell(latencyText(e.latency.p99Ms))} | ${cell(costsText(e))} |`);
  }
  out.push('');
  if (d.slos.length > 0) {
    out.push('| SLO | objective | verdict |', '| --- | --- | --- |');
    for (const o of d.slos) for (const x of o.objectives) out.push(`| ${cell(`${o.entry}${o.op !== 'mixed' ? ` (${o.op}s)` : ''}`)} | ${cell(objectiveText(x).replace(/: (not )?met$/, ''))} | ${x.met ? 'met' : `**not met**: ${cell(x.message ?? '')}`} |`);
    out.push('');
  }
  if (d.stores.length > 0) {
    out.push('| store | RTO | RPO |', '| --- | --- | --- |');
    for (const s of d.stores) {
      const t = storeTexts(s);
      out.push(`| ${cell(s.id)} | ${cell(t.rto)} | ${cell(t.rpo)} |`);
    }
    out.push('');
  }
  for (const c of d.consistency) out.push(`- ${cell(consistencyText(c))}`);
  return `${out.join('\n').trimEnd()}\n`;
}
