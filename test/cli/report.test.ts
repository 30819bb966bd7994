/**
 * `scale report` run as a process, and its page opened in headless Chromium
 * from disk as a reader would: the page is self-contained and byte-identical
 * for a file and seed, its CSP admits exactly its own script and style, it
 * draws the diagram, the findings and the scenarios the CLI computed, and
 * text from the file stays text (no markup, no script, zero CSP violations).
 */
import { type CliRun, runScale } from '../support/cliProcess';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DENSE_IN_REGIONS, generateTopology } from '../bench/generateTopology';
import { DIAGRAM_NODE_BOUND } from '../../src/core/diagram/elkOptions';
import { MIN_FIT_TEXT_PX } from '../../src/core/diagram/metrics';
import { hashSource, openPage, pagePieces } from '../support/reportPage';
import { CHROMIUM, yTickLabelStarts } from '../unit/webview/chromiumPage';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results', 'report');

const scale = (args: string[], cwd = ROOT): CliRun => runScale(args, cwd);

/** Names, descriptions and scenario names that would run script if any of them were drawn as markup. */
const HOSTILE = JSON.stringify({
  version: 1,
  name: '</script><script>window.__pwned = "name"</script>',
  workload: { peakRps: 1000, readFraction: 0.9 },
  components: {
    users: { kind: 'client', calls: ['web'], description: '<img src=x onerror="window.__pwned = \'img\'">' },
    web: { kind: 'service', instances: 2, calls: ['db'], description: 'javascript:window.__pwned = "link"' },
    db: { kind: 'database', description: '<!-- <script>window.__pwned = "comment"</script> -->', replication: { mode: 'async', replicas: 1, lag: { p50: '5ms', p99: '50ms' }, failover: { mode: 'automatic', detection: '10s', promotion: '5s' } } },
  },
  scenarios: [{ name: '<img src=x onerror="window.__pwned = \'scenario\'">', duration: '30s', faults: [{ at: '10s', kill: 'db' }] }],
}, null, 2);

describe('scale report (process)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-report-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a self-contained page whose CSP admits exactly its own script and style', () => {
    const out = path.join(dir, 'nested', 'url-shortener.html');
    const r = scale(['report', 'examples/url-shortener.scale.json', '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Wrote .*url-shortener\.html: 6 components, 1 finding, 4 scenarios run\n$/);
    const html = fs.readFileSync(out, 'utf8');
    const { csp, scripts, styles, data } = pagePieces(html);
    assert.equal(scripts.length, 2, 'the data block and the script');
    assert.equal(styles.length, 2, "the page's and the chart library's");
    const code = scripts.find((s) => s.attrs === '')!.body;
    assert.equal(csp, `default-src 'none'; script-src ${hashSource(code)}; style-src ${hashSource(styles[0]!)} ${hashSource(styles[1]!)}; img-src data: blob:; base-uri 'none'; form-action 'none'`);
    // Nothing is fetched: no src or href anywhere, no URL but the SVG namespace and data: in the script.
    assert.doesNotMatch(html, /\s(src|href)=/);
    assert.equal(data.file, 'examples/url-shortener.scale.json');
    assert.equal(data.diagram.nodes.length, 6);
    assert.ok(data.laidOut, 'laid out by the CLI');
    assert.equal(data.simulation.results.length, 4);
    // The figures of scale paths --format json, less its file.
    const { file: _, ...paths } = JSON.parse(scale(['paths', 'examples/url-shortener.scale.json', '--format', 'json']).stdout);
    assert.deepEqual(data.paths, paths);
  });

  it('embeds the same scenario results as `scale simulate --format json`, for the default and for a given seed', () => {
    for (const seed of [[], ['--seed', '42']]) {
      const report = scale(['report', 'examples/url-shortener.scale.json', ...seed]);
      assert.equal(report.status, 0, report.stderr);
      const simulated = scale(['simulate', 'examples/url-shortener.scale.json', '--format', 'json', ...seed]);
      const { data } = pagePieces(report.stdout);
      assert.deepEqual(data.simulation.results, JSON.parse(simulated.stdout).scenarios);
      assert.equal(data.simulation.seed, seed.length ? 42 : null);
    }
  });

  it('runs a scenario that names its seed with that seed whatever --seed says, as scale simulate does', () => {
    const report = scale(['report', 'examples/url-shortener.scale.json', '--seed', '42']);
    assert.equal(report.status, 0, report.stderr);
    const simulated = JSON.parse(scale(['simulate', 'examples/url-shortener.scale.json', '--format', 'json', '--seed', '3']).stdout) as { scenarios: { seed: number }[] };
    const results = pagePieces(report.stdout).data.simulation.results as { seed: number }[];
    // "primary dies under write load" declares seed 7.
    assert.equal(results[0]!.seed, 7);
    assert.deepEqual(results[0], simulated.scenarios[0]);
    assert.deepEqual(results.slice(1).map((r) => r.seed), [42, 42, 42]);
  });

  it('draws what a design imports, each component\'s declaration in the platform file as the run names files: no path of this machine', () => {
    const r = scale(['report', 'examples/social-feed.scale.json']);
    assert.equal(r.status, 0, r.stderr);
    const { data } = pagePieces(r.stdout);
    const platform = fs.readFileSync(path.join(ROOT, 'examples', 'platform', 'platform.scale.json'), 'utf8').split('\n');
    const imported = (data.diagram.nodes as { id: string; imported?: { file: string; from: string; via?: string }; keyRange: { start: { line: number; character: number } } }[]).filter((n) => n.imported);
    assert.deepEqual(imported.map((n) => n.id), ['auth', 'auth-db', 'events', 'event-archive']);
    for (const n of imported) {
      assert.equal(n.imported!.file, 'examples/platform/platform.scale.json', n.id);
      assert.equal(n.imported!.from, './platform/platform.scale.json', n.id);
      assert.equal(platform[n.keyRange.start.line]!.slice(n.keyRange.start.character).split(':')[0], JSON.stringify(n.id), `${n.id}'s key, in the platform's lines`);
    }
    assert.deepEqual(data.diagram.groups.map((g: { kind: string; name: string }) => `${g.kind} ${g.name}`), ['file ./platform/platform.scale.json', 'zone us-east-1a']);
    assert.ok(!r.stdout.includes(ROOT), 'no absolute path of this machine in the page');
  });

  it('gives a byte-identical page for the same file and seed', () => {
    const a = scale(['report', 'examples/ecommerce.scale.json']);
    const b = scale(['report', 'examples/ecommerce.scale.json']);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.notEqual(scale(['report', 'examples/ecommerce.scale.json', '--seed', '9']).stdout, a.stdout);
  });

  it('keeps every text of the file inside the data block, escaped', () => {
    const file = path.join(dir, 'hostile.scale.json');
    fs.writeFileSync(file, HOSTILE);
    const r = scale(['report', file]);
    assert.equal(r.status, 0, r.stderr);
    const { scripts, data } = pagePieces(r.stdout);
    assert.equal(scripts.length, 2, 'no text from the file closed the data block or opened a script');
    assert.equal((r.stdout.match(/<\/script/gi) ?? []).length, 2);
    assert.equal((r.stdout.match(/<img/gi) ?? []).length, 0);
    assert.equal(data.diagram.name, '</script><script>window.__pwned = "name"</script>');
    assert.equal(data.simulation.results[0].scenario, '<img src=x onerror="window.__pwned = \'scenario\'">');
  });

  it('reports a file that does not validate, without running its scenarios', () => {
    const file = path.join(dir, 'broken.scale.json');
    fs.writeFileSync(file, '{ "components": { "a": { "kind": "service", "calls": ["nowhere"] } }, "scenarios": [{ "name": "x", "duration": "1m" }] }');
    const r = scale(['report', file]);
    assert.equal(r.status, 0, r.stderr);
    const { data } = pagePieces(r.stdout);
    assert.ok(data.findings.some((f: { ruleId: string }) => f.ruleId === 'unknown-reference'));
    assert.deepEqual(data.simulation.results, []);
    assert.match(data.simulation.notRun, /does not validate/);
  });

  it('says on stderr when the diagram is drawn collapsed, what was collapsed and why: a topology past the bound is drawn as groups, not listed', () => {
    const file = path.join(dir, 'large.scale.json');
    const text = generateTopology(2_100);
    const count = Object.keys(JSON.parse(text).components).length;
    assert.ok(count > 2_000, `${count} components`);
    fs.writeFileSync(file, text);
    const out = path.join(dir, 'large.html');
    const written = scale(['report', file, '-o', out]);
    assert.equal(written.status, 0, written.stderr);
    const said = new RegExp(`^scale report: the diagram of \\S*large\\.scale\\.json is drawn collapsed \\(${count.toLocaleString('en-US')} components, more than the ${DIAGRAM_NODE_BOUND} the diagram draws at once, drawn as 6 nodes: 5 kinds collapsed, each drawn as one node with its counts\\); --max-diagram-nodes raises the bound\\n`, 'm');
    assert.match(written.stderr, said);
    assert.match(written.stderr, new RegExp(`^Wrote \\S*large\\.html: ${count.toLocaleString('en-US')} components, `, 'm'));
    const { data } = pagePieces(fs.readFileSync(out, 'utf8'));
    assert.ok(data.laidOut);
    assert.equal(data.diagram.collapsed.components, count);
    assert.deepEqual(data.diagram.collapsed.clusters.map((c: { title: string }) => c.title), ['kind loadBalancer', 'kind service', 'kind cache', 'kind database', 'kind queue']);
    // The page on standard output: the terminal is told all the same.
    const piped = scale(['report', file]);
    assert.equal(piped.status, 0, piped.stderr);
    assert.match(piped.stderr, said);
  });

  it('--max-diagram-nodes sets the bound: above it the diagram is drawn collapsed, the list only when even kinds are too many, and stderr says so; 0 never draws', () => {
    const collapsed = scale(['report', 'examples/startup.scale.json', '--max-diagram-nodes', '8']);
    assert.equal(collapsed.status, 0, collapsed.stderr);
    assert.equal(collapsed.stderr, 'scale report: the diagram of examples/startup.scale.json is drawn collapsed (17 components, more than the 8 the diagram draws at once, drawn as 8 nodes: 1 zone and 2 kinds collapsed, each drawn as one node with its counts, as --max-diagram-nodes says)\n');
    assert.ok(pagePieces(collapsed.stdout).data.laidOut);
    // url-shortener's six components are six kinds: nothing groups them into five nodes.
    const bounded = scale(['report', 'examples/url-shortener.scale.json', '--max-diagram-nodes', '5']);
    assert.equal(bounded.status, 0, bounded.stderr);
    assert.equal(bounded.stderr, 'scale report: the diagram of examples/url-shortener.scale.json is not drawn (6 components: even grouped by kind, more than the 5 nodes the diagram draws at once, as --max-diagram-nodes says); the page lists its components instead\n');
    const page = pagePieces(bounded.stdout).data;
    assert.equal(page.laidOut, undefined);
    assert.equal(page.diagram.nodes.length, 6);
    const drawn = scale(['report', 'examples/url-shortener.scale.json', '--max-diagram-nodes=6']);
    assert.equal(drawn.status, 0, drawn.stderr);
    assert.equal(drawn.stderr, '');
    assert.ok(pagePieces(drawn.stdout).data.laidOut);
    const never = scale(['report', 'examples/url-shortener.scale.json', '--max-diagram-nodes', '0']);
    assert.equal(never.status, 0, never.stderr);
    assert.match(never.stderr, /not drawn \(6 components: even grouped by kind, more than the 0 nodes the diagram draws at once, as --max-diagram-nodes says\)/);
    assert.match(scale(['report', '--help']).stdout, /--max-diagram-nodes <n>/);
  });

  it('exits 2 on usage and I/O errors, with a message on stderr', () => {
    const cases: [string[], RegExp][] = [
      [['report'], /report needs a file/],
      [['report', 'examples/url-shortener.scale.json', '--max-diagram-nodes', '2001'], /--max-diagram-nodes takes a whole number from 0 to 2,000, not "2001"/],
      [['report', 'examples/url-shortener.scale.json', '--max-diagram-nodes', 'many'], /--max-diagram-nodes takes a whole number from 0 to 2,000, not "many"/],
      [['report', 'examples/url-shortener.scale.json', '--max-diagram-nodes=-1'], /--max-diagram-nodes takes a whole number/],
      [['report', 'examples/url-shortener.scale.json', 'examples/startup.scale.json'], /report takes one file, not 2/],
      [['report', 'examples/url-shortener.scale.json', '--seed=-1'], /--seed takes a whole number/],
      [['report', 'nowhere.scale.json'], /nowhere\.scale\.json/],
      [['report', 'examples/url-shortener.scale.json', '-o', path.join(ROOT, 'package.json', 'x.html')], /Cannot write/],
      [['report', '--bogus'], /bogus/],
    ];
    for (const [args, message] of cases) {
      const r = scale(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, message, args.join(' '));
    }
  });
});

describe('scale report page in Chromium', function () {
  this.timeout(120_000);
  const available = fs.existsSync(CHROMIUM);
  let dir: string;
  let browser: import('playwright-core').Browser;

  before(async function () {
    if (!available) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-report-page-'));
    fs.mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = (file: string, colorScheme: 'light' | 'dark' = 'light') => openPage(browser, file, { colorScheme });

  it('draws the URL shortener: every component and call, the findings, the scenarios; a finding marks its component', async () => {
    const file = path.join(dir, 'url-shortener.html');
    assert.equal(scale(['report', 'examples/url-shortener.scale.json', '-o', file]).status, 0);
    for (const scheme of ['light', 'dark'] as const) {
      const { page, violations, requests } = await open(file, scheme);
      assert.equal(await page.locator('h1').textContent(), 'url-shortener');
      assert.equal(await page.locator('svg .node').count(), 6);
      assert.equal(await page.locator('svg.canvas .edge:not(.relation)').count(), 5);
      assert.equal(await page.locator('svg.canvas .edge.relation-fronts .edge-label').textContent(), 'fronts');
      assert.deepEqual(await page.locator('svg.canvas .node.kind-database .node-glyph').allTextContents(), ['64 shards · primary + 2 async', 'automatic failover']);
      // The legend is shown at first, and the toolbar hides it.
      const legend = page.locator('svg.legend-overlay');
      assert.ok((await legend.locator('text').allTextContents()).includes('cache in front of a store'));
      await page.getByRole('button', { name: /^Show or hide the legend/ }).click();
      assert.equal(await legend.isVisible(), false);
      await page.getByRole('button', { name: /^Show or hide the legend/ }).click();
      assert.deepEqual(await page.locator('svg .node .node-id').allTextContents(), ['clients', 'cdn', 'edge-lb', 'api', 'url-cache', 'urls']);
      assert.ok(await page.locator('svg .node.kind-database .finding-badge.info').count() === 1, 'the info badge on urls');
      assert.equal(await page.locator('tr.finding').count(), 1);
      assert.equal(await page.locator('article.sim-scenario').count(), 4);
      assert.equal(await page.locator('.sim-budgets li.held').count(), 5);
      assert.equal(await page.locator('.sim-budgets li.violated').count(), 0);
      // Availability and latency per entry point, as scale paths gives them: the entry's row, its SLO met, its stores.
      const pathsRow = await page.locator('table.paths tbody tr').allTextContents();
      assert.equal(pathsRow.length, 1);
      assert.match(pathsRow[0]!, /^clients99\.99\d+%[\d.]+ s[\d.]+ ms7\d(\.\d+)? msdowntime: edge-lb \([\d.]+%\); p99: api \([\d.]+ ms\)$/);
      assert.deepEqual(await page.locator('section.paths .budgets li .verdict').allTextContents(), ['met', 'met']);
      assert.deepEqual(await page.locator('table.stores tbody tr td:first-child').allTextContents(), ['url-cache', 'urls']);
      // The figures of the first scenario, as the CLI prints them, and its charts drawn by the chart library.
      const first = page.locator('article.sim-scenario').first();
      const lost = /lost writes ([\d,]+) of ([\d,]+) acknowledged/.exec((await first.locator('pre.outcome').textContent())!)!;
      assert.equal(await first.locator('[data-figure=lostWrites]').textContent(), lost[1]);
      assert.equal(await first.locator('[data-figure=writeDowntime]').textContent(), '15 s');
      await page.locator('[role=img][aria-label^="Failover timeline of urls#0"] canvas').waitFor();
      assert.ok(await page.locator('[role=img][aria-label^="Replication lag of urls"] canvas').count() === 1);
      assert.ok(await page.locator('[role=img][aria-label^="Requests per server of api"] canvas').count() === 1);
      await page.locator('tr.finding').first().click();
      assert.equal(await page.locator('svg .node.cursor .node-id').textContent(), 'urls');
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      assert.equal(background, scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)');
      await page.screenshot({ path: path.join(SHOTS, `url-shortener-${scheme}.png`), fullPage: true });
      assert.deepEqual(await violations(), []);
      assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'nothing fetched');
      await page.close();
    }
  });

  it('draws the saturation chart of the startup design: a line per component in scale headroom\'s order, the simulation\'s points, the file\'s 2× target, the figures as text', async () => {
    const file = path.join(dir, 'startup.html');
    assert.equal(scale(['report', 'examples/startup.scale.json', '-o', file]).status, 0);
    // The order and multiples scale headroom prints for the same file.
    const headroom = scale(['headroom', 'examples/startup.scale.json']).stdout;
    const order = [...headroom.matchAll(/^ +([\d,.]+×) {2}(\S+) +runs out of /gm)].map((m) => [m[2]!, m[1]!]);
    assert.deepEqual(order.map(([id]) => id), ['db', 'app', 'lb']);
    for (const scheme of ['light', 'dark'] as const) {
      const { page, violations } = await open(file, scheme);
      const growth = page.locator('section.growth');
      assert.equal(await growth.locator('h2').textContent(), 'Saturation as the workload grows');
      await growth.locator('.chart canvas').waitFor();
      assert.match((await growth.locator('.chart').getAttribute('aria-label'))!, /^Saturation as the workload grows: .* the first 3 to saturate, to past the 2× growth target, with the simulation's measurements at \d+ multiples\. db saturates first, at 0\.75× today's peak \(1,500 rps\); then app at 0\.77×, lb at 5\.1×\.$/);
      const legend = (await growth.locator('.u-legend .u-label').allTextContents()).filter((l) => l !== 'multiple of today\'s peak');
      assert.deepEqual(legend, ['db', 'app', 'lb', 'capacity (100%)', 'db (simulated)', 'app (simulated)', 'lb (simulated)']);
      const rows = await growth.locator('table.saturation-table').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      assert.deepEqual(rows.map((r) => r.slice(0, 2)), order);
      assert.deepEqual(rows[0], ['db', '0.75×', '133.3%', '266.7%', '100%']);
      const points = await growth.locator('details.saturation-points tbody tr').count();
      assert.ok(points >= 3 && points <= 10, `${points} simulated multiples`);
      for (const x of (await page.evaluate(yTickLabelStarts('section.growth .chart'))) as number[]) assert.ok(x >= 18, `every tick label starts right of the y axis's title: ${x} px`);
      await growth.screenshot({ path: path.join(SHOTS, `startup-saturation-${scheme}.png`) });
      assert.deepEqual(await violations(), []);
      await page.close();
    }
  });

  it('saves the diagram as a standalone SVG and as a PNG twice its size, within the CSP', async () => {
    const file = path.join(dir, 'url-shortener-export.html');
    assert.equal(scale(['report', 'examples/url-shortener.scale.json', '-o', file]).status, 0);
    const { page, violations } = await open(file, 'dark');
    const save = async (format: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Save the diagram as ${format}` }).click()]);
      const to = path.join(dir, download.suggestedFilename());
      await download.saveAs(to);
      return { name: download.suggestedFilename(), bytes: fs.readFileSync(to) };
    };
    const svg = await save('SVG');
    assert.equal(svg.name, 'url-shortener.svg');
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // Standalone: colours resolved from the theme, no classes or styles that need the page.
    assert.doesNotMatch(text, /var\(|\sclass=|\sstyle=/);
    assert.match(text, /<rect [^>]*fill="rgb\(31, 31, 31\)"/, 'the dark page background');
    for (const id of ['clients', 'cdn', 'edge-lb', 'api', 'url-cache', 'urls']) assert.ok(text.includes(`>${id}</text>`), id);
    // The topology's name above the diagram, the legend below it.
    for (const t of ['url-shortener', 'Components', 'Load: busiest resource at peak']) assert.ok(text.includes(`>${t}</text>`), t);
    const width = Number(/<svg [^>]*\swidth="(\d+)"/.exec(text)![1]);
    const height = Number(/<svg [^>]*\sheight="(\d+)"/.exec(text)![1]);
    // The same file in a fresh page, with no stylesheet, draws the same boxes.
    const alone = await browser.newPage();
    await alone.setContent(text.replace(/^<\?xml[^>]*>\n/, ''));
    assert.equal(await alone.locator('svg > g text').filter({ hasText: /^urls$/ }).count(), 1);
    await alone.close();

    const png = await save('PNG');
    assert.equal(png.name, 'url-shortener.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [width * 2, height * 2]);
    assert.deepEqual(await violations(), []);
    await page.close();
  });

  it('links each finding\'s "where" to its line in the source excerpt, the finding\'s column marked; a click scrolls there', async () => {
    const source = path.join(ROOT, 'examples', 'startup.scale.json');
    const lines = fs.readFileSync(source, 'utf8').split(/\r\n|\r|\n/);
    const file = path.join(dir, 'startup-source.html');
    assert.equal(scale(['report', 'examples/startup.scale.json', '-o', file]).status, 0);
    const { page, violations } = await open(file);
    const rows = (await page.evaluate(`[...document.querySelectorAll('tr.finding td.where')].map((td) => {
      const a = td.querySelector('a');
      const target = a && document.getElementById(decodeURIComponent(a.hash.slice(1)));
      return { where: td.textContent, link: a && a.textContent, href: a && a.getAttribute('href'),
        target: target && { inSource: !!target.closest('section.source'), number: target.querySelector('.src-number').textContent, text: target.querySelector('.src-text').textContent,
          marks: [...target.querySelectorAll('mark')].map((m) => ({ column: Number(m.dataset.column), text: m.textContent })) } };
    })`)) as { where: string; link: string | null; href: string | null; target: { inSource: boolean; number: string; text: string; marks: { column: number; text: string }[] } | null }[];
    assert.ok(rows.length > 3, `${rows.length} findings`);
    for (const r of rows) {
      const [line, column] = /^(\d+):(\d+)/.exec(r.where)!.slice(1).map(Number) as [number, number];
      assert.equal(r.link, `${line}:${column}`, r.where);
      assert.equal(r.href, `#L${line}`, r.where);
      assert.ok(r.target?.inSource, `${r.where}: its line is in the source excerpt`);
      assert.equal(r.target.number, String(line));
      assert.equal(r.target.text, lines[line - 1], `${r.where}: the file's line ${line}`);
      const mark = r.target.marks.find((m) => m.column === column);
      assert.ok(mark, `${r.where}: the column is marked`);
      assert.equal(mark.text, lines[line - 1]!.slice(column - 1, column - 1 + mark.text.length));
    }
    // A click on the last finding's place brings its line into view, as the page's target.
    const last = page.locator('tr.finding td.where a').last();
    const href = (await last.getAttribute('href'))!;
    await page.evaluate('window.scrollTo(0, 0)');
    await last.click();
    assert.equal(await page.evaluate('location.hash'), href);
    const seen = (await page.evaluate(`(() => { const r = document.getElementById(${JSON.stringify(href.slice(1))}).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`)) as boolean;
    assert.ok(seen, 'the line is in view');
    assert.equal(await page.locator('.src-line:target').count(), 1);
    await page.screenshot({ path: path.join(SHOTS, 'startup-source.png') });
    assert.deepEqual(await violations(), []);
    await page.close();
  });

  it(`draws the diagram readable at the page's width: no text under ${MIN_FIT_TEXT_PX} px, Fit included, the rest a drag away`, async () => {
    const file = path.join(dir, 'ecommerce-readable.html');
    assert.equal(scale(['report', 'examples/ecommerce.scale.json', '-o', file]).status, 0);
    for (const width of [1280, 800]) {
      const { page, violations } = await openPage(browser, file, { width });
      await page.locator('svg.canvas .node').first().waitFor();
      // Once the frame has its size and its view.
      await page.waitForFunction('!!document.querySelector("svg.canvas g.viewport").getAttribute("transform")');
      const smallestText = async () => Math.min(...((await page.evaluate(`[...document.querySelectorAll('svg.canvas g.viewport text')].map((t) => t.getCTM().a * parseFloat(getComputedStyle(t).fontSize))`)) as number[]));
      assert.ok(await page.locator('svg.canvas g.viewport text').count() > 50);
      const smallest = await smallestText();
      assert.ok(smallest >= MIN_FIT_TEXT_PX - 1e-6, `${width} px wide: the smallest text is drawn ${smallest.toFixed(2)} px high`);
      // Fit (the button, or 0) goes to the view the page opened with, at the same floor: never smaller text.
      const first = await page.locator('svg.canvas g.viewport').getAttribute('transform');
      await page.getByRole('button', { name: 'Zoom in (+)' }).click();
      await page.getByRole('button', { name: /^Fit the diagram/ }).click();
      assert.equal(await page.locator('svg.canvas g.viewport').getAttribute('transform'), first, `${width} px wide: Fit gives the first view back`);
      assert.ok(await smallestText() >= MIN_FIT_TEXT_PX - 1e-6, `${width} px wide: after Fit the smallest text is drawn ${(await smallestText()).toFixed(2)} px high`);
      // The diagram starts in view (its first component, top left) and the frame says the rest is there to pan to.
      const inView = (await page.evaluate(`(() => {
        const stage = document.querySelector('.diagram-frame .stage').getBoundingClientRect();
        const r = document.querySelector('svg.canvas .node').getBoundingClientRect();
        return r.left >= stage.left && r.top >= stage.top && r.right <= stage.right && r.bottom <= stage.bottom;
      })()`)) as boolean;
      assert.ok(inView, 'the first component in view');
      // What the frame says of the rest is true: Fit does not show it all, zooming out does.
      const status = (await page.locator('.diagram-frame .toolbar .status').textContent())!;
      assert.match(status, /drag|arrow keys/i);
      assert.doesNotMatch(status, /Fit shows/i);
      assert.match(status, /zoom out/i);
      await page.screenshot({ path: path.join(SHOTS, `ecommerce-readable-${width}.png`) });
      assert.deepEqual(await violations(), []);
      await page.close();
    }
  });

  it('clicking a component selects its findings', async () => {
    const file = path.join(dir, 'startup.html');
    assert.equal(scale(['report', 'examples/startup.scale.json', '-o', file]).status, 0);
    const { page, violations } = await open(file);
    const node = page.locator('svg .node', { has: page.locator('.node-id', { hasText: /^lb$/ }) });
    await node.click();
    const selected = await page.locator('tr.finding.selected td.where').allTextContents();
    assert.ok(selected.length > 0);
    for (const where of selected) assert.match(where, / lb$/);
    assert.deepEqual(await violations(), []);
    await page.close();
  });

  it('draws social-feed\'s platform components in the box of their file, as external; their finding is on the import', async () => {
    const file = path.join(dir, 'social-feed.html');
    assert.equal(scale(['report', 'examples/social-feed.scale.json', '-o', file]).status, 0);
    for (const scheme of ['light', 'dark'] as const) {
      const { page, violations } = await open(file, scheme);
      assert.equal(await page.locator('svg .group.file .group-title').textContent(), 'imported from ./platform/platform.scale.json');
      assert.deepEqual(await page.locator('svg .node.external .node-id').allTextContents(), ['auth', 'auth-db', 'events', 'event-archive']);
      assert.equal(await page.locator('svg .node.external .external-strip').count(), 4);
      const inBox = await page.evaluate(`(() => {
        const box = document.querySelector('svg .group.file rect').getBoundingClientRect();
        return [...document.querySelectorAll('svg .node.external .node-box')].every((b) => { const r = b.getBoundingClientRect(); return r.left > box.left && r.top > box.top && r.right < box.right && r.bottom < box.bottom; });
      })()`);
      assert.equal(inBox, true, 'every imported component inside the box');
      // The platform's single point of failure: the badge on auth-db, its row in the design's lines (on the import).
      // The page draws it readable, a part at a time (Fit goes no smaller): auth-db, past the view, is reached from the keyboard.
      await page.locator('svg .node', { has: page.locator('.node-id', { hasText: /^auth-db$/ }) }).focus();
      await page.keyboard.press('Enter');
      assert.deepEqual(await page.locator('tr.finding.selected td.where').allTextContents(), ['9:25 auth-db']);
      assert.match((await page.locator('tr.finding.selected td').last().textContent())!, /^In "\.\/platform\/platform\.scale\.json" \(auth depends on it\): auth-db/);
      await page.screenshot({ path: path.join(SHOTS, `social-feed-${scheme}.png`), fullPage: true });
      assert.deepEqual(await violations(), []);
      await page.close();
    }
  });

  it('draws a design past the bound collapsed: each group a node with its counts, the note above it saying what and why; hostile names stay text', async () => {
    const source = path.join(dir, 'large.scale.json');
    // The generated design in regions and zones, one zone renamed to markup.
    const evil = '<img src=x onerror=__x=1>';
    fs.writeFileSync(source, generateTopology(199, DENSE_IN_REGIONS).replaceAll('"region-0a"', JSON.stringify(evil)));
    const file = path.join(dir, 'large.html');
    const r = scale(['report', source, '-o', file]);
    assert.equal(r.status, 0, r.stderr);
    const { data } = pagePieces(fs.readFileSync(file, 'utf8'));
    const c = data.diagram.collapsed;
    const { page, violations, requests } = await open(file);
    assert.equal(await page.locator('svg .node.cluster').count(), c.clusters.length);
    assert.equal(await page.locator('svg .node:not(.cluster)').count(), data.diagram.nodes.length);
    assert.ok(c.clusters.length + data.diagram.nodes.length <= DIAGRAM_NODE_BOUND);
    assert.equal(await page.locator('.collapse-note').textContent(), `Drawn collapsed: ${c.note}.`);
    assert.match(r.stderr, new RegExp(`is drawn collapsed \\(${c.note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    assert.ok(await page.locator('svg .node.cluster .node-id', { hasText: evil }).count() === 1, 'the zone named as markup, drawn as text');
    assert.equal(await page.locator('svg .node.cluster.fixed').count(), c.clusters.length, 'the page draws the groups as they are: no opening');
    assert.match(await page.locator('.subtitle').first().textContent() ?? '', /199 components/);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate('typeof window.__x'), 'undefined');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), []);
    await page.close();
  });

  it('shows hostile names and descriptions as text: nothing runs, nothing is fetched, no CSP violation', async () => {
    const source = path.join(dir, 'hostile.scale.json');
    fs.writeFileSync(source, HOSTILE);
    const file = path.join(dir, 'hostile.html');
    assert.equal(scale(['report', source, '-o', file]).status, 0);
    const { page, violations, requests } = await open(file);
    assert.equal(await page.locator('h1').textContent(), '</script><script>window.__pwned = "name"</script>');
    assert.equal(await page.locator('article.sim-scenario h3').textContent(), '<img src=x onerror="window.__pwned = \'scenario\'">');
    assert.match((await page.locator('svg .node title').allTextContents()).join('\n'), /<img src=x onerror="window.__pwned = 'img'">/);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), []);
    await page.close();
  });
});
