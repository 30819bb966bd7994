/**
 * The `scale` command. Exit codes: 0 clean, 1 findings at or above
 * `--fail-on` (or more warnings than `--max-warnings`), 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkText } from '../core/check';
import type { Acceptance } from '../core/findings';
import { LineIndex } from '../core/text/lineIndex';
import { expandInputs, readStdin, readTopology, shownPath, STDIN_NAME, usageErrorText, UsageError, writeReport } from './files';
import type { LoadedConfig } from '../node/projectConfig';
import type { TopologyFileRead } from '../node/topologyFile';
import { formatGithub } from './formatGithub';
import { formatGitlab } from './formatGitlab';
import { formatJunit } from './formatJunit';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { diffCommand } from './diff';
import { headroomCommand } from './headroom';
import { reportCommand } from './report';
import { configReport, runConfigs } from './projectSettings';
import { fails, gateLevel, ruleSettingsOf } from './severityOptions';
import { simulateCommand } from './simulate';
import { COLOR_OPTION, colorWanted, painter } from './terminalColor';
import { problemsOf, regionOf, type ReportFile, totalsOf } from './reportFile';
import pkg from '../../package.json';

const HELP = `scale ${pkg.version}: design distributed systems as text

Usage:
  scale check <files|folders|globs|-...> [options] check topology files (- reads standard input)
  scale simulate <file> [--scenario NAME] [--seed N] [--format text|json]
                                                   run a file's scenarios and check their budgets
  scale report <file> [-o report.html] [--seed N]  write a self-contained HTML page: diagram,
                                                   findings, scenarios with charts and budgets
  scale diff <base> <head> | --base REV [--head REV] [paths...]
                                                   what a change did: design, findings introduced
                                                   and resolved, load, scenarios before and after
  scale headroom <file> [--to N] [--format text|json|markdown]
                                                   what saturates first as the workload grows, at
                                                   what multiple, and the move that fits
  scale --version | --help

Options of check:
  -f, --format <text|json|sarif|github|junit|gitlab>
                                          report format (default: text); repeat for several reports
  -o, --output <file>                     write the report of the --format before it to a file
                                          (folders are created); -f FORMAT=FILE says both at once
      --stdin-filename <name>             the name of the topology read from standard input ("-")
  -q, --quiet                             report errors only (the exit code still counts everything)
      --fail-on <error|warning|info|none> lowest severity that fails the run (default: error)
      --max-warnings <n>                  fail when there are more than n warnings
      --rule <id=severity>                set a rule's severity (off, info, warning, error) for this
                                          run, over the files' rules and scale.config.json; repeatable
      --color, --no-color                 colour the text report, or not (default: on a terminal,
                                          unless NO_COLOR is set; FORCE_COLOR forces it)

Folders are searched for *.scale.json (node_modules and .git are skipped, and the
files the ignore patterns of scale.config.json match). Links that lead out of the
repository are skipped; a path named outside it is read. Each topology follows the
scale.config.json nearest above it, up to the repository root (docs/config.md).
Exit codes: 0 no failing findings, 1 failing findings, 2 usage or I/O error.
`;

/** Runs the CLI with arguments; returns the exit code. */
export async function run(argv: readonly string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, isTty: boolean, stdoutHasColors = isTty): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? stderr : stdout)(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      stdout(`${pkg.version}\n`);
      return 0;
    }
    if (command === 'check') return check(rest, cwd, stdout, stderr, stdoutHasColors);
    if (command === 'simulate') return simulateCommand(rest, cwd, stdout, stderr, isTty, stdoutHasColors);
    if (command === 'report') return await reportCommand(rest, cwd, stdout, stderr);
    if (command === 'diff') return await diffCommand(rest, cwd, stdout, stderr, stdoutHasColors);
    if (command === 'headroom') return headroomCommand(rest, cwd, stdout, stderr, stdoutHasColors);
    throw new UsageError(`Unknown command "${command}"; expected: check, simulate, report, diff, headroom`);
  } catch (e) {
    const usage = usageErrorText('scale', e);
    if (usage !== undefined) {
      stderr(usage);
      return 2;
    }
    stderr(`scale: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

function check(argv: readonly string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): number {
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    tokens: true,
    allowNegative: true,
    options: {
      ...COLOR_OPTION,
      format: { type: 'string', short: 'f', multiple: true },
      output: { type: 'string', short: 'o', multiple: true },
      'stdin-filename': { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      'fail-on': { type: 'string', default: 'error' },
      'max-warnings': { type: 'string' },
      rule: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout(HELP);
    return 0;
  }
  const targets = reportTargets(tokens);
  const failOn = gateLevel('--fail-on', values['fail-on']!);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not "${values['max-warnings']}"`);
  }
  const ruleOverrides = ruleSettingsOf(values.rule!);
  if (positionals.length === 0) throw new UsageError('check needs at least one file, folder or glob, or "-" for standard input');
  const stdin = positionals.includes('-');
  if (values['stdin-filename'] !== undefined && !stdin) throw new UsageError('--stdin-filename names the topology read from standard input ("-"), and no "-" was given');

  // Each topology is checked with the project configuration above it; the configurations with findings are reported as files.
  const configs = runConfigs(cwd);
  const configsWithFindings = new Set<LoadedConfig>();
  const reportOf = (shown: string, read: Exclude<TopologyFileRead, { error: string }>, config: LoadedConfig | undefined): ReportFile => {
    if (config && config.findings.length > 0) configsWithFindings.add(config);
    if ('finding' in read) return { path: shown, findings: [read.finding], omitted: 0, lines: new LineIndex(read.prefix) };
    const result = checkText(read.text, { ruleSettings: config?.config.rules, ruleOverrides, seed: config?.config.seed });
    return { path: shown, findings: result.findings, omitted: result.omitted, lines: new LineIndex(read.text), coverage: result.coverage };
  };
  const named = positionals.filter((p) => p !== '-');
  const files = named.length > 0 ? expandInputs(named, cwd, stderr, configs) : [];
  const stdinName = values['stdin-filename'];
  const checked: ReportFile[] = [
    // Standard input is governed as the file it names would be, else as a file in the working folder.
    ...(stdin ? [reportOf(stdinName === undefined ? STDIN_NAME : shownPath(stdinName, cwd), readStdin(), configs.forFolder(stdinName === undefined ? cwd : path.dirname(path.resolve(cwd, stdinName))))] : []),
    ...files.map((file) => reportOf(shownPath(file, cwd), readTopology(file, cwd), configs.forFile(file))),
  ];
  const reports = [...[...configsWithFindings].map((c) => configReport(c, cwd)).sort((a, b) => (a.path < b.path ? -1 : 1)), ...checked];

  // --quiet changes what is shown, not what fails: the exit code below counts every finding.
  const shown = values.quiet ? reports.map((r) => ({ ...r, findings: problemsOf(r.findings).filter((f) => f.severity === 'error'), coverage: [] })) : reports;
  const paint = painter(colorWanted(values.color, stdoutHasColors));
  const formatters: Record<Format, (forTerminal: boolean) => string> = {
    text: (forTerminal) => formatText(shown, forTerminal ? paint : painter(false)),
    json: () => formatJson(shown),
    sarif: () => checkSarif(shown),
    github: () => formatGithub(shown),
    junit: () => formatJunit(shown),
    gitlab: () => formatGitlab(shown),
  };
  for (const t of targets) {
    const output = formatters[t.format](t.file === undefined);
    if (t.file === undefined) stdout(output);
    else writeReport(t.file, cwd, output);
  }

  const totals = totalsOf(reports);
  // An accepted finding never fails: the file records why it is acceptable.
  const failing = reports.some((r) => problemsOf(r.findings).some((f) => fails(failOn, f.severity)));
  const tooManyWarnings = maxWarnings !== undefined && totals.warning > maxWarnings;
  return failing || tooManyWarnings ? 1 : 0;
}

/** The report formats of check. */
const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
type Format = (typeof FORMATS)[number];

/** One report a run writes: its format, and its file (standard output when undefined). */
interface ReportTarget {
  format: Format;
  file?: string;
}

/**
 * The reports asked for, in order. `-f FORMAT=FILE` names both; an
 * `--output` goes with the nearest `--format` before it (with one format,
 * wherever it stands, as ESLint's single `-o` does); no `--format` is text.
 */
function reportTargets(tokens: ReturnType<typeof parseArgs>['tokens'] & object): ReportTarget[] {
  const targets: ReportTarget[] = [];
  const pending: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'format') {
      const eq = t.value.indexOf('=');
      const format = eq < 0 ? t.value : t.value.slice(0, eq);
      if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not "${format}"`);
      targets.push({ format: format as Format, ...(eq < 0 ? {} : { file: t.value.slice(eq + 1) }) });
    } else if (t.name === 'output') {
      const last = targets.at(-1);
      if (last === undefined) pending.push(t.value);
      else if (last.file === undefined) last.file = t.value;
      else throw new UsageError(`--output ${t.value} follows a --format that already has its file`);
    }
  }
  if (targets.length === 0) targets.push({ format: 'text' });
  for (const file of pending) {
    const free = targets.find((t) => t.file === undefined);
    if (free === undefined || targets.length > 1) throw new UsageError(`--output ${file} comes before any --format; with several formats, put each --output after its --format`);
    free.file = file;
  }
  if (targets.filter((t) => t.file === undefined).length > 1) throw new UsageError('only one report can go to standard output; give the others a file with --output or -f FORMAT=FILE');
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.file === undefined) continue;
    if (t.file === '') throw new UsageError(`-f ${t.format}= needs a file name after "="`);
    // Spellings of one file ("a.json", "./a.json") are one file.
    const key = path.resolve(t.file);
    if (seen.has(key)) throw new UsageError(`two reports to ${t.file}; give each its own file`);
    seen.add(key);
  }
  return targets;
}

/** The SARIF report of check: the rules with their docs pages as help. */
export function checkSarif(reports: readonly ReportFile[]): string {
  return formatSarif(reports, { version: pkg.version, ruleDoc });
}

/** A rule's docs page, shipped beside the bundle (dist/../docs/rules). */
function ruleDoc(id: string): string | undefined {
  try {
    return fs.readFileSync(path.join(__dirname, '..', 'docs', 'rules', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

/** The JSON format: every finding with 1-based line and column, by file; an accepted one with the reason and where the entry is. */
function formatJson(reports: readonly ReportFile[]): string {
  const totals = totalsOf(reports);
  return JSON.stringify({
    version: pkg.version,
    files: reports.map((r) => ({
      path: r.path,
      omitted: r.omitted,
      coverage: (r.coverage ?? []).map((g) => ({ judgement: g.judgement, components: g.components, of: g.of, text: g.text })),
      findings: r.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        path: f.path,
        ...regionOf(r.lines, f.range),
        offset: f.range.offset,
        length: f.range.length,
        ...(f.related ? { related: f.related.map((x) => ({ message: x.message, path: x.path, ...regionOf(r.lines, x.range) })) } : {}),
        ...(f.fixes ? { fixes: f.fixes } : {}),
        ...(f.data ? { data: f.data } : {}),
        ...(f.accepted ? { accepted: acceptedJson(r, f.accepted) } : {}),
      })),
    })),
    totals: { errors: totals.error, warnings: totals.warning, infos: totals.info, accepted: totals.accepted, omitted: totals.omitted, files: totals.files },
  }, null, 2) + '\n';
}

/** An accepted finding's `accepted` in the JSON format: the reason, and the entry's path, line and column. */
function acceptedJson(r: ReportFile, a: Acceptance) {
  const at = regionOf(r.lines, a.range);
  return { reason: a.reason, path: a.path, line: at.startLine, column: at.startColumn };
}

/** Runs the CLI on this process's arguments and streams. */
export function main(): void {
  void run(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s), process.stdout.isTTY === true, process.stdout.isTTY === true && process.stdout.hasColors()).then((code) => {
    process.exitCode = code;
  });
}
