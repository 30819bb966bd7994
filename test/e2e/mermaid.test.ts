/**
 * The Mermaid diagrams of `scale diff`'s PR comment drawn as GitHub draws
 * them: the real `mermaid` package in headless Chromium (no code-server),
 * loaded from node_modules into a blank page with the network cut, each
 * ```mermaid block of the Markdown rendered with `securityLevel: 'strict'`.
 * For the e-commerce change, the hostile change and the collapsed
 * 1,000-component graphs: every block renders an SVG without error, the
 * hostile labels show as text (the ids as written), and the SVG holds no
 * link, script or event handler. The SVGs are saved in test-results/e2e/mermaid/.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shorten } from '../../src/core/diagram/metrics';
import { diffMarkdown } from '../../src/core/diff/markdown';
import type { FileDiff } from '../../src/core/diff/types';
import { spelledOut } from '../../src/core/text/invisible';
import { parseMarkdown } from '../support/commonMark';
import { bigChange, bigGraphSmallChange, ecommerceChange, hostileChange } from '../support/diffFixtures';
import { launchBrowser, type BrowserSession } from './browser';
import { repoRoot, resultsDir } from './processes';
import { EXAMPLE, startupChange } from '../../scripts/exampleChange';

const OPTIONS = { base: 'main', head: 'HEAD', version: '0.0.0', maxChars: 1_000_000 };

/** The ```mermaid blocks of the comment on these files. */
function mermaidBlocks(files: FileDiff[]): string[] {
  return parseMarkdown(diffMarkdown(files, OPTIONS)).filter((t) => t.type === 'fence' && t.info.trim() === 'mermaid').map((t) => t.content);
}

/** What the page reports of one rendered block. */
interface Rendered {
  error?: string;
  svg: string;
  text: string;
  links: number;
  scripts: number;
  handlers: string[];
  scriptUrls: number;
}

/** Page source: renders a block with mermaid and reads the SVG in an inert document (nothing in it loads or runs). */
const RENDER = `async ({ id, source }) => {
  try {
    const { svg } = await window.mermaid.render(id, source);
    const doc = new DOMParser().parseFromString('<!doctype html><body>' + svg + '</body>', 'text/html');
    const all = [...doc.body.querySelectorAll('*')];
    return {
      svg,
      text: doc.body.textContent || '',
      links: doc.querySelectorAll('a').length,
      scripts: doc.querySelectorAll('script, iframe, object, embed').length,
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => e.tagName + ' ' + a.name)),
      scriptUrls: all.filter((e) => [...e.attributes].some((a) => /^\\s*(javascript|data|vbscript):/i.test(a.value))).length,
    };
  } catch (e) {
    return { error: String(e && e.message || e), svg: '', text: '', links: 0, scripts: 0, handlers: [], scriptUrls: 0 };
  }
}`;

describe('the PR comment\'s Mermaid diagrams, rendered by mermaid in Chromium', function () {
  this.timeout(300_000);
  const outDir = path.join(resultsDir, 'mermaid');
  let browser: BrowserSession;
  let rendered = 0;

  before(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await launchBrowser();
    const { page } = browser;
    // Nothing may come from the network: the page is blank and mermaid is inlined.
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8') });
    await page.evaluate(`window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })`);
  });

  after(async () => {
    await browser?.close();
  });

  /** Renders each block; fails on an error, a link, a script or a handler; returns what was drawn. */
  async function render(name: string, blocks: string[]): Promise<Rendered[]> {
    assert.ok(blocks.length > 0, `${name}: no mermaid block`);
    const out: Rendered[] = [];
    for (const [i, source] of blocks.entries()) {
      const r = (await browser.page.evaluate(`(${RENDER})(${JSON.stringify({ id: `d${++rendered}`, source })})`)) as Rendered;
      assert.equal(r.error, undefined, `${name} block ${i}: ${r.error}\n${source.slice(0, 2000)}`);
      assert.match(r.svg, /^<svg[\s>]/);
      writeFileSync(path.join(outDir, `${name}-${i}.svg`), r.svg);
      assert.deepEqual({ links: r.links, scripts: r.scripts, handlers: r.handlers, scriptUrls: r.scriptUrls }, { links: 0, scripts: 0, handlers: [], scriptUrls: 0 }, `${name} block ${i}`);
      out.push(r);
    }
    return out;
  }

  it('draws what `scale diff --format markdown` writes for a real change of an example, run as a process', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scale-mermaid-'));
    try {
      const base = readFileSync(path.join(repoRoot, EXAMPLE), 'utf8');
      writeFileSync(path.join(dir, 'base.scale.json'), base);
      writeFileSync(path.join(dir, 'head.scale.json'), startupChange(base));
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'scale.js'), 'diff', 'base.scale.json', 'head.scale.json', '--format', 'markdown'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const blocks = parseMarkdown(r.stdout).filter((t) => t.type === 'fence' && t.info.trim() === 'mermaid').map((t) => t.content);
      const [drawn] = await render('startup-change-cli', blocks);
      assert.ok(drawn!.text.includes('db-cache (cache)'), 'the added cache is drawn');
      assert.ok(drawn!.text.includes('app (service)'), 'the changed service is drawn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws the e-commerce change: every component labelled, the cache added', async () => {
    const [r] = await render('ecommerce', mermaidBlocks([ecommerceChange()]));
    for (const n of ecommerceChange().graph.nodes) assert.ok(r!.text.includes(`${n.id} (${n.kind})`), `label of ${n.id}`);
  });

  it('draws the hostile change with every id, kind and former id shown as text, and nothing that links or runs', async () => {
    const change = hostileChange();
    const [r] = await render('hostile', mermaidBlocks([change]));
    // Word joiners keep the text's own `ﬂ°`/`¶ß` from being read as Mermaid's entity marks: invisible, left out here.
    const text = r!.text.replace(/\u2060/g, '').replace(/\s+/g, ' ');
    for (const n of change.graph.nodes) {
      const label = `${shorten(n.id, 40)} (${shorten(n.kind, 40)}${n.renamedFrom !== undefined ? `, was ${shorten(n.renamedFrom, 40)}` : ''})`;
      assert.ok(text.includes(spelledOut(label).replace(/\s+/g, ' ')), `label ${JSON.stringify(label)} not shown as text in:\n${text}`);
    }
  });

  it('draws the collapsed graphs of 1,000-component changes (neighbours of a small change; the first 500 of a big one)', async () => {
    await render('big-graph-small-change', mermaidBlocks([bigGraphSmallChange()]));
    const [r] = await render('big-change', mermaidBlocks([bigChange()]));
    assert.ok(r!.text.includes('svc-0499 (service)'), 'the 500th component drawn');
  });
});
