/**
 * The built webview (dist/webview.js) in headless Chromium, as VS Code would
 * host it: the page from panelHtml with its CSP and nonce, served from a
 * stand-in origin, a stub `acquireVsCodeApi`, and counters of CSP violations
 * (page events and console reports, which also cover the layout worker) and of
 * script errors. Tests skip when Chromium is not installed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../../src/core/check';
import { buildDiagram, type DiagramView, lineRanges, mapDiagramRanges } from '../../../src/core/diagram/diagramModel';
import type { TextRange } from '../../../src/core/findings';
import type { ImportContext } from '../../../src/core/model/imports';
import { panelHtml } from '../../../src/core/diagram/panelHtml';
import { changeOverlay } from '../../../src/core/diff/changeOverlay';
import { diffTopology } from '../../../src/core/diff/diff';
import type { DiagramResult } from '../../../src/core/protocol';

/** Debian's Chromium, as the e2e harness uses it. */
export const CHROMIUM = process.env.SCALE_CHROMIUM ?? '/usr/bin/chromium';
const ORIGIN = 'https://webview.scale.test';
const ROOT = path.resolve(__dirname, '../../..');

/** Chromium and the built webview are there: the tests that open the page skip otherwise (npm test builds dist first). */
export const webviewAvailable = fs.existsSync(CHROMIUM) && fs.existsSync(path.join(ROOT, 'dist', 'webview.js'));

/**
 * The server's scale/diagram answer for a text, computed as the server does; compared with `base` (the text at HEAD)
 * when given; with its imports followed when given their context (imported files named by their file: URI); with the
 * groups `view` opens open, when the diagram is collapsed.
 */
export function diagramOf(text: string, uri = 'file:///w/t.scale.json', version = 1, base?: string, imports?: ImportContext, view?: DiagramView): DiagramResult {
  const doc = TextDocument.create(uri, 'jsonc', version, text);
  const overlay = base === undefined ? undefined : changeOverlay(diffTopology({ label: 'HEAD', read: { text: base } }, { label: uri, read: { text } }, { scenarios: false }));
  const checked = checkText(text, imports ? { imports } : {});
  const own = (r: TextRange) => ({ start: doc.positionAt(r.offset), end: doc.positionAt(r.offset + r.length) });
  const model = mapDiagramRanges(buildDiagram(checked, overlay, view), lineRanges(checked.imported, own), (file) => pathToFileURL(file).href);
  return { ...model, uri, version };
}

/** A few of VS Code's theme variables (Light+ and Dark+ values), set as VS Code sets them: on the root element's style. */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
      'foreground': '#3b3b3b', 'editor-foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#717171',
      'panel-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#c8c8c8', 'focusBorder': '#005fb8',
      'editorError-foreground': '#e51400', 'editorWarning-foreground': '#bf8803', 'editorInfo-foreground': '#1a85ff',
      'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'charts-lines': 'rgba(97, 97, 97, 0.5)', 'sideBar-background': '#f8f8f8',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'list-hoverBackground': '#f2f2f2',
      'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500', 'list-inactiveSelectionBackground': '#e4e6f1',
      'gitDecoration-addedResourceForeground': '#587c0c', 'gitDecoration-modifiedResourceForeground': '#895503', 'gitDecoration-deletedResourceForeground': '#ad0707',
      'charts-purple': '#652d90', 'charts-red': '#e51400', 'charts-orange': '#d18616', 'charts-yellow': '#bf8803', 'charts-green': '#388a34', 'charts-blue': '#1a85ff',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
      'foreground': '#cccccc', 'editor-foreground': '#d4d4d4', 'editor-background': '#1e1e1e', 'descriptionForeground': '#9d9d9d',
      'panel-border': '#2b2b2b', 'editorWidget-background': '#252526', 'editorWidget-border': '#454545', 'focusBorder': '#0078d4',
      'editorError-foreground': '#f14c4c', 'editorWarning-foreground': '#cca700', 'editorInfo-foreground': '#3794ff',
      'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'charts-lines': 'rgba(191, 191, 191, 0.5)', 'sideBar-background': '#181818',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'list-hoverBackground': '#2a2d2e',
      'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500', 'list-inactiveSelectionBackground': '#37373d',
      'gitDecoration-addedResourceForeground': '#81b88b', 'gitDecoration-modifiedResourceForeground': '#e2c08d', 'gitDecoration-deletedResourceForeground': '#c74e39',
      'charts-purple': '#b180d7', 'charts-red': '#f14c4c', 'charts-orange': '#d18616', 'charts-yellow': '#cca700', 'charts-green': '#89d185', 'charts-blue': '#3794ff',
    },
  },
  highContrast: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
      'foreground': '#ffffff', 'editor-foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffff',
      'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518', 'focusBorder': '#f38518', 'editorWidget-background': '#0c141f',
      'editorError-foreground': '#ff3232', 'editorWarning-foreground': '#ffd370', 'editorInfo-foreground': '#59a4f9',
      'badge-background': '#000000', 'badge-foreground': '#ffffff', 'charts-lines': 'rgba(255, 255, 255, 0.5)',
      'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff', 'list-hoverBackground': '#000000',
      'charts-purple': '#b180d7', 'charts-red': '#f14c4c', 'charts-orange': '#d18616', 'charts-yellow': '#cca700', 'charts-green': '#89d185', 'charts-blue': '#3794ff',
    },
  },
} as const;

/** Runs before the page's scripts: the stub VS Code API and the violation counter. */
const INIT_SCRIPT = `
window.__sent = [];
window.__violations = [];
window.__state = undefined;
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi called twice');
  acquired = true;
  return {
    postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))),
    setState: (s) => { window.__state = s; },
    getState: () => window.__state,
  };
};`;

function themeScript(theme: keyof typeof THEMES): string {
  const t = THEMES[theme];
  const sets = Object.entries(t.vars).map(([k, v]) => `document.documentElement.style.setProperty(${JSON.stringify(`--vscode-${k}`)}, ${JSON.stringify(v)});`).join('\n');
  // The root element does not exist yet when this runs; the page draws only on messages, which come later.
  return `\ndocument.addEventListener('DOMContentLoaded', () => {\n${sets}\ndocument.body.classList.add(${JSON.stringify(t.bodyClass)});\n});\n`;
}

/** What the page recorded. */
export interface PageRecord {
  sent: { type: string; [k: string]: unknown }[];
  violations: string[];
  errors: string[];
  state: unknown;
}

/** How to open the page. */
export interface OpenOptions {
  /** The panel state the host puts in the page (JSON). */
  state?: string;
  /** What getState returns: the state a reload kept. */
  kept?: unknown;
  theme?: keyof typeof THEMES;
}

/** Opens the webview page; returns the Playwright page and helpers. */
export async function openWebview({ state = '', kept, theme = 'light' }: OpenOptions = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const consoleViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) consoleViolations.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('worker', (w) => w.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) consoleViolations.push(`worker: ${m.text()}`);
  }));
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await page.addInitScript({ content: INIT_SCRIPT + themeScript(theme) + (kept === undefined ? '' : `\nwindow.__state = ${JSON.stringify(kept)};\n`) });
  const nonce = 'TestNonce_0123456789abcdef';
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/index.html') {
      await route.fulfill({ contentType: 'text/html', body: panelHtml({ cspSource: ORIGIN, nonce, scriptUri: `${ORIGIN}/webview.js`, state }) });
    } else if (url.pathname === '/webview.js') {
      await route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(path.join(ROOT, 'dist', 'webview.js'), 'utf8') });
    } else {
      await route.fulfill({ status: 404, body: '' });
    }
  });
  await page.goto(`${ORIGIN}/index.html`);

  const record = async (): Promise<PageRecord> => {
    const r = (await page.evaluate('({ sent: window.__sent, violations: window.__violations, state: window.__state })')) as Omit<PageRecord, 'errors'>;
    return { ...r, violations: [...r.violations, ...consoleViolations], errors: [...pageErrors] };
  };
  /** Posts a host message to the page, as VS Code delivers it. */
  const post = (message: unknown) => page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  /** Waits until the page has sent a message matching `pred`, counting from `after` messages. */
  const waitFor = async (pred: (m: PageRecord['sent'][number]) => boolean, after = 0, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = await record();
      const found = r.sent.slice(after).find(pred);
      if (found) return found;
      if (Date.now() > end) throw new Error(`timed out waiting; sent: ${JSON.stringify(r.sent).slice(0, 2000)}; errors: ${r.errors.join('; ')}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  };
  return { browser, page, record, post, waitFor, close: () => browser.close() };
}

/** Asserts that the page saw no CSP violation and no script error. */
export function assertClean(r: PageRecord): void {
  assert.deepEqual(r.violations, [], 'CSP violations');
  assert.deepEqual(r.errors, [], 'script errors');
}

/** An open webview page and its helpers. */
export type WebviewPage = Awaited<ReturnType<typeof openWebview>>;

/**
 * Opens the page for a suite (for each test with `each`) once it has said
 * ready, hands it to `use`, and closes it after; the suite skips where
 * Chromium or the bundle is missing.
 */
export function openForSuite(options: OpenOptions, use: (page: WebviewPage) => void, each = false): void {
  let page: WebviewPage | undefined;
  (each ? beforeEach : before)(async function () {
    if (!webviewAvailable) this.skip();
    page = await openWebview(options);
    use(page);
    await page.waitFor((m) => m.type === 'ready');
  });
  (each ? afterEach : after)(async () => {
    await page?.close();
    page = undefined;
  });
}

/**
 * An expression for page.evaluate: where, in CSS pixels from the canvas's
 * left, the leftmost y tick label of each chart matching `selector` starts.
 * It reads the canvas: the y axis's room is its title's band (the label
 * size, 18 px), then the tick labels, right-aligned 15 px (tick and gap) left
 * of the plot; a label is followed leftwards from its end across its glyphs'
 * gaps. A start under 18 px is a label run over the axis's title.
 */
export function yTickLabelStarts(selector: string): string {
  return `[...document.querySelectorAll(${JSON.stringify(selector)})].map((chart) => {
      const canvas = chart.querySelector('canvas');
      const r = devicePixelRatio;
      const left = Math.round(parseFloat(chart.querySelector('.u-over').style.left) * r);
      const data = canvas.getContext('2d').getImageData(0, 0, left, canvas.height).data;
      const painted = (x, y) => data[(y * left + x) * 4 + 3] > 0;
      const end = left - Math.round(15 * r);
      let first = Infinity;
      for (let y = 0; y < canvas.height; y++) {
        if (![0, 1, 2, 3].some((d) => painted(end - d, y))) continue;
        let x = end;
        let gap = 0;
        for (; x >= 0 && gap <= 4 * r; x--) gap = painted(x, y) ? 0 : gap + 1;
        first = Math.min(first, (x + gap) / r);
      }
      return first;
    })`;
}
