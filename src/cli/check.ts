/**
 * `scale check <files|folders|globs|-...>`: the findings of each topology
 * (with the project configuration above it) in one or more report formats.
 * Exit codes: 0 clean, 1 findings at or above `--fail-on` (or more warnings
 * than `--max-warnings`), 2 usage or I/O error.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkText } from '../core/check';
import type { Acceptance, RelatedLocation } from '../core/findings';
import { LineIndex } from '../core/text/lineIndex';
import type { LoadedConfig } from '../node/projectConfig';
import type { TopologyFileRead } from '../node/topologyFile';
import { expandInputs, readStdin, readTopology, RunImports, shownPath, STDIN_NAME, writeReport } from './files';
import { formatGithub } from './formatGithub';
import { formatJunit } from './formatJunit';
import { formatText } from './formatText';
import { HELP } from './help';
import { configReport, runConfigs, runIgnores } from './projectSettings';
import { fileOf, problemsOf, regionOf, type ReportFile, totalsOf } from './reportFile';
import { fails, gateLevel, ruleSettingsOf } from './severityOptions';
import { COLOR_OPTION, colorWanted, painter } from './terminalColor';
import { reportTargets } from './reportTargets';
import { UsageError } from './usageErrors';
import { version } from '../../package.json';

/** Runs `scale check`; gives the exit code. */
export async function checkCommand(argv: readonly string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): Promise<number> {
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
  const targets = reportTargets(tokens, FORMATS, cwd);
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
  const imports = new RunImports(cwd);
  const reportOf = (shown: string, file: string | undefined, read: Exclude<TopologyFileRead, { error: string }>, config: LoadedConfig | undefined): ReportFile => {
    if (config && config.findings.length > 0) configsWithFindings.add(config);
    if ('finding' in read) return { path: shown, findings: [read.finding], omitted: 0, lines: new LineIndex(read.prefix) };
    const result = checkText(read.text, { ruleSettings: config?.config.rules, ruleOverrides, seed: config?.config.seed, imports: imports.contextOf(file) });
    return { path: shown, findings: result.findings, omitted: result.omitted, lines: new LineIndex(read.text), coverage: result.coverage, imported: imports.shown(result.imported) };
  };
  const named = positionals.filter((p) => p !== '-');
  const files = named.length > 0 ? expandInputs(named, cwd, stderr, runIgnores(cwd, configs)) : [];
  const stdinName = values['stdin-filename'];
  const checked: ReportFile[] = [
    // Standard input is governed as the file it names would be, else as a file in the working folder.
    ...(stdin ? [reportOf(stdinName === undefined ? STDIN_NAME : shownPath(stdinName, cwd), stdinName, readStdin(), configs.forFolder(stdinName === undefined ? cwd : path.dirname(path.resolve(cwd, stdinName))))] : []),
    ...files.map((file) => reportOf(shownPath(file, cwd), file, readTopology(file, cwd), configs.forFile(file))),
  ];
  const reports = [...[...configsWithFindings].map((c) => configReport(c, cwd)).sort((a, b) => (a.path < b.path ? -1 : 1)), ...checked];

  // --quiet changes what is shown, not what fails: the exit code below counts every finding.
  const shown = values.quiet ? reports.map((r) => ({ ...r, findings: problemsOf(r.findings).filter((f) => f.severity === 'error'), coverage: [] })) : reports;
  const totals = totalsOf(reports);
  // The summaries of what --quiet leaves out still count every finding.
  const all = values.quiet ? totals : undefined;
  const paint = painter(colorWanted(values.color, stdoutHasColors));
  // SARIF and GitLab's report fingerprint findings with node:crypto (and SARIF zips with node:zlib): loaded only for them, as
  // setting those up is a tenth of a small check's start.
  const formatters: Record<Format, (forTerminal: boolean) => string | Promise<string>> = {
    text: (forTerminal) => formatText(shown, forTerminal ? paint : painter(false), all),
    json: () => formatJson(shown),
    sarif: async () => (await import('./checkSarif')).checkSarif(shown),
    github: () => formatGithub(shown, all),
    junit: () => formatJunit(shown),
    gitlab: async () => (await import('./formatGitlab')).formatGitlab(shown),
  };
  for (const t of targets) {
    const output = await formatters[t.format](t.file === undefined);
    if (t.file === undefined) stdout(output);
    else writeReport(t.file, cwd, output);
  }

  // An accepted finding never fails: the file records why it is acceptable.
  const failing = reports.some((r) => problemsOf(r.findings).some((f) => fails(failOn, f.severity)));
  const tooManyWarnings = maxWarnings !== undefined && totals.warning > maxWarnings;
  return failing || tooManyWarnings ? 1 : 0;
}

/** The report formats of check. */
const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
type Format = (typeof FORMATS)[number];

/** The JSON format: every finding with 1-based line and column, by file; an accepted one with the reason and where the entry is. */
function formatJson(reports: readonly ReportFile[]): string {
  const totals = totalsOf(reports);
  return JSON.stringify({
    version,
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
        ...(f.related ? { related: f.related.map((x) => relatedJson(r, x)) } : {}),
        ...(f.fixes ? { fixes: f.fixes } : {}),
        ...(f.data ? { data: f.data } : {}),
        ...(f.accepted ? { accepted: acceptedJson(r, f.accepted) } : {}),
      })),
    })),
    totals: { errors: totals.error, warnings: totals.warning, infos: totals.info, accepted: totals.accepted, omitted: totals.omitted, files: totals.files },
  }, null, 2) + '\n';
}

/** A related location in the JSON format: its message, path, line and column, and its file when it is in an imported one. */
function relatedJson(r: ReportFile, x: RelatedLocation) {
  const where = fileOf(r, x);
  return { message: x.message, ...(where !== r ? { file: where.path } : {}), path: x.path, ...regionOf(where.lines, x.range) };
}

/** An accepted finding's `accepted` in the JSON format: the reason, and the entry's path, line and column. */
function acceptedJson(r: ReportFile, a: Acceptance) {
  const at = regionOf(r.lines, a.range);
  return { reason: a.reason, path: a.path, line: at.startLine, column: at.startColumn };
}
