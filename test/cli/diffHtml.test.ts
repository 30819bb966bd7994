/**
 * `scale diff --format html` run as a process, and its page opened in
 * headless Chromium from disk as a reviewer would: one self-contained page
 * for every compared file, whose CSP admits exactly its own script and
 * style, byte-identical for the same input; the verdict, both sides'
 * diagrams with the components the change added, removed and changed marked,
 * and every table with the rows the comparison has. The change under test is
 * hostile on both sides (markup in names, descriptions and scenario names; a
 * second file with markup as component ids): it stays text, nothing runs,
 * nothing is fetched, no CSP violation.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { shorten } from '../../src/core/diagram/metrics';
import { verdict } from '../../src/core/diff/diffWords';
import type { FileDiff } from '../../src/core/diff/types';
import { startupChange } from '../../scripts/exampleChange';
import { runScale } from '../support/cliProcess';
import { expectedTableRows } from '../support/diffFixtures';
import { hostileText, PAGE_COUNT_INJECTED } from '../support/hostileText';
import { hashSource, openPage, pagePieces } from '../support/reportPage';
import { CHROMIUM } from '../unit/webview/chromiumPage';
import { git } from '../support/gitRepo';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results', 'diff');
const STARTUP = fs.readFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), 'utf8');

const scale = (args: string[], cwd: string) => runScale(['diff', ...args], cwd);

/** A JSON value set in a JSONC text, keeping its comments. */
function set(text: string, at: (string | number)[], value: unknown): string {
  return applyEdits(text, modify(text, at, value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

/** The hostile-text fixture with a component the change removes, whose description closes the script. */
const HOSTILE_BASE = set(hostileText(), ['components', 'legacy'], { kind: 'service', description: '</script><script>window.__pwned = "legacy"</script>' });
/** The change: web 2 → 3 instances, store renamed to store-main with a faster failover (its scenario moves), a cache added with a hostile description, legacy removed. */
const HOSTILE_HEAD = (() => {
  let head = hostileText().replace('"store": {', '"store-main": {').replace('"kill": "store"', '"kill": "store-main"').replace('"detection": "10s"', '"detection": "5s"');
  head = set(head, ['components', 'web', 'instances'], 3);
  head = set(head, ['components', 'web', 'calls'], ['cache', 'store-main']);
  return set(head, ['components', 'cache'], { kind: 'cache', description: '<img src=x onerror="window.__pwned = \'cache\'">', instances: 2 });
})();

/** Markup as component ids (which do not validate, and are drawn all the same): one changed, one removed, one added. */
const IMG_ID = '<img src=x onerror="window.__pwned = \'id\'">';
const ids = (extra: Record<string, unknown>, instances: number) => JSON.stringify({
  version: 1,
  name: 'ids',
  workload: { peakRps: 100, readFraction: 0.9 },
  components: { users: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2 }, [IMG_ID]: { kind: 'service', instances }, ...extra },
}, null, 2);
const IDS_BASE = ids({ 'old</script>': { kind: 'cache' } }, 1);
const IDS_HEAD = ids({ '</script><script>window.__pwned = "added"</script>': { kind: 'queue' } }, 2);

describe('scale diff --format html', function () {
  this.timeout(180_000);
  let dir: string;
  let repo: string;
  /** The comparison of the hostile change, as --format json gives it. */
  let compared: { files: FileDiff[] };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-diff-html-'));
    repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, 'designs'), { recursive: true });
    git(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, 'designs', 'hostile.scale.json'), HOSTILE_BASE);
    fs.writeFileSync(path.join(repo, 'designs', 'ids.scale.json'), IDS_BASE);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'designs');
    fs.writeFileSync(path.join(repo, 'designs', 'hostile.scale.json'), HOSTILE_HEAD);
    fs.writeFileSync(path.join(repo, 'designs', 'ids.scale.json'), IDS_HEAD);
    const json = scale(['--base', 'HEAD', '--format', 'json'], repo);
    assert.equal(json.status, 0, json.stderr);
    compared = JSON.parse(json.stdout);
    // The change as intended: both files compared, the store renamed, the scenario moved.
    assert.deepEqual(compared.files.map((f) => f.path), ['designs/hostile.scale.json', 'designs/ids.scale.json']);
    assert.ok(compared.files[0]!.structure.components.changed.some((c) => c.renamedFrom === 'store'));
    assert.ok(compared.files[0]!.scenarios.some((s) => s.moved));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('the file (process)', () => {
    it('is one self-contained page for every compared file, whose CSP admits exactly its own script and style', () => {
      const r = scale(['--base', 'HEAD', '--format', 'html', '-o', 'review/diff.html'], repo);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
      const html = fs.readFileSync(path.join(repo, 'review', 'diff.html'), 'utf8');
      const { csp, scripts, styles, data } = pagePieces(html);
      assert.equal(scripts.length, 2, 'the data block and the script: no text from the files closed the one or opened another');
      assert.equal((html.match(/<\/script/gi) ?? []).length, 2);
      assert.equal((html.match(/<img/gi) ?? []).length, 0);
      assert.equal(styles.length, 1, 'no chart, so not the chart library\'s styles');
      const code = scripts.find((s) => s.attrs === '')!.body;
      assert.equal(csp, `default-src 'none'; script-src ${hashSource(code)}; style-src ${hashSource(styles[0]!)}; img-src data: blob:; base-uri 'none'; form-action 'none'`);
      // The same script as scale report's page.
      assert.equal(code, fs.readFileSync(path.join(ROOT, 'dist', 'report.js'), 'utf8'));
      // Nothing is fetched: no src or href outside the data block (where the files' markup is text).
      assert.doesNotMatch(html.replace(scripts[0]!.body, ''), /\s(src|href)=/);
      // The data block keeps each text whole, escaped as scale report escapes it.
      assert.doesNotMatch(scripts[0]!.body, /</);
      assert.equal(data.kind, 'diff');
      assert.deepEqual(data.files.map((f: { path: string }) => f.path), ['designs/hostile.scale.json', 'designs/ids.scale.json']);
      assert.equal(data.verdict, verdict(compared.files));
      assert.equal(data.files[0].head.diagram.name, '</script><script>window.__pwned=2</script>');
      assert.ok(data.files[0].base.laidOut && data.files[0].head.laidOut, 'both sides laid out by the CLI');
    });

    it('gives the same bytes for the same input', () => {
      const a = scale(['--base', 'HEAD', '--format', 'html'], repo);
      const b = scale(['--base', 'HEAD', '--format', 'html'], repo);
      assert.equal(a.status, 0, a.stderr);
      assert.ok(a.stdout.startsWith('<!DOCTYPE html>'));
      assert.equal(a.stdout, b.stdout);
      assert.notEqual(scale(['--base', 'HEAD', '--format', 'html', '--seed', '9'], repo).stdout, a.stdout);
    });

    it('is named in --help', () => {
      const r = scale(['--help'], repo);
      assert.match(r.stdout, /--format <text\|json\|markdown\|html>/);
      assert.match(r.stdout, /html\s+is one self-contained page/);
      assert.match(r.stdout, /--max-diagram-nodes <n>/);
    });

    it('says on stderr which side\'s diagram is drawn collapsed or left out, and why; --max-diagram-nodes sets the bound', () => {
      const kinds = new Set<string>();
      // At 3 nodes the designs are drawn collapsed; at 2 not even their kinds fit, and they are listed.
      for (const bound of ['3', '2']) {
        const r = scale(['--base', 'HEAD', '--format', 'html', '--max-diagram-nodes', bound], repo);
        assert.equal(r.status, 0, r.stderr);
        const { data } = pagePieces(r.stdout);
        const lines = r.stderr.split('\n').filter(Boolean);
        // Every side the page does not draw whole is named once, with the account the page gives.
        type Side = { label: string; diagram?: { collapsed?: { note: string } }; laidOut?: unknown; layoutNote?: string };
        const told: string[] = data.files.flatMap((f: { base: Side; head: Side }) =>
          (['base', 'head'] as const).flatMap((side) => {
            const s = f[side];
            if (!s.diagram) return [];
            if (!s.laidOut) return [`scale diff: the diagram of ${s.label} (${side}) is not drawn (${s.layoutNote!}, as --max-diagram-nodes says); the page lists its components instead`];
            return s.diagram.collapsed ? [`scale diff: the diagram of ${s.label} (${side}) is drawn collapsed (${s.diagram.collapsed.note}, as --max-diagram-nodes says)`] : [];
          }));
        assert.ok(told.length >= 2, JSON.stringify(told));
        assert.equal(lines.length, told.length, r.stderr);
        for (const said of told) {
          assert.ok(lines.includes(said), `${said}\nnot in:\n${r.stderr}`);
          kinds.add(said.includes('drawn collapsed') ? 'collapsed' : 'listed');
        }
      }
      assert.deepEqual([...kinds].sort(), ['collapsed', 'listed']);
      // Not a word when every side is drawn.
      assert.equal(scale(['--base', 'HEAD', '--format', 'html'], repo).stderr, '');
    });
  });

  describe('the page in Chromium', () => {
    const available = fs.existsSync(CHROMIUM);
    let browser: import('playwright-core').Browser;

    before(async function () {
      if (!available) this.skip();
      fs.mkdirSync(SHOTS, { recursive: true });
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    });
    after(async () => {
      await browser?.close();
    });

    const open = (file: string, colorScheme: 'light' | 'dark' = 'light') => openPage(browser, file, { colorScheme, width: 1400 });

    /** The ids drawn on one side of a file, of the nodes matching `filter` (a class). */
    async function drawn(page: import('playwright-core').Page, file: number, side: 'base' | 'head', filter = '') {
      return page.locator(`section.diff-file >> nth=${file}`).locator(`.side.${side} svg g.node${filter} .node-id`).allTextContents();
    }

    it('shows a hostile change on both sides as text: the verdict, both diagrams with the change marked, every table; nothing runs or loads', async () => {
      const file = path.join(dir, 'hostile.html');
      assert.equal(scale(['--base', 'HEAD', '--format', 'html', '-o', file], repo).status, 0);
      const { page, violations, requests } = await open(file);

      assert.equal(await page.locator('.diff-verdict').textContent(), verdict(compared.files));
      assert.deepEqual(await page.locator('section.diff-file h2').allTextContents(), ['designs/hostile.scale.json (modified)', 'designs/ids.scale.json (modified)']);
      assert.deepEqual(await page.locator('section.diff-file >> nth=0').locator('.side h3').allTextContents(), ['Base: designs/hostile.scale.json@HEAD', 'Head: designs/hostile.scale.json']);

      // Both diagrams of both files, each drawing its own side's components.
      assert.deepEqual((await drawn(page, 0, 'base')).sort(), ['legacy', 'store', 'users', 'web']);
      assert.deepEqual((await drawn(page, 0, 'head')).sort(), ['cache', 'store-main', 'users', 'web']);
      assert.deepEqual((await drawn(page, 1, 'base')).sort(), [IMG_ID, 'api', 'old</script>', 'users'].map((id) => shorten(id)).sort());
      assert.deepEqual((await drawn(page, 1, 'head')).sort(), [IMG_ID, '</script><script>window.__pwned = "added"</script>', 'api', 'users'].map((id) => shorten(id)).sort());

      // The marks: removed on the base, added on the head, changed on both under each side's id.
      assert.deepEqual(await drawn(page, 0, 'base', '.diff-removed'), ['legacy']);
      assert.deepEqual((await drawn(page, 0, 'base', '.diff-changed')).sort(), ['store', 'web']);
      assert.deepEqual(await drawn(page, 0, 'base', '.diff-added'), []);
      assert.deepEqual(await drawn(page, 0, 'head', '.diff-added'), ['cache']);
      assert.deepEqual((await drawn(page, 0, 'head', '.diff-changed')).sort(), ['store-main', 'web']);
      assert.deepEqual(await drawn(page, 0, 'head', '.diff-removed'), []);
      assert.deepEqual(await drawn(page, 1, 'base', '.diff-removed'), [shorten('old</script>')]);
      assert.deepEqual(await drawn(page, 1, 'base', '.diff-changed'), [shorten(IMG_ID)]);
      assert.deepEqual(await drawn(page, 1, 'head', '.diff-added'), [shorten('</script><script>window.__pwned = "added"</script>')]);
      assert.deepEqual(await drawn(page, 1, 'head', '.diff-changed'), [shorten(IMG_ID)]);
      assert.equal(await page.locator('g.node.diff-changed:not(.diff-added):not(.diff-removed)').count(), 6);
      // A changed component says how in its tooltip; the marks are drawn in the change's colours.
      const storeMain = page.locator('section.diff-file >> nth=0').locator('.side.head g.node.diff-changed', { has: page.locator('.node-id', { hasText: /^store-main$/ }) });
      assert.match((await storeMain.locator(':scope > title').textContent())!, /\n\nchanged by the change\nrenamed from store\nreplication\.failover\.detection 10s → 5s$/);
      assert.equal(await storeMain.locator('.node-box').evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).stroke), 'rgb(209, 134, 22)');
      const added = page.locator('section.diff-file >> nth=0').locator('.side.head g.node.diff-added .node-box');
      assert.equal(await added.evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).stroke), 'rgb(56, 138, 52)');
      const removed = page.locator('section.diff-file >> nth=0').locator('.side.base g.node.diff-removed .node-box');
      assert.equal(await removed.evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).strokeDasharray), '6px, 3px');

      // Every table of every file, with the rows the comparison has (a table without rows says so instead).
      for (const [i, f] of compared.files.entries()) {
        const section = page.locator(`section.diff-file >> nth=${i}`);
        for (const [name, rows] of Object.entries(expectedTableRows(f))) {
          assert.equal(await section.locator(`table[data-table=${name}] tbody tr`).count(), rows, `${f.path}: ${name}`);
        }
      }
      const tables = (i: number) => page.locator(`section.diff-file >> nth=${i}`).locator('table[data-table]');
      assert.deepEqual(await tables(0).evaluateAll((ts) => ts.map((t) => t.getAttribute('data-table'))), ['resolved', 'unchanged', 'components', 'calls', 'entries', 'load', 'saturation', 'outcomes']);
      assert.deepEqual(await tables(1).evaluateAll((ts) => ts.map((t) => t.getAttribute('data-table'))), ['introduced', 'resolved', 'unchanged', 'components', 'saturation']);
      // Texts from the files, in cells as they are.
      const outcomes = page.locator('section.diff-file >> nth=0').locator('table[data-table=outcomes] tbody tr');
      assert.equal(await outcomes.first().locator('td').first().textContent(), '</script><script>window.__pwned=2</script>');
      assert.ok((await page.locator('section.diff-file >> nth=1').locator('table[data-table=components] td').allTextContents()).includes(IMG_ID));
      // The findings give the line and column of their side.
      const resolved = page.locator('section.diff-file >> nth=0').locator('table[data-table=resolved] tbody tr').first();
      assert.deepEqual(await resolved.locator('td').allTextContents(), ['info', 'unreachable-component', `${compared.files[0]!.findings.resolved[0]!.line}:${compared.files[0]!.findings.resolved[0]!.column}`, 'components.legacy', compared.files[0]!.findings.resolved[0]!.message]);

      // Selecting the finding marks its component on the base.
      await resolved.click();
      assert.equal(await page.locator('section.diff-file >> nth=0').locator('.side.base g.node.cursor .node-id').textContent(), 'legacy');
      // Activating a component selects the rows about it. The side is drawn at readable text, a part at a time (Fit goes
      // no smaller), and the added cache lies past its view: reached from the keyboard, as every node can be.
      const cache = page.locator('section.diff-file >> nth=0').locator('.side.head g.node', { has: page.locator('.node-id', { hasText: /^cache$/ }) });
      await cache.focus();
      await cache.press('Enter');
      const selected = page.locator('section.diff-file >> nth=0').locator('tr.selected');
      assert.deepEqual(await selected.evaluateAll((rows) => rows.map((r) => [r.closest('table')!.getAttribute('data-table'), r.children[0]!.textContent, r.children[1]!.textContent])), [['components', 'added', 'cache'], ['load', 'cache (added)', '— → 1,000']]);

      // No text became an element, a handler, a URL or a script; nothing ran, nothing was fetched.
      assert.deepEqual(await page.evaluate(PAGE_COUNT_INJECTED), { embedded: 0, handlers: 0, scriptUrls: 0, scriptsMentioning: 1 });
      assert.equal(await page.evaluate('document.scripts.length'), 2);
      const tags = new Set(await page.evaluate('[...new Set([...document.querySelectorAll("*")].map((e) => e.localName))]') as string[]);
      const expected = ['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'script', 'h1', 'h2', 'h3', 'p', 'code', 'span', 'section', 'footer', 'button',
        'table', 'thead', 'tbody', 'tr', 'th', 'td', 'svg', 'defs', 'marker', 'pattern', 'line', 'path', 'g', 'rect', 'text', 'circle'];
      assert.deepEqual([...tags].filter((t) => !expected.includes(t)), []);
      assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
      await page.screenshot({ path: path.join(SHOTS, 'hostile.png'), fullPage: true });
      assert.deepEqual(await violations(), []);
      assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'nothing fetched');
      await page.close();
    });

    it('draws the startup change (two more app servers, a cache in front of the database), light and dark', async () => {
      fs.writeFileSync(path.join(dir, 'base.scale.json'), STARTUP);
      fs.writeFileSync(path.join(dir, 'head.scale.json'), startupChange(STARTUP));
      const file = path.join(dir, 'startup.html');
      assert.equal(scale(['base.scale.json', 'head.scale.json', '--format', 'html', '-o', file], dir).status, 0);
      for (const scheme of ['light', 'dark'] as const) {
        const { page, violations, requests } = await open(file, scheme);
        assert.deepEqual(await drawn(page, 0, 'head', '.diff-added'), ['db-cache']);
        assert.deepEqual(await drawn(page, 0, 'head', '.diff-changed'), ['app']);
        assert.deepEqual(await drawn(page, 0, 'base', '.diff-changed'), ['app']);
        assert.equal(await page.locator('.side.base g.node').count(), (await drawn(page, 0, 'head')).length - 1);
        assert.ok(await page.locator('table[data-table=outcomes] tbody tr').count() > 0);
        assert.equal(await page.evaluate('getComputedStyle(document.body).backgroundColor'), scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)');
        await page.screenshot({ path: path.join(SHOTS, `startup-${scheme}.png`), fullPage: true });
        assert.deepEqual(await violations(), []);
        assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), []);
        await page.close();
      }
    });

    it('says why a side is not drawn: a base that does not parse', async () => {
      fs.writeFileSync(path.join(dir, 'broken.scale.json'), '{ "version": 1, "name": "x", ');
      fs.writeFileSync(path.join(dir, 'good.scale.json'), STARTUP);
      const file = path.join(dir, 'broken.html');
      assert.equal(scale(['broken.scale.json', 'good.scale.json', '--format', 'html', '-o', file], dir).status, 0);
      const { page, violations } = await open(file);
      assert.equal(await page.locator('.side.base .missing').textContent(), 'The base does not read as a topology (the file does not validate as a topology): its findings are those of reading it.');
      assert.equal(await page.locator('.side.base svg').count(), 0);
      assert.ok(await page.locator('.side.head g.node.diff-added').count() > 0, 'every component of the head is added');
      assert.ok(await page.locator('table[data-table=resolved] tbody tr').count() > 0, 'the syntax findings resolved');
      assert.deepEqual(await violations(), []);
      await page.close();
    });
  });
});
