/**
 * The HTML of the pages `scale report` and `scale diff --format html` write:
 * one file that loads nothing. Its script and its
 * styles (the page's, and the chart library's under the id the charts look
 * for before adding their own) are inline and allowed by their SHA-256 hashes in the page's
 * Content-Security-Policy (`default-src 'none'`), so the page needs no nonce
 * and stays byte-identical for the same input. The data goes in a JSON block
 * that is never executed, with every `<` escaped so that no text from the
 * file can close it; the script draws every text with `textContent`.
 * Colours are VS Code's theme variables (the diagram shares the panel's
 * styles), given values here for a light and a dark page.
 */
import { createHash } from 'node:crypto';
import { escapeAttribute, PANEL_CSS } from '../core/diagram/panelHtml';
import type { ReportData } from '../core/report/reportData';
// The chart library's own stylesheet, as text: the page carries it (allowed by hash) for the charts its script draws.
import uPlotCss from 'uplot/dist/uPlot.min.css' with { type: 'text' };

/** The page's Content-Security-Policy, by the hashes of its one script and its styles. */
export function reportCsp(script: string, styles: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src ${styles.map((s) => `'${sha256(s)}'`).join(' ')}`,
    // Exported images and chart canvases use data: and blob: URLs of the page's own making.
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** What a page holds besides its script: its title, the data its script draws, and whether it draws charts. */
export interface PageInput {
  title: string;
  /** The version of scale that writes it. */
  version: string;
  data: unknown;
  /** Whether the page carries the chart library's styles (only a page with charts needs them). */
  charts: boolean;
}

/** A page drawn by `script`, the bundle of webview/report.ts, from `data`. */
export function pageHtml(input: PageInput, script: string): string {
  // An inline script ends at the first `</script`; the bundle must not contain one (nor an HTML comment opener).
  if (/<\/script|<!--/i.test(script)) throw new Error('the report script contains "</script" or "<!--" and cannot be inlined');
  const style = REPORT_STYLE;
  const chartStyle = uPlotCss.trim();
  const styles = input.charts ? [style, chartStyle] : [style];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(reportCsp(script, styles))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="scale ${escapeAttribute(input.version)}">
<title>${escapeAttribute(input.title)}</title>
<style>${style}</style>
${input.charts ? `<style id="uplot-styles">${chartStyle}</style>\n` : ''}</head>
<body class="report">
<div id="report"><noscript><p class="message">This report is drawn with JavaScript.</p></noscript></div>
<script type="application/json" id="report-data">${jsonForHtml(input.data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

/** The page of `scale report`. `script` is the bundle of webview/report.ts. */
export function reportHtml(data: ReportData, script: string): string {
  const title = data.diagram.name ? `${data.diagram.name} — ${data.file}` : data.file;
  return pageHtml({ title: `Scale report: ${title}`, version: data.version, data, charts: true }, script);
}

/** JSON that cannot end the element it is in: `<` (and the two line separators old parsers split on) escaped. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** VS Code's theme variables the panel's styles use, with the values of its Light Modern and Dark Modern themes. */
const THEME_CSS = `
:root {
  color-scheme: light dark;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  --vscode-foreground: #3b3b3b;
  --vscode-editor-foreground: #3b3b3b;
  --vscode-editor-background: #ffffff;
  --vscode-descriptionForeground: #616161;
  --vscode-focusBorder: #005fb8;
  --vscode-errorForeground: #f85149;
  --vscode-editorError-foreground: #e51400;
  --vscode-editorWarning-foreground: #bf8803;
  --vscode-editorInfo-foreground: #1a85ff;
  --vscode-panel-border: #e5e5e5;
  --vscode-charts-lines: #8a8a8a;
  --vscode-charts-foreground: #616161;
  --vscode-charts-red: #e51400;
  --vscode-charts-blue: #1a85ff;
  --vscode-charts-yellow: #bf8803;
  --vscode-charts-orange: #d18616;
  --vscode-charts-green: #388a34;
  --vscode-charts-purple: #652d90;
  --vscode-sideBar-background: #f8f8f8;
  --vscode-editorWidget-background: #f8f8f8;
  --vscode-editorWidget-border: #c8c8c8;
  --vscode-editorIndentGuide-activeBackground1: #939393;
  --vscode-badge-background: #cccccc;
  --vscode-badge-foreground: #3b3b3b;
  --vscode-list-hoverBackground: #f2f2f2;
  --vscode-list-inactiveSelectionBackground: #e4e6f1;
  --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryForeground: #3b3b3b;
  --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-button-border: #0000001a;
  --vscode-toolbar-hoverBackground: #b8b8b850;
  --vscode-inputValidation-warningBackground: #f6f5d2;
  --vscode-inputValidation-warningBorder: #b89500;
  --vscode-textPreformat-background: #0000001a;
}
@media (prefers-color-scheme: dark) {
  :root {
    --vscode-foreground: #cccccc;
    --vscode-editor-foreground: #cccccc;
    --vscode-editor-background: #1f1f1f;
    --vscode-descriptionForeground: #9d9d9d;
    --vscode-focusBorder: #0078d4;
    --vscode-editorError-foreground: #f14c4c;
    --vscode-editorWarning-foreground: #cca700;
    --vscode-editorInfo-foreground: #3794ff;
    --vscode-panel-border: #2b2b2b;
    --vscode-charts-lines: #8a8a8a;
    --vscode-charts-foreground: #cccccc;
    --vscode-charts-red: #f14c4c;
    --vscode-charts-blue: #3794ff;
    --vscode-charts-yellow: #cca700;
    --vscode-charts-orange: #d18616;
    --vscode-charts-green: #89d185;
    --vscode-charts-purple: #b180d7;
    --vscode-sideBar-background: #181818;
    --vscode-editorWidget-background: #202020;
    --vscode-editorWidget-border: #454545;
    --vscode-editorIndentGuide-activeBackground1: #707070;
    --vscode-badge-background: #616161;
    --vscode-badge-foreground: #f8f8f8;
    --vscode-list-hoverBackground: #2a2d2e;
    --vscode-list-inactiveSelectionBackground: #37373d;
    --vscode-button-secondaryBackground: #313131;
    --vscode-button-secondaryForeground: #cccccc;
    --vscode-button-secondaryHoverBackground: #3c3c3c;
    --vscode-button-border: #ffffff12;
    --vscode-toolbar-hoverBackground: #5a5d5e50;
    --vscode-inputValidation-warningBackground: #352a05;
    --vscode-textPreformat-background: #ffffff1a;
  }
}
`;

/** The report's own layout: a scrolling page, where the panel fills its frame. */
const PAGE_CSS = `
html, body { height: auto; overflow: auto; }
body.report { margin: 0 auto; padding: 0 24px 48px; max-width: 1400px; line-height: 1.45; }
.report h1 { font-size: 20px; margin: 20px 0 2px; font-weight: 600; }
.report h2 { font-size: 16px; margin: 28px 0 8px; font-weight: 600; }
.report h3 { font-size: 14px; margin: 20px 0 6px; font-weight: 600; }
.report .subtitle { color: var(--vscode-descriptionForeground); margin: 0 0 10px; }
.report .subtitle code, .report td.where { font-family: var(--vscode-editor-font-family); }
.report .diagram-frame { position: relative; display: flex; flex-direction: column; height: 62vh; min-height: 260px; border: 1px solid var(--vscode-panel-border, #8884); border-radius: 4px; }
.report .diagram-frame .toolbar { border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.report .diagram-frame .stage { position: relative; flex: 1; min-height: 0; }
.report table { border-collapse: collapse; width: 100%; }
.report th, .report td { text-align: left; vertical-align: top; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.report th { font-weight: 600; color: var(--vscode-descriptionForeground); }
.report tr.finding { cursor: pointer; }
.report tr.finding:hover, .report tr.finding.selected { background: var(--vscode-list-hoverBackground); }
.report tr.finding.selected td:first-child { box-shadow: inset 2px 0 var(--vscode-focusBorder); }
.report td.sev { white-space: nowrap; padding-left: 6px; }
.report td.where { white-space: nowrap; color: var(--vscode-descriptionForeground); }
.report .budgets { list-style: none; padding: 0; margin: 4px 0 8px; }
.report .budgets li { margin: 2px 0; }
.report .verdict { display: inline-block; min-width: 64px; font-weight: 600; }
.report .verdict.held { color: var(--vscode-charts-green); }
.report .verdict.violated { color: var(--vscode-editorError-foreground); }
.report pre.outcome { font-family: var(--vscode-editor-font-family); font-size: 12px; background: var(--vscode-textPreformat-background); padding: 8px 10px; border-radius: 4px; overflow: auto; margin: 6px 0; }
.report .charts { display: flex; flex-wrap: wrap; gap: 12px 24px; }
/* The source around the findings: numbered lines, the findings' places marked, the line a finding links to lit. */
.report .src-excerpt { font-family: var(--vscode-editor-font-family); font-size: 12px; background: var(--vscode-textPreformat-background); border-radius: 4px; padding: 4px 0; margin: 0 0 10px; overflow-x: auto; }
.report .src-line { display: flex; white-space: pre; padding: 0 10px 0 0; scroll-margin-top: 40vh; }
.report .src-line:target { background: var(--vscode-list-inactiveSelectionBackground); box-shadow: inset 3px 0 var(--vscode-focusBorder); }
.report .src-number { flex: none; min-width: 4.5em; padding: 0 12px 0 0; text-align: right; color: var(--vscode-descriptionForeground); user-select: none; }
.report .src-cut { color: var(--vscode-descriptionForeground); }
.report .src-line mark { background: none; color: inherit; text-decoration: underline wavy var(--vscode-editorWarning-foreground); text-underline-offset: 3px; }
.report td.where a { color: inherit; }
.report footer { margin-top: 32px; color: var(--vscode-descriptionForeground); font-size: 12px; }
`;

/**
 * The diff page: the verdict, the legend, the two sides side by side (one
 * above the other on a narrow page), the marks of what the change added,
 * removed and changed on the diagrams, and the tables' rows by tone.
 */
const DIFF_CSS = `
.report .diff-verdict { font-size: 14px; margin: 4px 0 10px; overflow-wrap: anywhere; }
.report .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--vscode-descriptionForeground); margin: 0 0 6px; }
.report .legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 6px; border: 2px solid; border-radius: 2px; vertical-align: -1px; }
.report .legend .added::before { border-color: var(--vscode-charts-green); }
.report .legend .removed::before { border-color: var(--vscode-charts-red); border-style: dashed; }
.report .legend .changed::before { border-color: var(--vscode-charts-orange); }
.report h2, .report h3, .report .subtitle { overflow-wrap: anywhere; }
.report .sides { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
@media (max-width: 900px) { .report .sides { grid-template-columns: minmax(0, 1fr); } }
.report .side h3 { margin-top: 8px; }
.report .side .missing { margin: 0; padding: 16px; border: 1px dashed var(--vscode-panel-border, #8884); border-radius: 4px; color: var(--vscode-descriptionForeground); }
.node.diff-added .node-box { stroke: var(--vscode-charts-green); stroke-width: 2.5; fill: color-mix(in srgb, var(--vscode-charts-green) 14%, var(--vscode-editorWidget-background)); }
.node.diff-removed .node-box { stroke: var(--vscode-charts-red); stroke-width: 2.5; stroke-dasharray: 6 3; fill: color-mix(in srgb, var(--vscode-charts-red) 12%, var(--vscode-editorWidget-background)); }
.node.diff-changed .node-box { stroke: var(--vscode-charts-orange); stroke-width: 2.5; fill: color-mix(in srgb, var(--vscode-charts-orange) 14%, var(--vscode-editorWidget-background)); }
.node.cursor.diff-added .node-box, .node.cursor.diff-removed .node-box, .node.cursor.diff-changed .node-box { stroke: var(--vscode-focusBorder); stroke-width: 3; }
.fallback li.component.diff-added { border-left-color: var(--vscode-charts-green); }
.fallback li.component.diff-removed { border-left-color: var(--vscode-charts-red); }
.fallback li.component.diff-changed { border-left-color: var(--vscode-charts-orange); }
.fallback .component-change { color: var(--vscode-descriptionForeground); white-space: pre-wrap; }
/* Cells keep the files' spaces and line breaks, and break anywhere rather than widen the page; short words stay whole. */
.report .diff-table td { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 5.5em; }
.report .diff-table tr.about { cursor: pointer; }
.report .diff-table tr.about:hover, .report .diff-table tr.selected { background: var(--vscode-list-hoverBackground); }
.report .diff-table tr td:first-child { box-shadow: inset 3px 0 transparent; padding-left: 8px; }
.report .diff-table tr.tone-added td:first-child, .report .diff-table tr.tone-held td:first-child { box-shadow: inset 3px 0 var(--vscode-charts-green); }
.report .diff-table tr.tone-removed td:first-child, .report .diff-table tr.tone-violated td:first-child, .report .diff-table tr.tone-error td:first-child { box-shadow: inset 3px 0 var(--vscode-editorError-foreground); }
.report .diff-table tr.tone-changed td:first-child { box-shadow: inset 3px 0 var(--vscode-charts-orange); }
.report .diff-table tr.tone-warning td:first-child { box-shadow: inset 3px 0 var(--vscode-editorWarning-foreground); }
.report .diff-table tr.tone-info td:first-child { box-shadow: inset 3px 0 var(--vscode-editorInfo-foreground); }
.report .diff-table tr.selected td:first-child { box-shadow: inset 3px 0 var(--vscode-focusBorder); }
`;

/** Everything the pages style: theme values, the panel's diagram styles, then the pages' layout over them. */
const REPORT_STYLE = THEME_CSS + PANEL_CSS + PAGE_CSS + DIFF_CSS;
