/**
 * The script of `scale report`'s page (bundled to dist/report.js and inlined
 * by the CLI): draws the diagram the CLI laid out, with the webview's own
 * renderer and zoom/pan, the findings as a table, and each scenario as the
 * simulation panel shows it (outcome, charts, budgets) with the text
 * `scale simulate` prints for it. Selecting a finding marks its component in the
 * diagram, and clicking a component selects its findings. Every text from
 * the file goes in through `textContent`.
 */
import type { ReportData, ReportFinding } from '../src/core/report/reportData';
import type { ScenarioResult } from '../src/core/scenario/types';
import { Charts } from './charts';
import { button, el } from './dom';
import { pngFile, svgFile } from './exportImage';
import { renderList } from './fallbackList';
import { layoutOf, type Layout } from './geometry';
import { plural } from '../src/core/text/format';
import { diagramCanvas, renderDiagram } from './render';
import { scenarioArticle } from './simResults';
import { Viewport } from './viewport';

type DiagramNode = ReportData['diagram']['nodes'][number];

(() => {
  const root = document.getElementById('report')!;
  let data: ReportData;
  try {
    data = JSON.parse(document.getElementById('report-data')?.textContent ?? '') as ReportData;
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

  const d = data.diagram;
  const heading = el('h1', d.name ?? data.file);
  const subtitle = el('p', undefined, 'subtitle');
  subtitle.append(el('code', data.file), ` · ${plural(d.nodes.length + d.omittedNodes, 'component')} · ${plural(d.totals.error, 'error')}, ${plural(d.totals.warning, 'warning')}, ${plural(d.totals.info, 'info')}`);

  // --- the diagram ---------------------------------------------------------
  const frame = el('section', undefined, 'diagram-frame');
  frame.setAttribute('aria-label', 'Diagram');
  const toolbar = el('div', undefined, 'toolbar');
  const fit = button('Fit', 'Fit the diagram to the view (0)');
  const zoomOut = button('−', 'Zoom out (-)');
  const zoomIn = button('+', 'Zoom in (+)');
  const saveSvg = button('SVG', 'Save the diagram as SVG');
  const savePng = button('PNG', 'Save the diagram as PNG');
  const spacer = el('span', undefined, 'status');
  toolbar.append(fit, zoomOut, zoomIn, spacer, saveSvg, savePng);
  const stage = el('div', undefined, 'stage');
  frame.append(toolbar, stage);

  let layout: Layout | undefined;
  let viewport: Viewport | undefined;
  let nodeEls = new Map<string, Element>();
  const elkIdOf = new Map(d.nodes.map((n) => [n.id, n.elkId] as const));
  let marked: Element | undefined;
  const mark = (component: string | undefined, reveal: boolean) => {
    marked?.classList.remove('cursor');
    marked = component === undefined ? undefined : nodeEls.get(elkIdOf.get(component) ?? '');
    marked?.classList.add('cursor');
    const box = component === undefined ? undefined : layout?.nodes.get(elkIdOf.get(component) ?? '');
    if (reveal && box && viewport) viewport.reveal(box);
  };

  // --- the findings --------------------------------------------------------
  const rows: { row: HTMLTableRowElement; finding: ReportFinding }[] = [];
  const selectFindingsOf = (node: DiagramNode) => {
    mark(node.id, false);
    let first: HTMLTableRowElement | undefined;
    for (const { row, finding } of rows) {
      const on = finding.component === node.id;
      row.classList.toggle('selected', on);
      if (on) first ??= row;
    }
    first?.scrollIntoView({ block: 'nearest' });
  };

  if (data.laidOut && d.graph) {
    const { svg, layer } = diagramCanvas();
    stage.append(svg);
    layout = layoutOf(data.laidOut, d.layoutKey, new Set(d.groups.map((g) => g.elkId)));
    nodeEls = renderDiagram(layer, layout, d, selectFindingsOf).nodes;
    const v = new Viewport(svg, layer, () => undefined);
    viewport = v;
    const bounds = layout.bounds;
    fit.addEventListener('click', () => v.fit(bounds));
    zoomOut.addEventListener('click', () => v.zoomBy(0.8));
    zoomIn.addEventListener('click', () => v.zoomBy(1.25));
    svg.addEventListener('keydown', (e) => e.key === '0' && v.fit(bounds));
    const base = (data.file.split('/').pop() ?? 'diagram').replace(/\.scale\.json$|\.json$/, '') || 'diagram';
    saveSvg.addEventListener('click', () => download(`${base}.svg`, new Blob([svgFile({ svg, layer, bounds }).text], { type: 'image/svg+xml' })));
    savePng.addEventListener('click', () => {
      void pngFile(svgFile({ svg, layer, bounds })).then(
        (png) => download(`${base}.png`, new Blob([png], { type: 'image/png' })),
        (e: unknown) => {
          spacer.textContent = `The PNG could not be made (${e instanceof Error ? e.message : String(e)}).`;
        },
      );
    });
    // Once the page has its size: a frame as tall as the diagram needs at its width (within limits), then fitted.
    requestAnimationFrame(() => {
      const scale = Math.min(1, (frame.clientWidth - 32) / Math.max(1, bounds.width));
      frame.style.height = `${Math.round(Math.min(window.innerHeight * 0.62, Math.max(260, toolbar.offsetHeight + 32 + bounds.height * scale)))}px`;
      v.fit(bounds);
    });
  } else {
    const list = el('div', undefined, 'fallback');
    stage.append(list);
    nodeEls = renderList(list, d, `Showing a list: ${data.layoutNote ?? 'the diagram was not laid out'}.`, selectFindingsOf);
    for (const b of [fit, zoomOut, zoomIn, saveSvg, savePng]) b.disabled = true;
  }

  const findings = el('section');
  findings.append(el('h2', `Findings (${data.findings.length + data.omittedFindings})`));
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
      row.append(el('td', f.severity, `sev ${f.severity}`), el('td', f.ruleId, 'rule'), el('td', `${f.line}:${f.column}${f.component !== undefined ? ` ${f.component}` : ''}`, 'where'), el('td', f.message));
      const select = () => {
        for (const r of rows) r.row.classList.toggle('selected', r.row === row);
        mark(f.component, true);
        if (f.component !== undefined) frame.scrollIntoView({ block: 'nearest' });
      };
      row.addEventListener('click', select);
      row.addEventListener('keydown', (e) => e.key === 'Enter' && select());
      rows.push({ row, finding: f });
      table.tBodies[0]!.append(row);
    }
    findings.append(table);
    if (data.omittedFindings > 0) findings.append(el('p', `${plural(data.omittedFindings, 'more finding')} not listed.`, 'subtitle'));
  }

  // --- the scenarios -------------------------------------------------------
  const scenarios = el('section', undefined, 'scenarios');
  const sim = data.simulation;
  scenarios.append(el('h2', `Scenarios (${sim.results.length}${sim.results.length < sim.declared ? ` of ${sim.declared}` : ''})`));
  if (sim.notRun) scenarios.append(el('p', sim.notRun, 'subtitle'));
  else if (sim.results.length === 0) scenarios.append(el('p', 'The file declares no scenarios.', 'subtitle'));
  if (sim.results.length > 0) {
    const charts = new Charts();
    sim.results.forEach((r, i) => scenarios.append(scenario(r, sim.text[i] ?? [], charts)));
  }

  const footer = el('footer', `Written by scale ${data.version}${sim.seed !== null ? `, seed ${sim.seed}` : ''}. The same file and seed give the same report.`);
  root.replaceChildren(heading, subtitle, frame, findings, scenarios, footer);
})();

/** Offers a file to the reader's browser to save. */
function download(name: string, blob: Blob): void {
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** One scenario: what the panel shows of it (rows, charts, budgets), and what `scale simulate` prints for it. */
function scenario(r: ScenarioResult, lines: readonly string[], charts: Charts): HTMLElement {
  const article = scenarioArticle(r, r.scenario, charts);
  const cli = el('details', undefined, 'cli-output');
  cli.append(el('summary', 'As scale simulate prints it'), el('pre', lines.join('\n'), 'outcome'));
  article.append(cli);
  return article;
}
