/**
 * The `scale` command. Exit codes: 0 clean, 1 findings at or above
 * `--fail-on` (or more warnings than `--max-warnings`), 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SEVERITY_RANK, type Severity } from '../core/findings';
import { checkText, type RuleSetting } from '../core/check';
import { RULES_BY_ID } from '../core/analysis/catalog';
import { LineIndex } from '../core/text/lineIndex';
import { expandInputs, readTopology, shownPath, UsageError } from './files';
import { formatGithub } from './formatGithub';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { oneLine } from './oneLine';
import { reportCommand } from './report';
import { simulateCommand } from './simulate';
import { regionOf, type ReportFile, totalsOf } from './reportFile';
import pkg from '../../package.json';

const HELP = `scale ${pkg.version}: design distributed systems as text

Usage:
  scale check <files|folders|globs...> [options]   check topology files
  scale simulate <file> [--scenario NAME] [--seed N] [--format text|json]
                                                   run a file's scenarios and check their budgets
  scale report <file> [-o report.html] [--seed N]  write a self-contained HTML page: diagram,
                                                   findings, scenarios with charts and budgets
  scale --version | --help

Options of check:
  -f, --format <text|json|sarif|github>   output format (default: text)
  -o, --output <file>                     write the report to a file instead of stdout
      --fail-on <error|warning|info|none> lowest severity that fails the run (default: error)
      --max-warnings <n>                  fail when there are more than n warnings
      --rule <id=severity>                set a rule's severity (off, info, warning, error); repeatable
      --no-color                          plain text output

Folders are searched for *.scale.json (node_modules and .git are skipped). Links
that lead out of the repository are skipped; a path named outside it is read.
Exit codes: 0 no failing findings, 1 failing findings, 2 usage or I/O error.
`;

/** Runs the CLI with arguments; returns the exit code. */
export async function run(argv: readonly string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, isTty: boolean): Promise<number> {
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
    if (command === 'check') return check(rest, cwd, stdout, stderr, isTty);
    if (command === 'simulate') return simulateCommand(rest, cwd, stdout, stderr, isTty);
    if (command === 'report') return await reportCommand(rest, cwd, stdout, stderr);
    throw new UsageError(`Unknown command "${command}"; expected: check, simulate, report`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      stderr(`scale: ${oneLine((e as Error).message)}\nRun "scale --help" for usage.\n`);
      return 2;
    }
    stderr(`scale: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

function check(argv: readonly string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, isTty: boolean): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string', default: 'error' },
      'max-warnings': { type: 'string' },
      rule: { type: 'string', multiple: true, default: [] },
      color: { type: 'boolean', default: true },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout(HELP);
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif', 'github'].includes(format)) throw new UsageError(`--format must be text, json, sarif or github, not "${format}"`);
  const failOn = values['fail-on']!;
  if (!['error', 'warning', 'info', 'none'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info or none, not "${failOn}"`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings takes a whole number, not "${values['max-warnings']}"`);
  }
  const ruleSettings = new Map<string, RuleSetting>();
  for (const r of values.rule!) {
    const m = /^([a-z-]+)=(off|info|warning|error)$/.exec(r);
    if (!m || !RULES_BY_ID.has(m[1]!)) throw new UsageError(`--rule takes id=off|info|warning|error with a known rule id, not "${r}"`);
    ruleSettings.set(m[1]!, m[2] as RuleSetting);
  }
  if (positionals.length === 0) throw new UsageError('check needs at least one file, folder or glob');

  const files = expandInputs(positionals, cwd, stderr);
  const reports: ReportFile[] = files.map((file) => {
    const shown = shownPath(file, cwd);
    const read = readTopology(file, cwd);
    if ('finding' in read) return { path: shown, findings: [read.finding], omitted: 0, lines: new LineIndex(read.prefix) };
    const result = checkText(read.text, { ruleSettings });
    return { path: shown, findings: result.findings, omitted: result.omitted, lines: new LineIndex(read.text) };
  });

  const color = isTty && values.color! && !values['no-color'] && !process.env.NO_COLOR && !values.output;
  const output =
    format === 'json' ? formatJson(reports)
    : format === 'sarif' ? formatSarif(reports, { version: pkg.version, ruleDoc })
    : format === 'github' ? formatGithub(reports)
    : formatText(reports, color);
  if (values.output) {
    try {
      fs.writeFileSync(path.resolve(cwd, values.output), output);
    } catch (e) {
      throw new UsageError(`Cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else {
    stdout(output);
  }

  const totals = totalsOf(reports);
  const failing = failOn !== 'none' && reports.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn as Severity]));
  const tooManyWarnings = maxWarnings !== undefined && totals.warning > maxWarnings;
  return failing || tooManyWarnings ? 1 : 0;
}

/** A rule's docs page, shipped beside the bundle (dist/../docs/rules). */
function ruleDoc(id: string): string | undefined {
  try {
    return fs.readFileSync(path.join(__dirname, '..', 'docs', 'rules', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

/** The JSON format: every finding with 1-based line and column, by file. */
function formatJson(reports: readonly ReportFile[]): string {
  const totals = totalsOf(reports);
  return JSON.stringify({
    version: pkg.version,
    files: reports.map((r) => ({
      path: r.path,
      omitted: r.omitted,
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
      })),
    })),
    totals: { errors: totals.error, warnings: totals.warning, infos: totals.info, omitted: totals.omitted, files: totals.files },
  }, null, 2) + '\n';
}

/** Runs the CLI on this process's arguments and streams. */
export function main(): void {
  void run(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s), process.stdout.isTTY === true).then((code) => {
    process.exitCode = code;
  });
}
