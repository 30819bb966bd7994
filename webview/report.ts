/**
 * The script of `scale report`'s page (bundled to dist/report.js and inlined
 * by the CLI; it draws `scale diff --format html`'s page too, with
 * webview/diffPage.ts): draws the diagram the CLI laid out, with the webview's own
 * renderer and zoom/pan, the findings as a table, availability and latency,
 * the saturation chart (what breaks first as the workload grows), and each scenario as the
 * simulation panel shows it (outcome, charts, budgets) with the text
 * `scale simulate` prints for it. Selecting a finding marks its component in the
 * diagram, and clicking a component selects its findings. Every text from
 * the file goes in through `textContent`.
 */
import type { DiffReportData } from '../src/core/report/diffReportData';
import type { ReportData, ReportFinding } from '../src/core/report/reportData';
import type { Excerpt, ExcerptLine } from '../src/core/report/sourceExcerpts';
import type { ScenarioResult } from '../src/core/scenario/types';
import { Charts } from './charts';
import { diagramFrame, fileStem } from './diagramFrame';
import { diffPage } from './diffPage';
import { el, table } from './dom';
import { formatDuration, latencyText } from '../src/core/model/duration';
import type { PathsData } from '../src/core/report/pathsData';
import { consistencyText, costsText, entryLines, objectiveText, storeTexts } from '../src/core/report/pathsText';
import { availabilityPct, num, plural } from '../src/core/text/format';
import { saturationChart } from './saturationChart';
import { scenarioArticle } from './simResults';

type DiagramNode = ReportData['diagram']['nodes'][number];

(() => {
  const root = document.getElementById('report')!;
  let parsed: ReportData | DiffReportData;
  try {
    parsed = JSON.parse(document.getElementById('report-data')?.textContent ?? '') as ReportData | DiffReportData;
  } catch (e) {
    root.replaceChildren(el('p', `The report's data cannot be read (${e instanceof Error ? e.message : String(e)}).`, 'message'));
    return;
  }
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const theme = () => {
    document.body.classList.toggle('vscode-dark', dark.matches);
    document.body.classList.toggle('vscode-light', !dark.matches);
  };
  theme();
  dark.addEventListener('change', theme);
  if (isDiff(parsed)) {
    root.replaceChildren(...diffPage(parsed));
    return;
  }
  const data = parsed;

  const d = data.diagram;
  const heading = el('h1', d.name ?? data.file);
  const subtitle = el('p', undefined, 'subtitle');
  subtitle.append(el('code', data.file), ` · ${plural(d.collapsed?.components ?? d.nodes.length + d.omittedNodes, 'component')} · ${plural(d.totals.error, 'error')}, ${plural(d.totals.warning, 'warning')}, ${plural(d.totals.info, 'info')}`);

  // --- the diagram ---------------------------------------------------------
  const frame = diagramFrame({ diagram: d, laidOut: data.laidOut, layoutNote: data.layoutNote, imageName: fileStem(data.file), label: 'Diagram', onActivate: (node) => selectFindingsOf(node) });
  const mark = frame.mark;

  // --- the findings --------------------------------------------------------
  const rows: { row: HTMLTableRowElement; finding: ReportFinding }[] = [];
  function selectFindingsOf(node: DiagramNode): void {
    mark(node.id, false);
    let first: HTMLTableRowElement | undefined;
    for (const { row, finding } of rows) {
      const on = finding.component === node.id;
      row.classList.toggle('selected', on);
      if (on) first ??= row;
    }
    first?.scrollIntoView({ block: 'nearest' });
  }

  const findings = el('section');
  findings.append(el('h2', `Findings (${num(data.findings.length + data.omittedFindings)})`));
  if (data.findings.length === 0) findings.append(el('p', 'No findings.', 'subtitle'));
  else {
    const table = el('table', undefined, 'findings');
    const head = el('tr');
    for (const h of ['Severity', 'Rule', 'Where', 'Finding']) head.append(el('th', h));
    table.append(el('thead'), el('tbody'));
    table.tHead!.append(head);
    for (const f of data.findings) {
      const row = el('tr', undefined, 'finding');
      row.tabIndex = 0;
      // The place links to its line in the source excerpt below (the page's own anchor: nothing is fetched).
      const where = el('td', undefined, 'where');
      const place = el('a', `${f.line}:${f.column}`);
      place.href = `#${lineId(f.line)}`;
      where.append(place, f.component !== undefined ? ` ${f.component}` : '');
      row.append(el('td', f.severity, `sev ${f.severity}`), el('td', f.ruleId, 'rule'), where, el('td', f.message));
      const select = (toDiagram: boolean) => {
        for (const r of rows) r.row.classList.toggle('selected', r.row === row);
        mark(f.component, true);
        if (toDiagram && f.component !== undefined) frame.element.scrollIntoView({ block: 'nearest' });
      };
      // A click on the place goes to the source; anywhere else on the row, to the diagram.
      row.addEventListener('click', (e) => select(!(e.target instanceof Element && e.target.closest('a'))));
      row.addEventListener('keydown', (e) => e.key === 'Enter' && e.target === row && select(true));
      rows.push({ row, finding: f });
      table.tBodies[0]!.append(row);
    }
    findings.append(table);
    if (data.omittedFindings > 0) findings.append(el('p', `${plural(data.omittedFindings, 'more finding')} not listed.`, 'subtitle'));
  }

  // --- the source around the findings ------------------------------------
  const source = sourceSection(data.file, data.source, data.findings);

  // --- availability and latency ------------------------------------------
  const paths = pathsSection(data.paths);

  // --- what saturates first as the workload grows -----------------------
  const charts = new Charts();
  const growth = el('section', undefined, 'growth');
  growth.append(el('h2', 'Saturation as the workload grows'));
  if (data.saturation) growth.append(saturationChart(data.saturation.curve, data.saturation.points, charts));
  else growth.append(el('p', 'The file does not validate, so its headroom was not computed.', 'subtitle'));

  // --- the scenarios -------------------------------------------------------
  const scenarios = el('section', undefined, 'scenarios');
  const sim = data.simulation;
  scenarios.append(el('h2', `Scenarios (${sim.results.length}${sim.results.length < sim.declared ? ` of ${sim.declared}` : ''})`));
  if (sim.notRun) scenarios.append(el('p', sim.notRun, 'subtitle'));
  else if (sim.results.length === 0) scenarios.append(el('p', 'The file declares no scenarios.', 'subtitle'));
  if (sim.results.length > 0) sim.results.forEach((r, i) => scenarios.append(scenario(r, sim.text[i] ?? [], charts)));

  const footer = el('footer', `Written by scale ${data.version}${sim.seed !== null ? `, seed ${sim.seed}` : ''}. The same file and seed give the same report.`);
  root.replaceChildren(heading, subtitle, frame.element, findings, ...(source ? [source] : []), paths, growth, scenarios, footer);
})();

/** The id of a line of the source excerpt, which a finding's place links to. */
function lineId(line: number): string {
  return `L${line}`;
}

/** The file's lines around the findings, numbered, each finding's place marked; none when there are no findings. */
function sourceSection(file: string, excerpts: readonly Excerpt[], findings: readonly ReportFinding[]): HTMLElement | undefined {
  if (excerpts.length === 0) return undefined;
  const section = el('section', undefined, 'source');
  section.append(el('h2', 'Source around the findings'));
  const note = el('p', undefined, 'subtitle');
  note.append(el('code', file), ', two lines either side of each finding; a finding\'s place is marked.');
  section.append(note);
  const columns = new Map<number, Set<number>>();
  for (const f of findings) columns.set(f.line, (columns.get(f.line) ?? new Set()).add(f.column));
  for (const excerpt of excerpts) {
    const block = el('div', undefined, 'src-excerpt');
    for (const l of excerpt) {
      const line = el('div', undefined, 'src-line');
      line.id = lineId(l.line);
      const text = el('span', undefined, 'src-text');
      markPlaces(text, l, [...(columns.get(l.line) ?? [])]);
      line.append(el('span', String(l.line), 'src-number'));
      if (l.from > 1) line.append(el('span', '…', 'src-cut'));
      line.append(text);
      if (l.cut) line.append(el('span', '…', 'src-cut'));
      block.append(line);
    }
    section.append(block);
  }
  return section;
}

/** A line's text with each finding's place in it (from its column to the end of the token there) in a <mark>. */
function markPlaces(into: HTMLElement, l: ExcerptLine, columns: number[]): void {
  const starts = columns.map((c) => c - l.from).filter((i) => i >= 0 && i < l.text.length).sort((a, b) => a - b);
  let at = 0;
  starts.forEach((start, i) => {
    if (start < at) return;
    const end = Math.min(tokenEnd(l.text, start), starts[i + 1] ?? Infinity);
    into.append(l.text.slice(at, start));
    const m = el('mark', l.text.slice(start, end));
    m.dataset.column = String(start + l.from);
    into.append(m);
    at = end;
  });
  into.append(l.text.slice(at));
}

/** Where the JSON token starting at `i` ends: a string to its closing quote, a word or number to its last character, else one character. */
function tokenEnd(text: string, i: number): number {
  if (text[i] === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  }
  const word = /^[\w.+-]+/.exec(text.slice(i));
  return i + (word ? word[0].length : 1);
}

/** Availability and latency per entry point, the SLOs, RTO and RPO per store, and the cost of consistency: what `scale paths` prints. */
function pathsSection(d: PathsData | undefined): HTMLElement {
  const section = el('section', undefined, 'paths');
  section.append(el('h2', `Availability and latency (${plural(d?.entries.length ?? 0, 'entry point')})`));
  if (!d) {
    section.append(el('p', 'The file does not validate, so its paths were not computed.', 'subtitle'));
    return section;
  }
  section.append(table(['Entry point', 'Availability', 'Downtime / month', 'p50', 'p99', 'Costs the most'], d.entries.map((e) =>
    [e.id, availabilityPct(e.availability.all), formatDuration(e.availability.downtimePerMonthMinutes * 60_000), latencyText(e.latency.p50Ms), latencyText(e.latency.p99Ms), costsText(e)]), 'paths'));
  for (const e of d.entries) {
    const details = el('details', undefined, 'entry');
    details.append(el('summary', e.id));
    const list = el('ul', undefined, 'budgets');
    for (const { label, text } of entryLines(e)) list.append(el('li', `${label}: ${text}`));
    details.append(list);
    section.append(details);
  }
  if (d.slos.length > 0) {
    section.append(el('h3', 'SLOs'));
    const list = el('ul', undefined, 'budgets');
    for (const o of d.slos) {
      for (const x of o.objectives) {
        const li = el('li');
        li.append(el('span', x.met ? 'met' : 'not met', `verdict ${x.met ? 'held' : 'violated'}`), ` ${o.entry}${o.op !== 'mixed' ? ` (${o.op}s)` : ''}: ${objectiveText(x)}${x.message ? ` — ${x.message}` : ''}`);
        list.append(li);
      }
    }
    section.append(list);
  }
  if (d.stores.length > 0) {
    section.append(el('h3', 'Stores: when a primary dies'));
    section.append(table(['Store', 'RTO', 'RPO'], d.stores.map((s) => {
      const t = storeTexts(s);
      return [s.id, t.rto, t.rpo];
    }), 'stores'));
  }
  if (d.consistency.length > 0) {
    section.append(el('h3', 'Consistency: what each choice costs, and what it avoids'));
    const list = el('ul', undefined, 'budgets');
    for (const c of d.consistency) list.append(el('li', consistencyText(c)));
    section.append(list);
  }
  return section;
}

/** Whether the page's data is `scale diff`'s. */
function isDiff(data: ReportData | DiffReportData): data is DiffReportData {
  return (data as { kind?: unknown }).kind === 'diff';
}

/** One scenario: what the panel shows of it (rows, charts, budgets), and what `scale simulate` prints for it. */
function scenario(r: ScenarioResult, lines: readonly string[], charts: Charts): HTMLElement {
  const article = scenarioArticle(r, r.scenario, charts);
  const cli = el('details', undefined, 'cli-output');
  cli.append(el('summary', 'As scale simulate prints it'), el('pre', lines.join('\n'), 'outcome'));
  article.append(cli);
  return article;
}
