/**
 * The diagram under the simulation panel's what-if, in the built webview in
 * headless Chromium: an overloaded tier is coloured and numbered from the
 * what-if's figures (those the core's run gives for the same input), a
 * killed primary is hatched and struck through with its failover's
 * timeline, a bar says the diagram shows the what-if, and going back (the
 * bar's button, or closing the panel) gives the file's numbers again.
 * Texts from the file stay text; no CSP violation, no script error.
 */
import assert from 'node:assert/strict';
import { pct } from '../../../src/core/scenario/figures';
import { runFileScenarios, runWhatIf, type WhatIfInput } from '../../../src/core/whatIf/whatIf';
import { PAGE_COUNT_INJECTED } from '../../support/hostileText';
import { TWO_REGIONS_CUT } from '../sim/scenarioHelpers';
import { assertClean, diagramOf, openForSuite, type WebviewPage } from './chromiumPage';

const API = 'api.v2';
/** A balancer that health-checks three API servers of 400 rps each, and a replicated store with automatic failover; markup in the system's name and a description. */
const text = JSON.stringify({
  version: 1,
  name: '<img src=x onerror="window.__pwned=1">shop',
  workload: { peakRps: 900, readFraction: 0.5 },
  components: {
    clients: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: [API] },
    [API]: { kind: 'service', description: '<script>window.__pwned=1</script>', instances: 3, capacity: { rps: 400, latency: '20ms' }, calls: [{ to: 'db', op: 'write' }] },
    db: {
      kind: 'database', instances: 1, consistency: 'strong', capacity: { rps: 5000 },
      replication: { mode: 'async', replicas: 2, lag: { p50: '50ms', p99: '2s' }, failover: { mode: 'automatic', detection: '20s', promotion: '12s' } },
    },
  },
  scenarios: [{ name: 'launch day', workload: { peakRps: 3000 }, faults: [{ at: '5s', kill: 'api.v2#0' }] }],
}, null, 2);
const uri = 'file:///w/shop.scale.json';
const SEED = 3;

describe('the diagram under a what-if in Chromium (overlay from the simulation\'s figures, back to the file\'s)', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri }) }, (p) => (w = p));

  const node = (id: string) => nodeOf(w, id);
  const report = async (after: number, kind = 'whatIf') => reportOf(w, after, kind);
  const until = async (expression: string, timeoutMs = 30_000) => waitUntil(w, expression, timeoutMs);

  it('an overloaded tier and a killed primary are drawn from the what-if\'s figures; back to the file\'s', async () => {
    // A panel wide enough for the whole drawing beside the simulation at readable text (Fit goes no smaller).
    await w.page.setViewportSize({ width: 2400, height: 1200 });
    await w.post({ type: 'diagram', file: 'shop.scale.json', diagram: diagramOf(text, uri) });
    await node('db').waitFor();
    const fileLoad = await node(API).locator('.node-load').textContent();
    assert.equal(fileLoad, '900 rps · 75% util');
    await w.page.locator('button', { hasText: 'Simulate' }).click();
    let n = (await w.record()).sent.length;
    await w.post({ type: 'source', uri, file: 'shop.scale.json', version: 1, text, seed: SEED });
    await report(n);
    // Nothing changed yet: the diagram shows the file.
    assert.equal(await w.page.locator('.sim-bar').isVisible(), false);

    // More traffic than the API tier holds.
    n = (await w.record()).sent.length;
    await w.page.locator('.sim-controls vscode-textfield').first().locator('input').fill('2000');
    await report(n);
    await until('!document.querySelector(".sim-bar").hidden');
    let want = expected({ workload: { peakRps: 2000 } }).components;
    const api = want.get(API)!;
    assert.ok(api.load.utilization! > 1, 'the what-if overloads the API tier');
    await until(`document.querySelector("g.node.heat-3 .node-load")?.textContent === ${JSON.stringify(`${api.load.text} · ${Math.round(api.load.utilization! * 100)}% util`)}`);
    assert.equal(await node(API).getAttribute('class').then((c) => c!.split(' ').includes('heat-3')), true);
    assert.equal(await node(API).locator('.sim-note-failed').textContent(), api.failed!.text);
    assert.match((await w.page.locator('.sim-bar').textContent())!, /The diagram shows the what-if: peak 2,000 rps/);

    // Kill the store's primary: hatched, struck through, its failover's timeline in the run's figures.
    await node('db').click();
    n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Kill db#0"]').click();
    await report(n);
    await node('db').locator('.sim-note-failover').waitFor();
    want = expected({ workload: { peakRps: 2000 }, faults: [{ component: 'db', instance: 0, action: 'kill' }] }).components;
    const db = want.get('db')!;
    assert.equal(await node('db').locator('.sim-note-down').textContent(), '1 of 1 down');
    assert.equal(await node('db').locator('.sim-note-failover').textContent(), db.failover![0]);
    assert.match(db.failover![0]!, /^primary killed at 10 s · promoted at 42 s · /);
    const dbClass = (await node('db').getAttribute('class'))!.split(' ');
    assert.ok(dbClass.includes('sim-dead') && dbClass.includes('sim-down'), dbClass.join(' '));
    assert.equal(await node('db').locator('.sim-hatch').count(), 1);
    assert.equal(await node('db').locator('.sim-strike').count(), 1);
    assert.match((await w.page.locator('.sim-bar').textContent())!, /kill db#0/);
    // Fit fits the notes under the boxes too.
    await w.page.locator('button', { hasText: 'Fit' }).click();
    const inside = await w.page.evaluate(`(() => {
      const view = document.querySelector('svg.canvas').getBoundingClientRect();
      return [...document.querySelectorAll('.sim-note-bg')].every((n) => {
        const r = n.getBoundingClientRect();
        return r.left >= view.left - 0.5 && r.right <= view.right + 0.5 && r.top >= view.top - 0.5 && r.bottom <= view.bottom + 0.5;
      });
    })()`);
    assert.equal(inside, true, 'every note is in view after Fit');
    // Texts from the file stay text under the overlay: nothing of them became markup.
    assert.deepEqual(await w.page.evaluate(PAGE_COUNT_INJECTED), { embedded: 0, handlers: 0, scriptUrls: 0, scriptsMentioning: 0 });

    // Back to the file's figures: the what-if is undone, and the diagram shows the file.
    n = (await w.record()).sent.length;
    await w.page.locator('.sim-bar button.sim-back').click();
    await until('document.querySelector(".sim-bar").hidden');
    await until(`[...document.querySelectorAll("g.node .node-load")].some((t) => t.textContent === ${JSON.stringify(fileLoad)})`);
    assert.equal(await w.page.locator('g.node.sim-shown, .sim-note, .sim-hatch').count(), 0);
    assert.equal(await w.page.locator('.sim-controls vscode-textfield').first().locator('input').inputValue(), '900');
    await report(n);
    assert.equal(await w.page.locator('.sim-bar').isVisible(), false);
    assertClean(await w.record());
  });

  it('closing the panel gives the diagram the file\'s numbers again', async () => {
    const n = (await w.record()).sent.length;
    await node(API).click();
    await w.page.locator(`vscode-button[aria-label="Kill ${API}#1"]`).click();
    await report(n);
    await node(API).locator('.sim-note-down').waitFor();
    assert.equal(await node(API).locator('.sim-note-down').textContent(), '1 of 3 down');
    await w.page.locator('button', { hasText: 'Simulate' }).click();
    await until('document.querySelector(".sim-bar").hidden');
    assert.equal(await w.page.locator('.sim-note').count(), 0);
    assert.equal(await node(API).locator('.node-load').textContent(), '900 rps · 75% util');
    assertClean(await w.record());
  });

  it('a scenario run from the Scenarios tab is shown under its own workload; back puts it away', async () => {
    await w.page.locator('button', { hasText: 'Simulate' }).click();
    await w.page.locator('vscode-tab-header', { hasText: 'Scenarios' }).click();
    const n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Run the scenario"]').click();
    await report(n, 'scenarios');
    await until('document.querySelector(".sim-bar .sim-bar-text")?.textContent === "The diagram shows scenario 1/1: launch day"');
    const api = runFileScenarios(text, SEED).overlays[0]!.components.find((c) => c.component === API)!;
    assert.equal(await node(API).locator('.node-load').textContent(), `${api.load.text} · ${Math.round(api.load.utilization! * 100)}% util`);
    assert.equal(await node(API).locator('.sim-note-down').textContent(), '1 of 3 down');
    await w.page.locator('.sim-bar button.sim-back').click();
    await until('document.querySelector(".sim-bar").hidden');
    assert.equal(await node(API).locator('.node-load').textContent(), '900 rps · 75% util');
    assertClean(await w.record());
  });
});

describe('a what-if\'s figures on the calls and on a tier with a server killed, in Chromium', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri }) }, (p) => (w = p));
  const node = (id: string) => nodeOf(w, id);
  const report = async (after: number) => reportOf(w, after, 'whatIf');
  const until = async (expression: string) => waitUntil(w, expression);

  it('a killed server\'s tier is heated over the survivors, with the excess they refuse in red', async () => {
    await w.page.setViewportSize({ width: 2400, height: 1200 });
    await w.post({ type: 'diagram', file: 'shop.scale.json', diagram: diagramOf(text, uri) });
    await node('db').waitFor();
    await w.page.locator('button', { hasText: 'Simulate' }).click();
    let n = (await w.record()).sent.length;
    await w.post({ type: 'source', uri, file: 'shop.scale.json', version: 1, text, seed: SEED });
    await report(n);
    n = (await w.record()).sent.length;
    await node(API).click();
    await w.page.locator(`vscode-button[aria-label="Kill ${API}#1"]`).click();
    await report(n);
    await node(API).locator('.sim-note-down').waitFor();
    // 900 rps over the 2 of 3 servers of 400 left in rotation: past capacity, where the file's 3 run at 75%.
    const api = expected({ faults: [{ component: API, instance: 1, action: 'kill' }] }).components.get(API)!;
    assert.ok(Math.abs(api.load.utilization! - 900 / 800) < 1e-3);
    assert.equal(await node(API).locator('.node-load').textContent(), '900 rps · 113% util');
    assert.ok((await node(API).getAttribute('class'))!.split(' ').includes('heat-3'));
    assert.equal(await node(API).locator('.sim-note-failed').textContent(), api.failed!.text);
    // The panel says the same figure beside the tier as declared (its busiest line has no fault in it).
    const rows = (await w.page.locator('.sim-rows dd').allTextContents()).join('\n');
    assert.ok(rows.includes(`${API} at ${pct(api.load.utilization!)} over the instances left while some were out of rotation`), rows);
    assertClean(await w.record());
  });

  it('each call carries the what-if\'s rps, drawn as the file\'s are; back gives the file\'s again', async () => {
    const n = (await w.record()).sent.length;
    await w.page.locator('.sim-controls vscode-textfield').first().locator('input').fill('2000');
    await report(n);
    const want = expected({ workload: { peakRps: 2000 }, faults: [{ component: API, instance: 1, action: 'kill' }] });
    const api = want.components.get(API)!;
    assert.deepEqual(want.calls.map((c) => `${c.from}>${c.to} ${c.text}`).sort(), ['api.v2>db 1k rps', 'clients>lb 2k rps', 'lb>api.v2 2k rps']);
    await until(`document.querySelector("g.node.heat-3 .node-load")?.textContent === ${JSON.stringify(`${api.load.text} · ${Math.round(api.load.utilization! * 100)}% util`)}`);
    for (const c of want.calls) {
      const edge = w.page.locator('g.edge', { has: w.page.locator('title', { hasText: `${c.from} → ${c.to}: ` }) });
      assert.equal(await edge.locator('.edge-label').textContent(), c.text, `${c.from} → ${c.to}`);
      assert.equal(await edge.locator('.edge-label').isVisible(), true, `${c.from} → ${c.to} label shown`);
      assert.match((await edge.locator('title').textContent())!, new RegExp(`: ${c.text}`));
    }
    assert.doesNotMatch((await w.page.locator('.sim-bar').textContent())!, /hidden/);

    await w.page.locator('.sim-bar button.sim-back').click();
    await until('document.querySelector(".sim-bar").hidden');
    await until(`[...document.querySelectorAll("g.edge .edge-label")].some((t) => t.textContent === "900 rps")`);
    assertClean(await w.record());
  });
});

/** Where the two-region file is said to be. */
const splitUri = 'file:///w/split.scale.json';

describe('a scenario\'s partition on the diagram in Chromium (cut calls drawn as cut, their failures where they failed)', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: splitUri }) }, (p) => (w = p));
  const edge = (from: string, to: string) => w.page.locator('g.edge', { has: w.page.locator('title', { hasText: `${from} → ${to}` }) });

  it('the calls the partition cuts are drawn cut, said so on hover and in the legend; back puts them away', async () => {
    await w.page.setViewportSize({ width: 2400, height: 1200 });
    await w.post({ type: 'diagram', file: 'split.scale.json', diagram: diagramOf(TWO_REGIONS_CUT, splitUri) });
    await edge('api-eu', 'auth').waitFor();
    await w.page.locator('.toolbar button', { hasText: 'Legend' }).click();
    await w.page.locator('button', { hasText: 'Simulate' }).click();
    let n = (await w.record()).sent.length;
    await w.post({ type: 'source', uri: splitUri, file: 'split.scale.json', version: 1, text: TWO_REGIONS_CUT, seed: SEED });
    await w.waitFor((m) => m.type === 'simulationReport', n, 60_000);
    assert.equal(await w.page.locator('g.edge.sim-cut').count(), 0);
    await w.page.locator('vscode-tab-header', { hasText: 'Scenarios' }).click();
    n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Run the scenario"]').click();
    await w.waitFor((m) => m.type === 'simulationReport' && m.kind === 'scenarios', n, 60_000);
    await w.page.locator('g.edge.sim-cut').first().waitFor();

    const overlay = runFileScenarios(TWO_REGIONS_CUT, SEED).overlays[0]!;
    const cut = overlay.calls.filter((c) => c.cut);
    assert.deepEqual(cut.map((c) => `${c.from}>${c.to}`), ['api-eu>auth', 'api-eu>ledger']);
    assert.equal(await w.page.locator('svg.canvas g.edge.sim-cut').count(), cut.length);
    for (const c of cut) {
      const e = edge(c.from, c.to);
      assert.ok((await e.getAttribute('class'))!.split(' ').includes('sim-cut'), `${c.from} → ${c.to}`);
      assert.equal(await e.locator('.sim-cut-mark').count(), 1, 'a mark on the cut call');
      const title = (await e.locator('title').textContent())!;
      assert.ok(title.startsWith(`${c.from} → ${c.to}: ${c.text}`) && title.endsWith(`; ${c.cut!.text}`), title);
      assert.match(c.cut!.text, /^cut by the partition eu \| us from 30 s to 90 s: [\d,]+ calls (failed|refused)$/);
    }
    // The calls the cut leaves alone are drawn as calls.
    assert.equal(await edge('api-us', 'auth').getAttribute('class').then((c) => c!.split(' ').includes('sim-cut')), false);
    // The failures they cause, at the component they did not reach.
    const auth = overlay.components.find((c) => c.component === 'auth')!;
    assert.equal(await nodeOf(w, 'auth').locator('.sim-note-failed').textContent(), auth.failed!.text);
    // The legend says what the mark is while it is drawn.
    const legend = w.page.locator('svg.legend-overlay');
    await waitUntil(w, 'document.querySelector("svg.legend-overlay")?.textContent.includes("call cut by a partition")');
    assert.equal(await legend.locator('g.edge.sim-cut').count(), 1);

    await w.page.locator('.sim-bar button.sim-back').click();
    await waitUntil(w, 'document.querySelector(".sim-bar").hidden');
    assert.equal(await w.page.locator('svg.canvas').locator('g.edge.sim-cut, .sim-cut-mark').count(), 0);
    assert.doesNotMatch((await legend.textContent())!, /call cut by a partition/);
    assertClean(await w.record());
  });
});

/** A component's node on the page. */
function nodeOf(w: WebviewPage, id: string) {
  return w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/** The next simulation report of a kind after the `after`-th message sent. */
async function reportOf(w: WebviewPage, after: number, kind: string) {
  return w.waitFor((m) => m.type === 'simulationReport' && m.kind === kind, after, 60_000);
}

/** What the core's run gives for a what-if of the shop: the figures the diagram must show. */
function expected(input: Omit<WhatIfInput, 'seed'>) {
  const overlay = runWhatIf(text, { seed: SEED, ...input }).overlay;
  return { components: new Map(overlay.components.map((c) => [c.component, c] as const)), calls: overlay.calls };
}

/** Polls an expression in the page until it holds. */
async function waitUntil(w: WebviewPage, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await w.page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
