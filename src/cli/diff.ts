/**
 * `scale diff`: what a change to topologies did. Two files, or the
 * topologies a git change touched and those that import one of them
 * (`--base REV [--head REV] [paths…]`, read from git's objects, never checked
 * out; without --head the working tree is the head), each side with its
 * imports as they were. Exit codes: 0, 1 when a gate asked for fails
 * (`--fail-on-new`: findings the change introduced; `--fail-on`: the head's
 * findings, as `scale check`), 2 usage, I/O or git error.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkForDiff, type DiffInput, type DiffOptions, diffTopology, type DiffRead } from '../core/diff/diff';
import { diffMarkdown } from '../core/diff/markdown';
import type { FileDiff } from '../core/diff/types';
import { GitImportHost, type SideRead } from '../node/gitImportHost';
import { importersOfChange, MAX_CANDIDATES, MAX_IMPORTERS } from '../node/gitImporters';
import type { DiffReportData } from '../core/report/diffReportData';
import { changedTopologies, GitError, readBlob, repositoryTop, resolveRevision, type TopologyChange } from '../node/gitRevisions';
import type { LoadedConfig } from '../node/projectConfig';
import { RevisionConfigs } from '../node/revisionConfigs';
import { isWithin, realPathOf } from '../node/topologySearch';
import { type Compared, diffHtml, diffHtmlData } from './diffHtml';
import { formatDiffText } from './diffText';
import { namedFile, readTopology, RunImports, shownPath, writeReport } from './files';
import { plural } from '../core/text/format';
import { DIAGRAM_NODE_BOUND } from '../core/diagram/elkOptions';
import { reportTargets } from './reportTargets';
import { IoError, usageErrorText, UsageError } from './usageErrors';
import { formatText } from './formatText';
import { oneLine } from './oneLine';
import { configReport, runConfigs } from './projectSettings';
import { fails, gateLevel, ruleSettingsOf } from './severityOptions';
import { diagramNotice, parseMaxDiagramNodes } from './report';
import { parseSeed } from './simulate';
import { COLOR_OPTION, colorWanted, painter } from './terminalColor';
import { version } from '../../package.json';

const HELP = `Usage:
  scale diff <base-file> <head-file> [options]     compare two topology files
  scale diff --base <rev> [--head <rev>] [paths...] compare the topologies a git change touched
                                                   (without --head: the working tree)

Compares the design (components, calls, scenarios, field by field, a renamed
component recognised), the findings introduced and resolved (matched by rule and
place, not by line), each component's load, utilization and ceiling, what
saturates first, and each scenario run on both sides with the same seed.
Each side follows its imports as it was (beside its file, or at its
revision); the topologies that import a file the change touched are compared
too.

Options:
  -f, --format <text|json|markdown|html>  output format (default: text); markdown is the
                                          pull-request comment, with a Mermaid diagram; html
                                          is one self-contained page: both sides' diagrams
                                          with the change marked, and every table
  -o, --output <file>                     write the report of the --format before it to a file
                                          (folders are created); repeat both, or write
                                          -f FORMAT=FILE, for several reports from one
                                          comparison (scenarios are simulated once)
      --report-link <url>                 markdown: where the full report is, named when the
                                          comment leaves parts out to stay under GitHub's limit
      --max-diagram-nodes <n>             html: draw at most n nodes in each side's diagram
                                          (0 to 2,000, default ${DIAGRAM_NODE_BOUND}); a larger side is drawn
                                          collapsed (zones, regions, imported files, then
                                          kinds, each as one node with its counts), and
                                          stderr says so
      --seed <n>                          seed of the scenarios that name none (default 1)
      --rule <id=severity>                set a rule's severity on both sides; repeatable
      --fail-on-new <error|warning|info|none>
                                          fail when the change introduces findings at or
                                          above this severity (default: none)
      --fail-on <error|warning|info|none> fail when the head has findings at or above this
                                          severity, as scale check (default: none)
      --color, --no-color                 colour the text, or not
  -h, --help                              show this help

Exit codes: 0 no gate failed, 1 a gate failed, 2 usage, I/O or git error.
`;

const FORMATS = ['text', 'json', 'markdown', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** Runs `scale diff`; resolves to the exit code. */
export async function diffCommand(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): Promise<number> {
  try {
    return await diff(argv, cwd, stdout, stderr, stdoutHasColors);
  } catch (e) {
    if (e instanceof GitError) {
      stderr(`scale diff: ${oneLine(e.message)}\n`);
      return 2;
    }
    const usage = usageErrorText('scale diff', e);
    if (usage !== undefined) {
      stderr(usage);
      return 2;
    }
    stderr(`scale diff: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

async function diff(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, stdoutHasColors: boolean): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    allowNegative: true,
    options: {
      ...COLOR_OPTION,
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', short: 'f', multiple: true },
      output: { type: 'string', short: 'o', multiple: true },
      'report-link': { type: 'string' },
      'max-diagram-nodes': { type: 'string' },
      seed: { type: 'string' },
      rule: { type: 'string', multiple: true, default: [] },
      'fail-on-new': { type: 'string', default: 'none' },
      'fail-on': { type: 'string', default: 'none' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout(HELP);
    return 0;
  }
  const targets = reportTargets(tokens, FORMATS, cwd);
  const failOnNew = gateLevel('--fail-on-new', values['fail-on-new']!);
  const failOn = gateLevel('--fail-on', values['fail-on']!);
  const bound = parseMaxDiagramNodes(values['max-diagram-nodes']);
  const given = { ruleOverrides: ruleSettingsOf(values.rule!), seed: parseSeed(values.seed) };
  // Each file is compared with the project configuration above it (its head's place), the same on both sides:
  // the working tree's, or the head revision's when the head is one.
  const reported = new Set<LoadedConfig>();
  const optionsBy = (configs: ConfigLookup, revision?: string) => (file: string): DiffOptions => {
    const config = configs.forFile(path.resolve(cwd, file));
    if (config && config.findings.length > 0 && !reported.has(config)) {
      reported.add(config);
      const report = configReport(config, cwd);
      stderr(formatText([revision === undefined ? report : { ...report, path: `${report.path}@${revision}` }]));
    }
    return { ruleSettings: config?.config.rules, ruleOverrides: given.ruleOverrides, seed: given.seed ?? config?.config.seed };
  };

  let compared: Compared[];
  let labels: { base: string; head: string };
  if (values.base !== undefined) {
    ({ compared, labels } = gitDiffs(values.base, values.head, positionals, cwd, stderr, (top, head) => optionsBy(head === undefined ? runConfigs(cwd) : new RevisionConfigs(top, head), values.head)));
  } else {
    if (values.head !== undefined) throw new UsageError('--head goes with --base: scale diff --base REV --head REV');
    if (positionals.length !== 2) throw new UsageError(`diff takes two files (base and head), or --base REV; ${positionals.length === 0 ? 'none was' : `${positionals.length} were`} given`);
    const [baseFile, headFile] = positionals as [string, string];
    labels = { base: shownPath(baseFile, cwd), head: shownPath(headFile, cwd) };
    // Each side's imports are read beside its own file.
    const imports = new RunImports(cwd);
    const side = (file: string, label: string): DiffInput => {
      const named = namedFile(file, cwd);
      return { label, read: readTopology(named, cwd), imports: imports.contextOf(named), fileName: imports.nameOf };
    };
    compared = [compare(side(baseFile, labels.base), side(headFile, labels.head), { ...optionsBy(runConfigs(cwd))(headFile), path: labels.head })];
  }

  const files = compared.map((c) => c.diff);
  // One comparison (each scenario simulated once on each side), written in every format asked for.
  const formatters: Record<Format, (forTerminal: boolean) => Promise<string> | string> = {
    json: () => diffJson(files, labels),
    markdown: () => diffMarkdown(files, { base: labels.base, head: labels.head, version, ...(values['report-link'] ? { htmlHint: values['report-link'] } : {}) }),
    html: async () => diffHtml(drawnSaid(await diffHtmlData(compared, labels, version, bound), bound, stderr)),
    text: (forTerminal) => formatDiffText(files, labels.base, labels.head, painter(forTerminal && colorWanted(values.color, stdoutHasColors))),
  };
  for (const t of targets) {
    const output = await formatters[t.format](t.file === undefined);
    if (t.file === undefined) stdout(output);
    else writeReport(t.file, cwd, output);
  }

  // Accepted findings never fail a gate, as in scale check.
  const newFails = files.some((d) => d.findings.introduced.some((f) => !f.accepted && fails(failOnNew, f.severity)));
  const headFails = files.some((d) => [...d.findings.introduced, ...d.findings.unchanged].some((f) => !f.accepted && fails(failOn, f.severity)));
  return newFails || headFails ? 1 : 0;
}

/** Where a comparison finds the project configuration of a file. */
interface ConfigLookup {
  forFile(file: string): LoadedConfig | undefined;
}

/** Says on stderr which sides of the page's files are drawn collapsed or not drawn, and why; gives the page's data back. */
function drawnSaid(data: DiffReportData, bound: number | undefined, stderr: (s: string) => void): DiffReportData {
  for (const file of data.files) {
    for (const name of ['base', 'head'] as const) {
      const side = file[name];
      const left = side.diagram && diagramNotice({ diagram: side.diagram, laidOut: side.laidOut, layoutNote: side.layoutNote }, bound);
      if (left) stderr(`scale diff: the diagram of ${oneLine(side.label)} (${name}) ${left}\n`);
    }
  }
  return data;
}

/** Two sides compared, with what was read of them (the HTML draws each side from its text). */
function compare(base: DiffInput, head: DiffInput, options: DiffOptions): Compared {
  // Each side checked once: the comparison and the HTML page's diagrams read the same check.
  const checked = (side: DiffInput): DiffInput => (side.read && 'text' in side.read ? { ...side, read: { text: side.read.text, checked: checkForDiff(side.read.text, options, side.imports) } } : side);
  const b = checked(base);
  const h = checked(head);
  return { base: b, head: h, diff: diffTopology(b, h, options) };
}

/**
 * The topologies a git change touched, and those under the paths that import
 * one of them, compared; each side follows its imports at its own revision.
 */
function gitDiffs(baseRev: string, headRev: string | undefined, paths: readonly string[], cwd: string, stderr: (s: string) => void, optionsAt: (top: string, head: string | undefined) => (file: string) => DiffOptions): { compared: Compared[]; labels: { base: string; head: string } } {
  const top = repositoryTop(cwd);
  const base = resolveRevision(cwd, baseRev);
  const head = headRev === undefined ? undefined : resolveRevision(cwd, headRev);
  const optionsFor = optionsAt(top, head);
  const labels = { base: baseRev, head: headRev ?? 'the working tree' };
  const hosts = { base: new GitImportHost(top, base), head: new GitImportHost(top, head) };
  const shownOf = (file: string) => shownPath(path.join(top, file), cwd);
  const input = (side: 'base' | 'head', file: string, label: string, read: DiffRead): DiffInput => ({ label, read, imports: hosts[side].contextOf(file), fileName: shownOf });
  const headLabel = (shown: string) => (headRev === undefined ? shown : `${shown}@${headRev}`);

  const changes = changedTopologies(cwd, base, head, paths);
  const compared: { file: string; compared: Compared }[] = [];
  for (const change of changes) {
    const file = change.headPath ?? change.basePath!;
    const shown = shownOf(file);
    const baseRead = sideRead(change, 'base', top, cwd);
    const headRead = sideRead(change, 'head', top, cwd);
    const baseLabel = `${shownOf(change.basePath ?? file)}@${baseRev}`;
    compared.push({
      file,
      compared: compare(input('base', change.basePath ?? file, baseLabel, baseRead), input('head', file, headLabel(shown), headRead), { ...optionsFor(path.join(top, file)), path: shown }),
    });
  }

  // A change to a file others import moves their findings, load and scenarios: they are compared too, each side as it was.
  const found = importersOfChange(cwd, base, head, paths, changes, hosts);
  if (found.more > 0) stderr(`scale diff: ${plural(found.more, 'more topology', 'more topologies')} ${found.more === 1 ? 'imports' : 'import'} a file the change touched; the first ${MAX_IMPORTERS} by path are compared\n`);
  if (found.unsearched) stderr(`scale diff: more than ${MAX_CANDIDATES} topologies may import a file the change touched; those past the first ${MAX_CANDIDATES} were not searched\n`);
  for (const importer of found.importers) {
    const shown = shownOf(importer.path);
    compared.push({
      file: importer.path,
      compared: compare(
        input('base', importer.path, `${shown}@${baseRev}`, importerRead(hosts.base.readTopology(importer.path), 'base', shown)),
        input('head', importer.path, headLabel(shown), importerRead(hosts.head.readTopology(importer.path), 'head', shown)),
        { ...optionsFor(path.join(top, importer.path)), path: shown, importsChanged: importer.imports.map(shownOf) },
      ),
    });
  }
  compared.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { compared: compared.map((c) => c.compared), labels };
}

/** A side of a file compared for its imports (it did not change): its text, or one finding when that side's file cannot be read. */
function importerRead(read: SideRead, side: 'base' | 'head', shown: string): DiffRead {
  if ('refused' in read) return sideFinding(`At the ${side} it cannot be read: ${read.refused}`);
  if ('error' in read) throw new IoError(`Cannot read ${shown}: ${read.error}`);
  return read;
}

/** A side that is not read, as one finding: the change shows and gates. */
function sideFinding(message: string): DiffRead {
  return { prefix: '', finding: { ruleId: 'syntax', severity: 'error', path: [], range: { offset: 0, length: 0 }, message } };
}

/** One side's text: from its blob, or the working tree; undefined when the file is not on that side; one finding when it is not a file. */
function sideRead(change: TopologyChange, side: 'base' | 'head', top: string, cwd: string): DiffRead {
  const file = side === 'base' ? change.basePath : change.headPath;
  if (file === undefined) return undefined;
  const shown = shownPath(path.join(top, file), cwd);
  const notFile = side === 'base' ? change.baseNotFile : change.headNotFile;
  // Not read (a link could lead anywhere), and not dropped either.
  if (notFile !== undefined) return sideFinding(`At the ${side} this is ${notFile}, not a file: it is not read or compared`);
  const blob = side === 'base' ? change.baseBlob : change.headBlob;
  const read = blob !== undefined ? readBlob(cwd, blob) : workingTreeRead(path.join(top, file), top, cwd, shown);
  if ('error' in read) throw new IoError(`Cannot read ${shown}: ${read.error}`);
  return read;
}

/** A file of the working tree, unless it is a link that leads out of the repository. */
function workingTreeRead(abs: string, top: string, cwd: string, shown: string): ReturnType<typeof readTopology> {
  const real = realPathOf(abs);
  if (real !== undefined && !isWithin(real, top)) throw new IoError(`${shown}: it leads outside the repository, so it is not read`);
  return readTopology(abs, cwd);
}

/** The JSON format: every part of every file's comparison (docs/diff.md). */
function diffJson(files: readonly FileDiff[], labels: { base: string; head: string }): string {
  const count = (pick: (d: FileDiff) => readonly { severity: string }[]) => {
    const t = { error: 0, warning: 0, info: 0 };
    for (const d of files) for (const f of pick(d)) t[f.severity as keyof typeof t]++;
    return t;
  };
  return JSON.stringify({
    version,
    base: labels.base,
    head: labels.head,
    files,
    totals: { files: files.length, introduced: count((d) => d.findings.introduced), resolved: count((d) => d.findings.resolved) },
  }, null, 2) + '\n';
}
