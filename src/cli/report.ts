/**
 * `scale report <file> [-o report.html] [--seed N]`: one self-contained HTML
 * page with the file's diagram (laid out here, with the same ELK graph and
 * options as the editor's diagram), its findings, and its scenarios run as
 * `scale simulate` runs them, with the simulation panel's charts. The page carries its script,
 * styles and data inline and loads nothing; a Content-Security-Policy with
 * the hashes of its own script and style lets nothing else run. The same file
 * and seed give a byte-identical page.
 *
 * Exit codes: 0 the report was written (whatever the file's findings: gate on
 * them with `scale check`), 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type CheckOptions, type CheckResult, checkText } from '../core/check';
import { buildDiagram, lineRanges, mapDiagramRanges } from '../core/diagram/diagramModel';
import type { TextRange } from '../core/findings';
import type { ElkNodeJson } from '../core/diagram/elkGraph';
import { DIAGRAM_NODE_BOUND, MAX_LAYOUT_NODES } from '../core/diagram/elkOptions';
import type { ReportData, ReportFinding, ReportSimulation } from '../core/report/reportData';
import { pathsData } from '../core/report/pathsData';
import { DEFAULT_SEED } from '../core/scenario/scenarioSeed';
import { sourceExcerpts } from '../core/report/sourceExcerpts';
import { saturationRun } from '../core/whatIf/whatIf';
import { runScenario } from '../core/scenario/runScenario';
import { blockingFindings } from '../core/sim/simulable';
import { num, plural } from '../core/text/format';
import { LineIndex } from '../core/text/lineIndex';
import { DiagramData } from '../core/webviewProtocol';
import { readOneTopology, RunImports, shownPath, writeReport } from './files';
import { oneLine } from './oneLine';
import { COLOR_OPTION } from './terminalColor';
import { reportHtml } from './reportHtml';
import { topologyConfig } from './projectSettings';
import { formatScenario, parseSeed } from './simulate';
import { UsageError } from './usageErrors';
import { version } from '../../package.json';

const HELP = `Usage: scale report <file> [options]

Writes one self-contained HTML page: the diagram, the findings, and the
scenarios run, with charts and budgets. It loads nothing from the network.

Options:
  -o, --output <file>   write the page here (default: standard output)
      --seed <n>        seed of the scenarios that name none (default: the seed
                        of scale.config.json, else 1); a scenario's own seed wins
      --max-diagram-nodes <n>
                        draw at most n nodes in the diagram (0 to ${num(MAX_LAYOUT_NODES)}, default
                        ${DIAGRAM_NODE_BOUND}); a larger file is drawn collapsed (zones, regions,
                        imported files, then kinds, each as one node with its
                        counts), and stderr says so; 0 lists the components
      --color, --no-color   accepted as by every command (the page is not coloured text)
  -h, --help            show this help

Exit codes: 0 the report was written, 2 usage or I/O error.
`;

/** Runs `scale report`; resolves to the exit code. */
export async function reportCommand(argv: string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      // The page has no terminal colours; the flags are taken so that one set works on every command.
      ...COLOR_OPTION,
      output: { type: 'string', short: 'o' },
      seed: { type: 'string' },
      'max-diagram-nodes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout(HELP);
    return 0;
  }
  const given = parseSeed(values.seed);
  const bound = parseMaxDiagramNodes(values['max-diagram-nodes']);
  const read = readOneTopology('report', positionals, cwd, stderr);
  if (!read) return 2;
  const project = topologyConfig(read.file, cwd, stderr)?.config;
  // --seed for this run, else the project's; the findings with the project's severities, as scale check gives them.
  // Imported files named as the run names files (relative to the working folder).
  const imports = new RunImports(cwd);
  const data = await reportData(read.text, read.shown, given ?? project?.seed, { ruleSettings: project?.rules, seed: project?.seed, imports: imports.contextOf(read.file) }, bound, imports.nameOf);
  const left = diagramNotice(data, bound);
  if (left !== undefined) stderr(`scale report: the diagram of ${oneLine(read.shown)} ${left}\n`);
  const html = reportHtml(data, reportScript());
  if (values.output === undefined) {
    stdout(html);
    return 0;
  }
  const out = path.resolve(cwd, values.output);
  writeReport(values.output, cwd, html);
  const t = data.diagram.totals;
  stderr(`Wrote ${oneLine(shownPath(out, cwd))}: ${plural(componentCount(data.diagram), 'component')}, ${plural(t.error + t.warning + t.info, 'finding')}, ${plural(data.simulation.results.length, 'scenario')} run\n`);
  return 0;
}

/**
 * Checks the text (with `options`: the project's severities, seed and
 * imports), lays its diagram out if it has at most `maxDiagramNodes`
 * components (given by --max-diagram-nodes, else the diagram's own bound)
 * and runs its scenarios with `seed`; `fileName` names the files imported
 * components are declared in (see laidOutDiagram).
 */
export async function reportData(text: string, file: string, seed: number | undefined, options: Pick<CheckOptions, 'ruleSettings' | 'seed' | 'imports'> = {}, maxDiagramNodes?: number, fileName?: (key: string) => string): Promise<ReportData> {
  const checked = checkText(text, options);
  const lines = new LineIndex(text);
  const drawn = await laidOutDiagram(checked, lines, file, maxDiagramNodes, fileName);

  const findings: ReportFinding[] = checked.findings.map((f) => {
    const p = lines.positionAt(f.range.offset);
    const component = f.path[0] === 'components' && typeof f.path[1] === 'string' ? f.path[1] : undefined;
    return { ruleId: f.ruleId, severity: f.severity, message: f.message, line: p.line + 1, column: p.character + 1, ...(component !== undefined ? { component } : {}) };
  });

  const simulation: ReportSimulation = { seed: seed ?? null, declared: 0, results: [], text: [] };
  const topology = checked.topology;
  if (topology && blockingFindings(checked.findings).length === 0) {
    simulation.declared = topology.scenarios.length;
    for (const s of topology.scenarios) {
      const result = runScenario(topology, s.index, seed !== undefined ? { seed } : {});
      simulation.results.push(result);
      simulation.text.push(formatScenario(result, simulation.declared));
    }
  } else {
    simulation.notRun = 'The file does not validate, so its scenarios were not run.';
  }
  // Availability and latency per entry point, as scale paths gives them; the check's slo findings judge the SLOs.
  const paths = topology && blockingFindings(checked.findings).length === 0 ? pathsData(topology, checked.load!, checked.findings.filter((f) => f.ruleId === 'slo')) : undefined;
  // The saturation chart, its points simulated with the report's seed (as the panel's worker runs them with the editor's).
  const saturation = topology && blockingFindings(checked.findings).length === 0 ? saturationRun(topology, checked.load!, seed ?? DEFAULT_SEED) : undefined;

  return {
    version,
    file,
    ...drawn,
    findings,
    omittedFindings: checked.omitted,
    source: sourceExcerpts(text, findings),
    simulation,
    ...(paths ? { paths } : {}),
    ...(saturation ? { saturation } : {}),
  };
}

/**
 * A checked file's diagram, as the editor's panel would receive it, laid out with the panel's ELK graph and options
 * (with at most `maxNodes` components). An imported component's ranges are in the file that declares it, named by
 * `fileName` (by default by the import that brings it, as written: never a path of this machine).
 */
export async function laidOutDiagram(checked: CheckResult, lines: LineIndex, file: string, maxNodes?: number, fileName?: (key: string) => string): Promise<Pick<ReportData, 'diagram' | 'laidOut' | 'layoutNote'>> {
  const built = buildDiagram(checked, undefined, maxNodes === undefined ? {} : { maxNodes });
  const fromOf = new Map(built.nodes.flatMap((n) => (n.imported ? [[n.imported.file, n.imported.from] as const] : [])));
  const own = (r: TextRange) => ({ start: lines.positionAt(r.offset), end: lines.positionAt(r.offset + r.length) });
  const model = mapDiagramRanges(built, lineRanges(checked.imported, own), fileName ?? ((key) => fromOf.get(key) ?? ''));
  // Checked against the schema the diagram panel checks its messages with: the page draws what the panel would.
  const diagram = DiagramData.parse({ ...model, uri: file, version: 1 });
  const laid = model.graph ? await layout(model.graph) : { note: model.notLaidOut ?? 'the file is too large to lay out' };
  return { diagram, ...('graph' in laid ? { laidOut: laid.graph } : { layoutNote: laid.note }) };
}

/**
 * Lays the graph out with elkjs, loaded on first use (`scale check` never pays
 * for it). On Node elkjs runs in this thread and cannot be interrupted: the
 * diagram model's own limits on what it lays out bound the time.
 */
async function layout(graph: ElkNodeJson): Promise<{ graph: ElkNodeJson } | { note: string }> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  try {
    const laidOut = await new ELK().layout(structuredClone(graph) as Parameters<InstanceType<typeof ELK>['layout']>[0]);
    return { graph: laidOut as unknown as ElkNodeJson };
  } catch (e) {
    return { note: `the layout failed (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** `--max-diagram-nodes`: a whole number from 0 to the diagram's own bound; undefined when not given. */
export function parseMaxDiagramNodes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > MAX_LAYOUT_NODES) throw new UsageError(`--max-diagram-nodes takes a whole number from 0 to ${num(MAX_LAYOUT_NODES)}, not "${value}"`);
  return Number(value);
}

/**
 * What stderr says of a diagram the page draws collapsed or does not draw
 * (after "the diagram of FILE"), undefined when it is drawn whole: the page's
 * own account, whether --max-diagram-nodes set the bound, and what the page
 * shows instead.
 */
export function diagramNotice(drawn: Pick<ReportData, 'diagram' | 'laidOut' | 'layoutNote'>, bound: number | undefined): string | undefined {
  const collapsed = drawn.diagram.collapsed;
  const byFlag = bound !== undefined && componentCount(drawn.diagram) > bound;
  const flag = byFlag ? ', as --max-diagram-nodes says' : '';
  if (drawn.laidOut) return collapsed ? `is drawn collapsed (${oneLine(collapsed.note)}${flag})${byFlag ? '' : '; --max-diagram-nodes raises the bound'}` : undefined;
  if (drawn.layoutNote === undefined) return undefined;
  const listed = collapsed ? 'its groups' : drawn.diagram.omittedNodes > 0 ? `the first ${num(drawn.diagram.nodes.length)} components` : 'its components';
  return `is not drawn (${oneLine(drawn.layoutNote)}${flag}); the page lists ${listed} instead`;
}

/** The components of a diagram's file: drawn, in a collapsed group, or past the list. */
export function componentCount(diagram: Pick<ReportData['diagram'], 'nodes' | 'omittedNodes' | 'collapsed'>): number {
  return diagram.collapsed?.components ?? diagram.nodes.length + diagram.omittedNodes;
}

/** The pages' script: dist/report.js, built beside this bundle. */
export function reportScript(): string {
  const file = path.join(__dirname, 'report.js');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: run "npm run build"`);
  }
}
