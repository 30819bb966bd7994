/**
 * The diagram webview's page. Locked down: CSP `default-src 'none'`; scripts
 * and styles only by the nonce of this render (a fresh one per render); the
 * layout worker, and the image a PNG export draws, only from blob: URLs; no
 * `unsafe-eval` or `unsafe-inline`.
 * The page carries no data from the file except the panel state (escaped for
 * an attribute); the diagram arrives by postMessage. Colours come only from
 * VS Code's theme variables, so light, dark and high-contrast themes apply.
 */

/** What a render of the page needs. */
export interface PanelHtmlInput {
  /** The webview's `cspSource` (its resource origin). */
  cspSource: string;
  /** A fresh random nonce (base64url). */
  nonce: string;
  /** The webview URI of dist/webview.js. */
  scriptUri: string;
  /** The panel state as JSON, or empty. */
  state: string;
}

/** The Content-Security-Policy of the page. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    // The layout worker starts from a Blob of its inlined source.
    'worker-src blob:',
    // A PNG export draws the page's own SVG, as a Blob, on a canvas.
    'img-src blob:',
  ].join('; ');
}

/** Escapes text for a double-quoted HTML attribute. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page. */
export function panelHtml(input: PanelHtmlInput): string {
  const { nonce } = input;
  if (!/^[A-Za-z0-9_-]{16,}$/.test(nonce)) throw new Error('the nonce must be at least 16 base64url characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(panelCsp(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${PANEL_CSS}</style>
<title>Scale diagram</title>
</head>
<body data-state="${escapeAttribute(input.state)}">
<div id="root"><p class="message">Loading…</p></div>
<script nonce="${nonce}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>`;
}

/** The panel's styles: VS Code's theme variables only (fallbacks for variables some themes leave out). */
export const PANEL_CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
#root { display: flex; flex-direction: column; height: 100%; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); flex: none; min-height: 26px; }
.toolbar button { flex: none; font: inherit; min-width: 26px; padding: 1px 8px; color: var(--vscode-button-secondaryForeground, var(--vscode-foreground)); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent)); border-radius: 2px; cursor: pointer; }
.toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-toolbar-hoverBackground)); }
.toolbar button:focus-visible, .fallback li:focus-visible, .file-findings li:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.title { font-weight: 600; margin-left: 6px; flex: 1 1 0; min-width: 6em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.toolbar-actions { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 4px 6px; margin-left: auto; }
.totals { display: flex; gap: 8px; color: var(--vscode-descriptionForeground); white-space: nowrap; }
.count.error, .sev.error { color: var(--vscode-editorError-foreground, var(--vscode-errorForeground)); }
.count.warning, .sev.warning { color: var(--vscode-editorWarning-foreground); }
.count.info, .sev.info { color: var(--vscode-editorInfo-foreground); }
.status { color: var(--vscode-descriptionForeground); white-space: nowrap; }
.banner { padding: 4px 10px; color: var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground, transparent); border-bottom: 1px solid var(--vscode-inputValidation-warningBorder, var(--vscode-panel-border, transparent)); flex: none; }
.file-findings { padding: 2px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); flex: none; max-height: 30%; overflow: auto; }
.file-findings summary { cursor: pointer; color: var(--vscode-descriptionForeground); }
.file-findings ul, .fallback ul { list-style: none; margin: 0; padding: 0; }
.file-findings li { padding: 2px 4px; cursor: pointer; border-radius: 3px; }
.file-findings li:hover, .fallback li.component:hover { background: var(--vscode-list-hoverBackground); }
.rule { font-family: var(--vscode-editor-font-family); color: var(--vscode-descriptionForeground); }
.stage { position: relative; flex: 1; min-height: 0; }
.canvas { display: block; width: 100%; height: 100%; cursor: grab; outline: none; user-select: none; }
.canvas.dragging { cursor: grabbing; }
.canvas:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.message { padding: 12px; color: var(--vscode-descriptionForeground); }
.stage > .message { position: absolute; top: 0; left: 0; margin: 0; }
.fallback { position: absolute; inset: 0; overflow: auto; padding: 8px 12px; }
.fallback-reason { color: var(--vscode-editorWarning-foreground); margin: 4px 0 8px; }
.fallback li.component { padding: 4px 6px; border-radius: 3px; cursor: pointer; border-left: 2px solid transparent; }
.fallback li.component.cursor { border-left-color: var(--vscode-focusBorder); background: var(--vscode-list-inactiveSelectionBackground); }
.component-line { display: flex; flex-wrap: wrap; gap: 10px; }
.component-id { font-weight: 600; }
.component-kind, .component-load, .component-counts, .component-calls { color: var(--vscode-descriptionForeground); }
.finding-list { margin-left: 14px !important; }

/* The diagram */
.group rect { fill: var(--vscode-sideBar-background, transparent); fill-opacity: 0.35; stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-dasharray: 5 3; }
.group.zone rect { fill: none; stroke: var(--vscode-editorIndentGuide-activeBackground1, var(--vscode-panel-border, currentColor)); stroke-dasharray: 2 3; }
.group-title { font-size: 11px; font-weight: 600; fill: var(--vscode-descriptionForeground); }
.edge path { fill: none; stroke: var(--vscode-charts-lines, var(--vscode-descriptionForeground)); stroke-width: 1.3; }
/* Thicker as a call carries more of the busiest call's rps. */
.edge.weight-0 path { stroke-width: 1.2; }
.edge.weight-1 path { stroke-width: 1.8; }
.edge.weight-2 path { stroke-width: 2.6; }
.edge.weight-3 path { stroke-width: 3.6; }
/* Asynchronous calls and a queue's consumers: long dashes and an open head; relations (fronts, session store): short dots, muted. */
.edge.async path { stroke-dasharray: 7 4; }
.edge.relation path { stroke: var(--vscode-descriptionForeground); stroke-width: 1.2; stroke-dasharray: 2 3; }
.edge.relation .edge-label { font-style: italic; }
.edge.cycle path { stroke: var(--vscode-editorWarning-foreground); }
.edge:hover path { stroke: var(--vscode-focusBorder); }
.arrow-head { fill: var(--vscode-charts-lines, var(--vscode-descriptionForeground)); }
.arrow-head.open { fill: none; stroke: var(--vscode-charts-lines, var(--vscode-descriptionForeground)); stroke-width: 1.6; stroke-linecap: round; stroke-linejoin: round; }
.arrow-head.open.relation { stroke: var(--vscode-descriptionForeground); stroke-width: 1.2; }
.session-dot { fill: var(--vscode-charts-lines, var(--vscode-descriptionForeground)); }
.edge-label-bg { fill: var(--vscode-editor-background); fill-opacity: 0.85; }
.edge-label { font-size: 11px; text-anchor: middle; fill: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.node { cursor: pointer; }
.node-box { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor))); stroke-width: 1; }
.node:hover .node-box { stroke: var(--vscode-focusBorder); }
.node:focus { outline: none; }
.node:focus-visible .node-box { stroke: var(--vscode-focusBorder); stroke-width: 2; }
.node.cursor .node-box { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
.node.sev-error .node-box { stroke: var(--vscode-editorError-foreground, var(--vscode-errorForeground)); }
.node.sev-warning .node-box { stroke: var(--vscode-editorWarning-foreground); }
.node.cursor.sev-error .node-box, .node.cursor.sev-warning .node-box { stroke: var(--vscode-focusBorder); }
.node.invalid .node-box, .node.duplicate .node-box { stroke-dasharray: 4 3; }
.node text { font-size: 12px; fill: var(--vscode-editor-foreground, var(--vscode-foreground)); }
.node .node-id { font-weight: 600; }
.node .node-kind, .node .node-load { fill: var(--vscode-descriptionForeground); }
.node .node-load { font-variant-numeric: tabular-nums; }
.node .node-glyph { font-size: 10.5px; fill: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
/* An expandable replication glyph (a button), and a store's shards and copies under it: async replicas dashed, as async calls are; the hottest shard in the warning colour. */
.glyph-hit { fill: transparent; stroke: none; }
.node-glyph-group.expandable { cursor: pointer; outline: none; }
.node-glyph-group.expandable:hover .glyph-hit { fill: var(--vscode-list-hoverBackground, transparent); }
.node-glyph-group.expandable:focus-visible .glyph-hit { stroke: var(--vscode-focusBorder); stroke-width: 1.5; }
.node .glyph-toggle { font-size: 10.5px; text-anchor: end; fill: var(--vscode-textLink-foreground, var(--vscode-focusBorder)); }
.node .replica-title { font-size: 10.5px; font-weight: 600; fill: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.node .replica-unit-name { font-size: 10px; fill: var(--vscode-descriptionForeground); }
.node .replica-unit.hottest .replica-unit-name { font-weight: 700; fill: var(--vscode-editorWarning-foreground); }
.replica-box { fill: var(--vscode-editor-background); stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor))); stroke-width: 1; }
.replica-copy.mode-async .replica-box, .replica-copy.mode-semi-sync .replica-box { stroke-dasharray: 4 2; }
.replica-unit.hottest .replica-box { stroke: var(--vscode-editorWarning-foreground); stroke-width: 1.5; }
.node .replica-role { font-size: 10px; font-weight: 600; }
.node .replica-detail { font-size: 10px; fill: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.kind-icon { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.5; stroke-linecap: round; stroke-linejoin: round; }
.kind-icon.unknown { stroke-dasharray: 2 2; }
/* Heat: the binding resource's utilization, from cool to past saturation (the capacity rule's thresholds). */
body {
  --scale-heat-0: var(--vscode-charts-green, var(--vscode-testing-iconPassed, currentColor));
  --scale-heat-1: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground));
  --scale-heat-2: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground));
  --scale-heat-3: var(--vscode-charts-red, var(--vscode-editorError-foreground, var(--vscode-errorForeground)));
}
.heat-track { fill: var(--vscode-descriptionForeground); fill-opacity: 0.2; }
.heat-0 .heat-tint, .heat-bar.heat-0, .heat-swatch.heat-0 { fill: var(--scale-heat-0); }
.heat-1 .heat-tint, .heat-bar.heat-1, .heat-swatch.heat-1 { fill: var(--scale-heat-1); }
.heat-2 .heat-tint, .heat-bar.heat-2, .heat-swatch.heat-2 { fill: var(--scale-heat-2); }
.heat-3 .heat-tint, .heat-bar.heat-3, .heat-swatch.heat-3 { fill: var(--scale-heat-3); }
.heat-tint { stroke: none; fill-opacity: 0.1; pointer-events: none; }
.heat-3 .heat-tint { fill-opacity: 0.16; }
.finding-badge { cursor: pointer; }
.node .node-load.high { fill: var(--vscode-editorWarning-foreground); }
.node .node-load.over { fill: var(--vscode-editorError-foreground, var(--vscode-errorForeground)); }
.instance-badge { fill: var(--vscode-badge-background); }
.node .instance-badge-text { font-size: 10px; text-anchor: middle; fill: var(--vscode-badge-foreground); font-variant-numeric: tabular-nums; }
.finding-badge circle { stroke: var(--vscode-editor-background); stroke-width: 1; }
.finding-badge.error circle { fill: var(--vscode-editorError-foreground, var(--vscode-errorForeground)); }
.finding-badge.warning circle { fill: var(--vscode-editorWarning-foreground); }
.finding-badge.info circle { fill: var(--vscode-editorInfo-foreground); }
.node .finding-badge-text { font-size: 9.5px; font-weight: 700; text-anchor: middle; fill: var(--vscode-editor-background); }

/* The legend (docked below or beside the drawing, never over it: see dockLegend; below it in an exported image), an export's title, a badge's list of findings */
.legend-overlay { position: absolute; left: 8px; bottom: 8px; pointer-events: none; overflow: visible; }
.legend-overlay.beside { left: auto; right: 8px; bottom: auto; top: 8px; }
.legend-bg { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); fill-opacity: 0.95; stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor))); }
.legend-title { font-size: 11px; font-weight: 600; fill: var(--vscode-editor-foreground, var(--vscode-foreground)); }
.legend-text { font-size: 11px; fill: var(--vscode-descriptionForeground); }
.legend .finding-badge-text { font-size: 9.5px; font-weight: 700; text-anchor: middle; fill: var(--vscode-editor-background); }
.export-title { font-size: 16px; font-weight: 600; fill: var(--vscode-editor-foreground, var(--vscode-foreground)); }
.findings-popup { position: absolute; z-index: 2; max-width: 360px; max-height: 50%; overflow: auto; padding: 6px 8px; background: var(--vscode-editorHoverWidget-background, var(--vscode-editorWidget-background)); color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground)); border: 1px solid var(--vscode-editorHoverWidget-border, var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent))); border-radius: 3px; box-shadow: 0 2px 8px var(--vscode-widget-shadow, transparent); }
.findings-popup[hidden] { display: none; }
.findings-popup-head { font-weight: 600; }
.findings-popup ul { list-style: none; margin: 4px 0 0; padding: 0; }
.findings-popup li { padding: 3px 4px; cursor: pointer; border-radius: 3px; }
.findings-popup li:hover { background: var(--vscode-list-hoverBackground); }
.findings-popup li:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.rule-title { color: var(--vscode-descriptionForeground); }
.finding-message { overflow-wrap: anywhere; }

/* The simulation panel, beside the diagram */
.body { display: flex; flex: 1; min-height: 0; }
.body > .stage { min-width: 0; }
.toolbar button.on { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.sim { flex: none; width: min(520px, 50%); overflow: auto; padding: 0 12px 16px; border-left: 1px solid var(--vscode-panel-border, transparent); }
.sim[hidden] { display: none; }
/* A narrow panel: the simulation goes below the diagram. */
@media (max-width: 760px) {
  .body { flex-direction: column; }
  .body > .stage { min-height: 35%; }
  .sim { width: auto; height: 60%; border-left: none; border-top: 1px solid var(--vscode-panel-border, transparent); }
}
.sim-head { display: flex; align-items: baseline; gap: 10px; }
.sim-head h2 { font-size: 1.1em; margin: 10px 0 6px; }
.sim-status { color: var(--vscode-descriptionForeground); }
.sim vscode-collapsible { margin: 6px 0; }
.sim-controls, .sim-instances { padding: 6px 4px; }
.sim-field { display: grid; grid-template-columns: 10em minmax(0, 1fr); align-items: center; gap: 8px; margin: 4px 0; }
.sim-field vscode-single-select, .sim-field vscode-textfield { width: 100%; }
.sim-muted { color: var(--vscode-descriptionForeground); }
p.sim-muted { margin: 6px 0; }
.sim-error { color: var(--vscode-errorForeground); }
.sim-saturation { padding: 6px 4px; }
.saturation-table { border-collapse: collapse; margin: 6px 0; }
.saturation-table th, .saturation-table td { text-align: left; padding: 2px 12px 2px 0; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
.saturation-table th { font-weight: 600; color: var(--vscode-descriptionForeground); }
.sim-instance-list { list-style: none; margin: 6px 0; padding: 0; max-height: 280px; overflow: auto; }
.sim-instance-list li { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; padding: 3px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.sim-instance-list li.faulted .sim-instance-state { color: var(--vscode-editorWarning-foreground); }
.sim-instance-id { flex: 0 0 2.8em; font-variant-numeric: tabular-nums; font-weight: 600; }
.sim-domain-name { flex: 0 0 auto; min-width: 6em; font-weight: 600; overflow-wrap: anywhere; }
.sim-domain-kind { font-size: 0.95em; margin: 8px 0 0; }
.sim-instance-role { flex: 1 1 8em; color: var(--vscode-descriptionForeground); }
.sim-instance-state { flex: 1 1 8em; }
.sim-instance-actions { display: flex; gap: 4px; margin-left: auto; }
.sim-scenario-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; }
.sim-scenario-controls .sim-field { flex: 1 1 100%; }
.sim-scenario h3 { font-size: 1em; margin: 14px 0 4px; }
.sim-scenario h4, .sim-budgets h4 { font-size: 0.95em; margin: 10px 0 4px; }
.sim-rows { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; margin: 4px 0; }
.sim-rows dt { color: var(--vscode-descriptionForeground); }
.sim-rows dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.sim-budgets ul, .sim-notes { margin: 4px 0; padding-left: 0; list-style: none; }
.sim-notes li { color: var(--vscode-descriptionForeground); margin: 2px 0; overflow-wrap: anywhere; }
.sim-budgets .verdict { display: inline-block; min-width: 5em; font-weight: 600; }
.sim-budgets li.held .verdict { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.sim-budgets li.violated .verdict { color: var(--vscode-errorForeground); }
.sim-counters { border-collapse: collapse; margin: 4px 0 8px; font-variant-numeric: tabular-nums; }
.sim-counters caption { text-align: left; color: var(--vscode-descriptionForeground); }
.sim-counters th { text-align: left; font-weight: normal; padding: 0 10px 0 0; }
.sim-counters td { text-align: right; }
.sim-counters tr.faulted { color: var(--vscode-editorWarning-foreground); }
.chart { width: 100%; margin: 4px 0 10px; }
.chart .u-legend { font-size: 11px; color: var(--vscode-foreground); }
.sim-json pre { max-height: 320px; overflow: auto; font-family: var(--vscode-editor-font-family); font-size: 11px; user-select: text; }
.node.sim-faulted .node-box { stroke: var(--vscode-charts-red, var(--vscode-errorForeground)); stroke-width: 2.5; stroke-dasharray: 3 2; }
/* A simulation run shown on the diagram: killed instances hatched (struck through when none is left), failing components ringed in red, a note under each box. */
.sim-bar { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 12px; padding: 3px 10px; color: var(--vscode-foreground); background: var(--vscode-inputValidation-infoBackground, transparent); border-bottom: 1px solid var(--vscode-inputValidation-infoBorder, var(--vscode-panel-border, transparent)); flex: none; }
.sim-bar[hidden] { display: none; }
.sim-bar .sim-bar-text { font-weight: 600; }
.edge.sim-cut path { stroke: var(--vscode-charts-red, var(--vscode-errorForeground)); stroke-dasharray: 10 3 2 3; }
.sim-cut-gap { fill: var(--vscode-editor-background); stroke: none; }
.edge.sim-cut path.sim-cut-bars { fill: none; stroke: var(--vscode-charts-red, var(--vscode-errorForeground)); stroke-width: 2; stroke-dasharray: none; }
.sim-hatch { fill: url(#sim-hatch); stroke: none; pointer-events: none; }
.sim-hatch-line { stroke: var(--vscode-charts-red, var(--vscode-errorForeground)); stroke-width: 1.5; stroke-opacity: 0.45; }
.node.sim-down .node-box, .node.sim-failing .node-box { stroke: var(--vscode-charts-red, var(--vscode-errorForeground)); stroke-width: 2.5; }
.node.sim-dead .node-box { stroke-dasharray: 4 3; }
.sim-strike { stroke: var(--vscode-charts-red, var(--vscode-errorForeground)); stroke-width: 2; pointer-events: none; }
.node.sim-dead .node-id, .node.sim-dead .node-kind { text-decoration: line-through; }
.sim-note-bg { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent)); fill-opacity: 0.92; }
.sim-note-line { font-size: 10.5px; fill: var(--vscode-foreground); }
.sim-note-down, .sim-note-failed { fill: var(--vscode-charts-red, var(--vscode-errorForeground)); font-weight: 600; }
.sim-note-slow { fill: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground)); }

/* The comparison with git HEAD, in the colours of git's decorations in the Explorer and Source Control. */
body {
  --scale-added: var(--vscode-gitDecoration-addedResourceForeground, var(--vscode-charts-green));
  --scale-changed: var(--vscode-gitDecoration-modifiedResourceForeground, var(--vscode-charts-yellow));
  --scale-removed: var(--vscode-gitDecoration-deletedResourceForeground, var(--vscode-charts-red));
}
.toolbar vscode-checkbox { flex: none; margin: 0 4px; white-space: nowrap; }
.change-bar { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 14px; padding: 3px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); flex: none; }
.change-bar[hidden] { display: none; }
.change-legend { display: flex; gap: 10px; margin-left: auto; white-space: nowrap; }
.change-key, .component-change { font-weight: 600; }
.change-key.change-added, .component-change.change-added { color: var(--scale-added); }
.change-key.change-changed, .component-change.change-changed { color: var(--scale-changed); }
.change-key.change-removed, .component-change.change-removed { color: var(--scale-removed); }
.change-ring { fill: none; stroke-width: 2; }
.change-added > .change-ring { stroke: var(--scale-added); }
.change-changed > .change-ring { stroke: var(--scale-changed); }
.change-badge circle { stroke: var(--vscode-editor-background); stroke-width: 1.5; }
.change-added .change-badge circle { fill: var(--scale-added); }
.change-changed .change-badge circle { fill: var(--scale-changed); }
.change-removed .change-badge circle { fill: var(--scale-removed); }
.node .change-badge-text { font-size: 12px; font-weight: 700; text-anchor: middle; fill: var(--vscode-editor-background); }
.edge.change-added path { stroke: var(--scale-added); stroke-width: 2; }
.edge.change-changed path { stroke: var(--scale-changed); stroke-width: 2; }
.edge.change-removed path { stroke: var(--scale-removed); stroke-dasharray: 5 4; }
.edge.change-removed { opacity: 0.7; }
.arrow-head.change-added { fill: var(--scale-added); }
.arrow-head.change-changed { fill: var(--scale-changed); }
.arrow-head.change-removed { fill: var(--scale-removed); }
.node.ghost { cursor: default; opacity: 0.6; }
.node.ghost .node-box, .node.ghost:hover .node-box { stroke: var(--scale-removed); stroke-dasharray: 5 3; fill-opacity: 0.5; }

/* What another file declares (imported): its file's box, the boxes inside it and its components, in one colour of
   their own (no severity's and no change's), with a long dash and a strip that say it without colour too. */
body { --scale-external: var(--vscode-charts-purple, var(--vscode-textLink-foreground, currentColor)); }
.group.file rect { fill: var(--scale-external); fill-opacity: 0.07; stroke: var(--scale-external); stroke-width: 1.5; stroke-dasharray: 9 4; }
.group.file .group-title { fill: var(--scale-external); }
.group.external:not(.file) rect { stroke: var(--scale-external); stroke-opacity: 0.7; }
.external-strip { fill: var(--scale-external); }
.component-imported { color: var(--scale-external); }
.fallback li.component.external:not(.cursor) { border-left-color: var(--scale-external); }

/* A collapsed diagram: the line that says what was collapsed, and each group drawn as a stack of boxes. */
.collapse-bar { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 12px; padding: 3px 10px; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border, transparent); flex: none; }
.collapse-bar[hidden] { display: none; }
.collapse-closed { color: var(--vscode-editorWarning-foreground); }
.collapse-opened { display: flex; flex-wrap: wrap; gap: 4px; margin-left: auto; }
.collapse-opened button { font: inherit; padding: 0 6px; color: var(--vscode-button-secondaryForeground, var(--vscode-foreground)); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent)); border-radius: 2px; cursor: pointer; }
.cluster-behind { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor))); stroke-width: 1; }
.node.cluster.fixed { cursor: default; }
.node.cluster .cluster-open { font-weight: 700; text-anchor: end; fill: var(--vscode-textLink-foreground, var(--vscode-focusBorder)); }
.node.cluster .node-load.error { fill: var(--vscode-editorError-foreground, var(--vscode-errorForeground)); }
.node.cluster .node-load.warning { fill: var(--vscode-editorWarning-foreground); }
.node.cluster .node-load.info { fill: var(--vscode-editorInfo-foreground); }

/* High contrast: borders everywhere, the active border for what is selected. */
body.vscode-high-contrast .node-box, body.vscode-high-contrast-light .node-box { stroke: var(--vscode-contrastBorder); stroke-width: 1.5; }
body.vscode-high-contrast .node.cursor .node-box, body.vscode-high-contrast-light .node.cursor .node-box,
body.vscode-high-contrast .node:focus-visible .node-box, body.vscode-high-contrast-light .node:focus-visible .node-box { stroke: var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); stroke-width: 3; }
body.vscode-high-contrast .edge path, body.vscode-high-contrast-light .edge path { stroke: var(--vscode-contrastBorder); }
body.vscode-high-contrast .edge.sim-cut path, body.vscode-high-contrast-light .edge.sim-cut path { stroke: var(--vscode-errorForeground); }
body.vscode-high-contrast .arrow-head, body.vscode-high-contrast-light .arrow-head { fill: var(--vscode-contrastBorder); }
body.vscode-high-contrast .arrow-head.open, body.vscode-high-contrast-light .arrow-head.open { fill: none; stroke: var(--vscode-contrastBorder); }
body.vscode-high-contrast .session-dot, body.vscode-high-contrast-light .session-dot { fill: var(--vscode-contrastBorder); }
body.vscode-high-contrast .kind-icon, body.vscode-high-contrast-light .kind-icon { stroke: var(--vscode-foreground); }
body.vscode-high-contrast .legend-bg, body.vscode-high-contrast-light .legend-bg { stroke: var(--vscode-contrastBorder); }
body.vscode-high-contrast .instance-badge, body.vscode-high-contrast-light .instance-badge { stroke: var(--vscode-contrastBorder); }
`;
