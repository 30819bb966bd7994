/**
 * The simulation panel of the built webview in headless Chromium, under its
 * real CSP: the scenarios run in the inline simulation worker give the same
 * JSON as `scale simulate --format json` (the CLI run as a process) for the
 * same seed, on two examples; killing the database primary in the what-if
 * shows the failover with its lost writes; a zone outage shows what it kills
 * and costs, with the figures `scale simulate` gives for the same scenario
 * declared in the file; names from the file stay text; zero CSP violations
 * and zero script errors throughout.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { num, pct } from '../../../src/core/scenario/figures';
import { num as figure } from '../../../src/core/text/format';
import { runSaturation } from '../../../src/core/whatIf/whatIf';
import type { ScenarioResult } from '../../../src/core/scenario/types';
import { WebviewMessage } from '../../../src/core/webviewProtocol';
import { importSnapshotOf } from '../../support/exampleImports';
import { assertClean, diagramOf, openWebview, webviewAvailable, yTickLabelStarts } from './chromiumPage';

const ROOT = path.resolve(__dirname, '../../..');
const available = webviewAvailable && fs.existsSync(path.join(ROOT, 'dist', 'cli.js'));
const exampleText = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', `${name}.scale.json`), 'utf8');

/** `scale simulate <file> --seed <seed> --format json`, run as a process from the repository's root. */
function simulateJson(file: string, seed: number): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'scale.js'), 'simulate', file, '--seed', String(seed), '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

describe('simulation panel in Chromium (worker runs, same results as scale simulate, CSP)', function () {
  this.timeout(180_000);
  let w: Awaited<ReturnType<typeof openWebview>>;

  before(async function () {
    if (!available) this.skip();
    w = await openWebview({ state: JSON.stringify({ uri: 'file:///w/examples/url-shortener.scale.json' }) });
    await w.waitFor((m) => m.type === 'ready');
  });
  after(async () => {
    await w?.close();
  });

  /** Shows an example's diagram and sends its text, as the host does while the panel is open: with the files its imports read, as the server answers scale/imports. */
  const load = async (name: string, seed: number) => {
    const text = exampleText(name);
    const uri = `file:///w/examples/${name}.scale.json`;
    const file = `examples/${name}.scale.json`;
    await w.post({ type: 'diagram', file, diagram: diagramOf(text, uri) });
    const n = (await w.record()).sent.length;
    await w.post({ type: 'source', uri, file, version: 1, text, seed, imports: importSnapshotOf(file, text) });
    return { file, after: n };
  };
  /** Waits until an expression is true in the page (polled with evaluate: waitForFunction would need eval, which the CSP refuses). */
  const until = async (expression: string, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await w.page.evaluate(expression))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const tickLabelStarts = async (selector: string) => (await w.page.evaluate(yTickLabelStarts(selector))) as number[];
  const report = (kind: string, after: number) => w.waitFor((m) => m.type === 'simulationReport' && m.kind === kind, after, 60_000);

  it('opens beside the diagram and asks the host for the document\'s text', async () => {
    await w.page.locator('button', { hasText: 'Simulate' }).click();
    assert.deepEqual(await w.waitFor((m) => m.type === 'simulationPanel'), { type: 'simulationPanel', open: true });
    assert.ok(await w.page.locator('aside.sim').isVisible());
  });

  // Before the runs below: the next document shown (payments) clears these results, which the what-if tests' selectors would also find.
  it('a scenario that names its seed runs with it whatever the setting says: the figures scale simulate gives with another --seed', async () => {
    const { file, after } = await load('url-shortener', 3);
    await report('whatIf', after);
    await w.page.locator('vscode-tab-header', { hasText: 'Scenarios' }).click();
    assert.match((await w.page.locator('.sim-scenario-controls .sim-muted').textContent()) ?? '', /seed 3 .*scenarios that name none/);
    const n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Run all scenarios"]').click();
    assert.equal((await report('scenarios', n)).outcome, 'done');
    await w.page.locator('details.sim-json summary').click();
    await until('document.querySelector("details.sim-json pre").textContent.length > 0');
    const shown = JSON.parse((await w.page.locator('details.sim-json pre').textContent())!) as { scenarios: { seed: number }[] };
    // "primary dies under write load" declares seed 7.
    const cli = JSON.parse(simulateJson(file, 5)) as { scenarios: { seed: number }[] };
    assert.deepEqual(shown.scenarios.map((s) => s.seed), [7, 3, 3, 3]);
    assert.deepEqual(shown.scenarios[0], cli.scenarios[0]);
    assertClean(await w.record());
  });

  for (const [name, seed] of [['url-shortener', 1], ['payments', 7], ['social-feed', 2]] as const) {
    it(`${name}: "Run all" in the worker gives scale simulate --format json --seed ${seed}, byte for byte`, async () => {
      const { file, after } = await load(name, seed);
      await report('whatIf', after);
      await w.page.locator('vscode-tab-header', { hasText: 'Scenarios' }).click();
      const n = (await w.record()).sent.length;
      await w.page.locator('vscode-button[aria-label="Run all scenarios"]').click();
      const r = await report('scenarios', n);
      assert.equal(r.outcome, 'done', JSON.stringify(r));
      const expected = simulateJson(file, seed);
      assert.equal(r.scenarios, (JSON.parse(expected) as { scenarios: unknown[] }).scenarios.length);
      await w.page.locator('details.sim-json summary').click();
      // Written out when opened (the toggle event comes after the click).
      await until('document.querySelector("details.sim-json pre").textContent.length > 0');
      const shown = await w.page.locator('details.sim-json pre').textContent();
      assert.deepEqual(JSON.parse(shown!), JSON.parse(expected));
      assert.equal(shown, expected);
      // Each scenario is shown with its budgets, worded as the CLI words them.
      const results = JSON.parse(expected).scenarios as { budgets: { held: boolean }[] }[];
      assert.equal(await w.page.locator('.sim-scenario-controls ~ .sim-result article.sim-scenario').count(), results.length);
      const held = results.flatMap((x) => x.budgets).filter((b) => b.held).length;
      assert.equal(await w.page.locator('.sim-result > .sim-budgets li.held').count(), held);
      assertClean(await w.record());
    });
  }

  it('says in plain words when only part of the requests were simulated: no "sampled", "thinned" or "event budget"', async () => {
    // social-feed's scenarios, run just above: its fan-out workers' pool is simulated in part.
    const articles = w.page.locator('.sim-result article.sim-scenario');
    const text = (await articles.allTextContents()).join('\n');
    assert.doesNotMatch(text, /sampled|thinned|event budget/i);
    const simulated = await articles.locator('dt:text-is("simulated") + dd').allTextContents();
    assert.ok(simulated.length > 0, 'a scenario says it simulated part of the requests');
    for (const s of simulated) assert.match(s, /simulated [\d.]+% of .* and scaled the counts up/);
    assert.match((await articles.locator('h3', { hasText: 'simulated' }).first().textContent())!, /, simulated [\d.]+% of requests\)$/);
    assertClean(await w.record());
  });

  it('kill the database primary (a click on its node, then Kill): the failover timeline, lost writes and downtime against the file\'s budget', async () => {
    const { after } = await load('url-shortener', 1);
    await report('whatIf', after);
    await w.page.locator('vscode-tab-header', { hasText: 'What if' }).click();
    // Beside the panel the chain fits only with text smaller than the fit goes: zoomed out to reach its end, as a reader would.
    for (let k = 0; k < 3; k++) await w.page.locator('button[title^="Zoom out"]').click();
    await w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: /^urls$/ }) }).click();
    const n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Kill urls#0"]').click();
    const r = await report('whatIf', n);
    assert.equal(r.outcome, 'done');
    const failover = w.page.locator('.sim-failover');
    await failover.waitFor();
    assert.match((await failover.locator('h4').textContent())!, /^Failover: urls#0 \(shard 0 of 64\) killed at 10 s$/);
    assert.match((await failover.locator('[data-figure="lostWrites"]').textContent())!, /^\d[\d,]*$/);
    assert.equal(await failover.locator('[data-figure="writeDowntime"]').textContent(), '15 s');
    // uPlot drew the timeline and the lag over time (canvas charts, with their legends).
    await w.page.locator('.sim-failover .chart canvas').first().waitFor();
    assert.equal(await failover.locator('.chart').count(), 2);
    assert.ok(await failover.locator('.chart .u-legend', { hasText: 'writes accepted' }).count() === 1);
    // Held to the budgets of the file's scenario that kills the same store.
    assert.match((await w.page.locator('.sim-result .sim-budgets h4').first().textContent())!, /from the scenario "primary dies under write load"/);
    assert.equal(await w.page.locator('.sim-result .sim-budgets li[data-metric="lostWrites"]').count(), 1);
    // The node is marked, and the what-if is kept with the panel's state.
    assert.equal(await w.page.locator('g.node.sim-faulted .node-id').textContent(), 'urls');
    for (let i = 0; i < 50 && !JSON.stringify((await w.record()).state).includes('"faults":[{'); i++) await new Promise((res) => setTimeout(res, 50));
    const state = (await w.record()).state as { simulation?: { open: boolean; faults: unknown[] } };
    assert.deepEqual(state.simulation?.faults, [{ component: 'urls', instance: 0, action: 'kill' }]);
    assert.equal(state.simulation?.open, true);
    assertClean(await w.record());
  });

  it('the failover\'s rows read as sentences: a figure and the words after it are kept apart', async () => {
    const rows = w.page.locator('.sim-failover dl.sim-rows');
    const row = async (label: string) => (await rows.locator(`dt:text-is("${label}") + dd`).textContent())!;
    // Not "replica 0 0 ms behind" nor "0 failed 381 served": two figures side by side read as one.
    assert.match(await row('promoted'), /^replica \d+, [\d.]+ m?s behind when the primary died$/);
    assert.match(await row('reads'), /^[\d,]+ failed; [\d,]+ served by replicas during the outage, [\d.<>]+% stale$/);
    assertClean(await w.record());
  });

  it('a killed API server: the balancer\'s per-server counters, detection and failed requests meanwhile', async () => {
    await w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: /^api$/ }) }).click();
    const n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Kill api#3"]').click();
    await report('whatIf', n);
    const pool = w.page.locator('.sim-pool');
    await pool.waitFor();
    assert.equal(await pool.locator('.sim-counters tr').count(), 9);
    assert.match((await pool.locator('[data-figure="poolDetection"]').textContent())!, /^dies at 10 s: taken out at [\d.]+ s, detection [\d.]+ s$/);
    assert.match((await pool.locator('[data-figure="failedDuringDetection"]').textContent())!, /^\d[\d,]* sent to a dead server still in rotation$/);
    assertClean(await w.record());
  });

  it('a chart\'s y-axis title stands apart from its tick labels, however wide the figures ("100,000")', async () => {
    // A label must end before the title's band: one too wide for the room ran over the title, and off the canvas.
    const starts = await tickLabelStarts('.sim-pool .chart');
    assert.ok(starts.length >= 2, "the pool's charts");
    for (const s of starts) assert.ok(s >= 18, `every tick label starts right of the title's band: ${starts.join(', ')} px`);
    assertClean(await w.record());
  });

  it('per-shard load: the hot shard marked, max and mean, and what one more shard moves under modulo and on the ring', async () => {
    const urls = w.page.locator('.sim-shards[data-component="urls"]');
    await urls.waitFor();
    assert.match((await urls.locator('[data-figure="hotShard"]').textContent())!, /^shard \d+: [\d,]+ rps, [\d.]+x the mean of [\d,]+ rps$/);
    assert.match((await urls.locator('[data-figure="addShard"]').textContent())!, /^hash mod N moves 98\.5% of the keys; a ring \(160 vnodes per shard\) moves 1\.\d+%$/);
    assert.ok(await urls.locator('.chart .u-legend', { hasText: 'hottest' }).count() === 1);
  });

  it('workload controls rerun the what-if without touching the file; a value out of range is refused', async () => {
    const peak = w.page.locator('.sim-controls vscode-textfield').first();
    const n = (await w.record()).sent.length;
    await peak.locator('input').fill('80000');
    await report('whatIf', n);
    await until('document.querySelector(".sim-result .sim-rows dd")?.textContent.startsWith("80,000 rps")');
    const reads = w.page.locator('.sim-controls vscode-textfield').nth(1);
    await reads.locator('input').fill('1.5');
    await until('document.querySelectorAll(".sim-controls vscode-textfield")[1].invalid === true');
    // The webview has no message that edits a document: everything it sent is one of the protocol's messages.
    for (const m of (await w.record()).sent) assert.ok(WebviewMessage.safeParse(m).success, JSON.stringify(m));
    assertClean(await w.record());
  });

  it('a zone outage (Kill zone eu-west-1a of the shop): what it kills, the failovers and failed requests it costs, the figures scale simulate gives for the same scenario in the file', async () => {
    const { after } = await load('ecommerce', 4);
    await report('whatIf', after);
    await w.page.locator('vscode-tab-header', { hasText: 'What if' }).click();
    const names = (kind: string) => w.page.locator(`.sim-domains li[data-kind="${kind}"]`).evaluateAll((ls) => ls.map((l) => l.getAttribute('data-name')));
    assert.deepEqual(await names('zone'), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    assert.deepEqual(await names('region'), []);
    const n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Kill zone eu-west-1a"]').click();
    assert.equal((await report('whatIf', n)).outcome, 'done');
    const article = w.page.locator('.sim-result article.sim-scenario').first();
    await until('document.querySelector(".sim-result article.sim-scenario h3")?.textContent === "What if: kill zone eu-west-1a"');
    assert.equal(await w.page.locator('.sim-domains li[data-name="eu-west-1a"] .sim-instance-state').textContent(), 'down at 10 s');

    // The same fault declared in the file, run by the CLI as a process with the same seed.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-zone-'));
    try {
      const text = exampleText('ecommerce');
      const declared = applyEdits(text, modify(text, ['scenarios', -1], { name: 'what if', duration: '60s', faults: [{ at: '10s', kill: { zone: 'eu-west-1a' } }] }, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
      fs.writeFileSync(path.join(dir, 'shop.scale.json'), declared);
      const cli = (JSON.parse(simulateJson(path.join(dir, 'shop.scale.json'), 4)) as { scenarios: ScenarioResult[] }).scenarios.at(-1)!;
      const t = cli.requests.total;
      assert.ok(t.failed > 0);
      assert.match((await article.locator('[data-figure="notServed"]').textContent())!, new RegExp(`^${num(t.generated)}: ${num(t.served)} served, ${num(t.failed)} failed, `));
      // Every store whose primary was in the zone fails over: the same lost writes and write downtime.
      const shown = await article.locator('.sim-failover h4').allTextContents();
      assert.deepEqual(shown.map((h) => /^(?:Failover|Node down): (\S+)/.exec(h)?.[1]), cli.failovers.map((f) => `${f.component}#${f.instance}`));
      const orders = article.locator('.sim-failover', { hasText: 'Failover: orders-db#0' });
      const ordersCli = cli.failovers.find((f) => f.component === 'orders-db')!;
      assert.equal(await orders.locator('[data-figure="lostWrites"]').textContent(), num(ordersCli.writes.lost));
      assert.equal(await orders.locator('[data-figure="writeDowntime"]').textContent(), '20 s');
      // The pools lose their servers there; the notes say what the zone held and the capacity left.
      assert.deepEqual((await article.locator('.sim-pool h4').allTextContents()).map((h) => h.split(' ')[1]), cli.pools.map((p) => p.component));
      assert.deepEqual(await article.locator('.sim-notes li').allTextContents(), cli.notes);
      assert.ok(cli.notes.some((x) => x.startsWith('losing zone eu-west-1a at 10 s leaves web 4 of 6 instances: 4 × 2,000 = 8,000 rps')), cli.notes.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // What the zone holds is marked in the diagram; Restore brings it back at 40 s; the outage is kept with the panel's state.
    const marked = await w.page.locator('g.node.sim-faulted .node-id').allTextContents();
    assert.ok(['web', 'orders-db', 'edge-lb'].every((id) => marked.includes(id)) && !marked.includes('clients'), marked.join(', '));
    const m = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Restore zone eu-west-1a"]').click();
    await report('whatIf', m);
    await until('document.querySelector(".sim-result article.sim-scenario h3")?.textContent === "What if: kill zone eu-west-1a and restore it"');
    assert.equal(await w.page.locator('.sim-domains li[data-name="eu-west-1a"] .sim-instance-state').textContent(), 'down at 10 s, restored at 40 s');
    for (let i = 0; i < 50 && !JSON.stringify((await w.record()).state).includes('"restore":true'); i++) await new Promise((res) => setTimeout(res, 50));
    assert.deepEqual(((await w.record()).state as { simulation?: { outages: unknown[] } }).simulation?.outages, [{ kind: 'zone', name: 'eu-west-1a', restore: true }]);
    assertClean(await w.record());
  });

  it('the saturation chart of the social feed: a line per component that saturates first, the simulation\'s points over them, the figures as text, the worker\'s run the core\'s', async () => {
    const { file, after } = await load('social-feed', 1);
    const r = await report('saturation', after);
    assert.equal(r.outcome, 'done', JSON.stringify(r));
    await w.page.locator('vscode-tab-header', { hasText: 'What if' }).click();
    const sat = w.page.locator('.sim-saturation');
    await sat.locator('.chart canvas').waitFor();
    const text = exampleText('social-feed');
    const expected = runSaturation(text, 1, importSnapshotOf(file, text));
    const ids = expected.curve.lines.map((l) => l.id);
    assert.deepEqual(ids, ['feed-api', 'auth', 'fanout-worker', 'event-archive', 'edge-lb', 'auth-db']);
    // The legend names every component drawn, the 100% line and each component's simulated points.
    const legend = (await sat.locator('.u-legend .u-label').allTextContents()).filter((l) => l !== 'multiple of today\'s peak');
    assert.deepEqual(legend, [...ids, 'capacity (100%)', ...ids.map((id) => `${id} (simulated)`)]);
    assert.match((await sat.locator('.chart').getAttribute('aria-label'))!, /^Saturation as the workload grows: .* the first 6 to saturate, to past the 10× default target, with the simulation's measurements at \d+ multiples\. feed-api saturates first, at 1\.8× /);
    assert.match((await sat.locator('.saturation-summary').textContent())!, /^feed-api saturates first, at 1\.8× today's peak \(180,000 rps\); then auth at 2×, .*\d+ more saturate later, from .*: not drawn\.$/);
    // The figures as a table: where each saturates, today, at the target, and what the simulation measured there.
    const rows = await sat.locator('table.saturation-table').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows[0], ['feed-api', '1.8×', '55.6%', '555.6%', '100%']);
    assert.equal(rows.length, 6);
    // Every simulated point as the core's function gives it for the same text and seed.
    const points = await sat.locator('details.saturation-points tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(points, expected.points.map((p) => [`${figure(p.multiple)}×`, ...p.utilization.map((u) => (u === null ? '' : pct(u))), pct(p.rejected)]));
    assert.ok(points.length >= 6 && points.length <= 10, `${points.length} simulated multiples`);
    for (const s of await tickLabelStarts('.sim-saturation .chart')) assert.ok(s >= 18, `every tick label starts right of the title's band: ${s} px`);
    assertClean(await w.record());
  });

  it('shows scenario names and descriptions from the file as text: nothing runs, no CSP violation', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const text = JSON.stringify({
      version: 1, name: '</script><script>window.__pwned=2</script>', workload: { peakRps: 100 },
      components: { web: { kind: 'client', calls: ['db'] }, db: { kind: 'database', replication: { mode: 'async', replicas: 1, failover: { mode: 'automatic' } } } },
      scenarios: [{ name: evil, description: 'javascript:window.__pwned=3', faults: [{ at: '5s', kill: 'db' }], expect: { lostWrites: 0 } }],
    });
    const uri = 'file:///w/evil.scale.json';
    await w.post({ type: 'diagram', file: 'evil.scale.json', diagram: diagramOf(text, uri) });
    const n = (await w.record()).sent.length;
    await w.post({ type: 'source', uri, file: '<b>evil</b>.scale.json', version: 1, text, seed: 1 });
    await report('whatIf', n);
    await w.page.locator('vscode-tab-header', { hasText: 'Scenarios' }).click();
    const m = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Run all scenarios"]').click();
    await report('scenarios', m);
    assert.equal(await w.page.locator('.sim-scenario-controls ~ .sim-result article.sim-scenario h3').textContent(), `Scenario 1/1: ${evil}  (60 s, seed 1)`);
    assert.equal(await w.page.locator('vscode-option', { hasText: evil }).count(), 1);
    // A file that names no zone or region offers no outage, and says why.
    assert.match((await w.page.locator('.sim-domains p').textContent())!, /^No component names a zone or a region: give components "zones" \(or a "region"\)/);
    assert.equal(await w.page.evaluate('window.__pwned'), undefined);
    assert.equal(await w.page.evaluate('document.querySelectorAll("img, script:not([nonce]), iframe").length'), 0);
    assertClean(await w.record());
  });

  it('says why when the file cannot be simulated', async () => {
    const uri = 'file:///w/broken.scale.json';
    const text = '{ "version": 1, "name": "broken", "workload": { "peakRps": 10 }, "components": { "a": { "kind": "client", "calls": ["nowhere"] } } }';
    await w.post({ type: 'diagram', file: 'broken.scale.json', diagram: diagramOf(text, uri) });
    const n = (await w.record()).sent.length;
    await w.post({ type: 'source', uri, file: 'broken.scale.json', version: 1, text, seed: 1 });
    const r = await report('whatIf', n);
    assert.equal(r.outcome, 'notSimulated');
    assert.match(r.detail as string, /does not validate/);
    await w.page.locator('vscode-tab-header', { hasText: 'What if' }).click();
    assert.match((await w.page.locator('.sim-result .sim-error').first().textContent())!, /^Not simulated: the file does not validate: .*nowhere/);
    assertClean(await w.record());
  });
});
