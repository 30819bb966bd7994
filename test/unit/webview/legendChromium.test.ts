/**
 * The legend in the built webview, in headless Chromium under its CSP: in a
 * narrow panel (and a short, wide one) it is docked beside or below the
 * drawing and covers no component, before and after Fit; it explains a
 * collapsed group's node only when one is drawn, and a what-if's marks
 * (hatched, struck through, failed in red) only while the what-if is drawn.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLES_DIR } from '../../support/exampleImports';
import { DENSE_IN_REGIONS, generateTopology } from '../../bench/generateTopology';
import { assertClean, diagramOf, openForSuite, type WebviewPage } from './chromiumPage';

const FILE = path.join(EXAMPLES_DIR, 'url-shortener.scale.json');
const URI = pathToFileURL(FILE).href;
const TEXT = fs.readFileSync(FILE, 'utf8');
const SHOTS = path.resolve(__dirname, '../../../test-results/webview');

/** The legend's box and every component's box as drawn on screen (a box clipped by the drawing's area to what is seen of it), in CSS pixels. */
const BOXES = `(() => {
  const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  const legend = document.querySelector('svg.legend-overlay');
  const canvas = document.querySelector('svg.canvas').getBoundingClientRect();
  const nodes = [...document.querySelectorAll('svg.canvas g.node')].map((n) => {
    const r = n.getBoundingClientRect();
    return { id: n.querySelector('.node-id').textContent, left: Math.max(r.left, canvas.left), top: Math.max(r.top, canvas.top), right: Math.min(r.right, canvas.right), bottom: Math.min(r.bottom, canvas.bottom) };
  }).filter((b) => b.right > b.left && b.bottom > b.top);
  return { legend: legend && getComputedStyle(legend).display !== 'none' ? box(legend.getBoundingClientRect()) : undefined, nodes };
})()`;

interface Box { left: number; top: number; right: number; bottom: number }

describe('webview in Chromium: the legend', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: URI, legend: true }) }, (page) => (w = page), true);
  before(() => fs.mkdirSync(SHOTS, { recursive: true }));

  const show = async (text: string, uri: string, version = 1) => {
    const before = (await w.record()).sent.length;
    await w.post({ type: 'diagram', file: path.basename(new URL(uri).pathname), diagram: diagramOf(text, uri, version) });
    const report = await w.waitFor((m) => m.type === 'layoutReport', before, 60_000);
    assert.ok(report.outcome === 'laidOut' || report.outcome === 'cached', JSON.stringify(report));
  };
  const legendTexts = () => w.page.locator('svg.legend-overlay text').allTextContents();
  const covered = async () => {
    const { legend, nodes } = (await w.page.evaluate(BOXES)) as { legend?: Box; nodes: (Box & { id: string })[] };
    assert.ok(legend, 'the legend is shown');
    assert.ok(nodes.length > 0, 'components are in view');
    return nodes.filter((n) => n.left < legend.right && legend.left < n.right && n.top < legend.bottom && legend.top < n.bottom).map((n) => n.id);
  };

  for (const [width, height] of [[420, 760], [900, 330]] as const) {
    it(`covers no component in a ${width} × ${height} panel, drawn and fitted`, async () => {
      await w.page.setViewportSize({ width, height });
      await show(TEXT, URI);
      await w.page.locator('svg.legend-overlay text').first().waitFor();
      assert.deepEqual(await covered(), [], 'components under the legend as first drawn');
      await w.page.getByRole('button', { name: /^Fit the diagram/ }).click();
      assert.deepEqual(await covered(), [], 'components under the legend after Fit');
      // Turned off and on again: still beside the drawing, not over it.
      await w.page.getByRole('button', { name: /^Show or hide the legend/ }).click();
      await w.page.getByRole('button', { name: /^Show or hide the legend/ }).click();
      assert.deepEqual(await covered(), [], 'components under the legend after it was shown again');
      await w.page.screenshot({ path: path.join(SHOTS, `legend-${width}x${height}.png`) });
      assertClean(await w.record());
    });
  }

  it('explains a collapsed group\'s node only when the diagram draws one', async () => {
    await show(TEXT, URI);
    await w.page.locator('svg.legend-overlay text').first().waitFor();
    assert.ok(!(await legendTexts()).some((t) => /group drawn as one node/.test(t)), 'no group, no entry');
    const large = 'file:///w/large.scale.json';
    await show(generateTopology(200, DENSE_IN_REGIONS), large);
    await w.page.locator('g.node.cluster').first().waitFor();
    assert.ok((await legendTexts()).includes('a group drawn as one node: its components and findings counted'), (await legendTexts()).join(' | '));
    assert.equal(await w.page.locator('svg.legend-overlay .cluster-behind').count(), 2, 'its symbol a stack, as the group\'s node is drawn');
    assertClean(await w.record());
  });

  it('explains the what-if\'s marks only while the what-if is drawn', async () => {
    await w.page.setViewportSize({ width: 2400, height: 1200 });
    const text = JSON.stringify({
      version: 1, name: 'shop', workload: { peakRps: 900, readFraction: 0.5 },
      components: {
        clients: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 2, calls: ['api'] },
        api: { kind: 'service', instances: 3, capacity: { rps: 400 }, calls: [{ to: 'db', op: 'write' }] },
        db: { kind: 'database', replication: { mode: 'async', replicas: 2, failover: { mode: 'automatic', detection: '20s', promotion: '12s' } } },
      },
    }, null, 2);
    const uri = 'file:///w/shop.scale.json';
    await show(text, uri);
    const marks = ['instances killed (hatched)', 'none left (struck through)', 'requests failed or refused there (red)'];
    const shown = async () => (await legendTexts()).filter((t) => marks.includes(t) || t === 'What-if');
    assert.deepEqual(await shown(), [], 'no what-if, no entries');
    await w.page.locator('button', { hasText: 'Simulate' }).click();
    let n = (await w.record()).sent.length;
    await w.post({ type: 'source', uri, file: 'shop.scale.json', version: 1, text, seed: 1 });
    await w.waitFor((m) => m.type === 'simulationReport', n, 60_000);
    // Kill the store's primary, with more traffic than the API holds: killed, none left, failures.
    n = (await w.record()).sent.length;
    await w.page.locator('.sim-controls vscode-textfield').first().locator('input').fill('2000');
    await w.waitFor((m) => m.type === 'simulationReport', n, 60_000);
    await w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: /^db$/ }) }).click();
    n = (await w.record()).sent.length;
    await w.page.locator('vscode-button[aria-label="Kill db#0"]').click();
    await w.waitFor((m) => m.type === 'simulationReport', n, 60_000);
    await w.page.locator('g.node .sim-strike').waitFor();
    assert.deepEqual(await shown(), ['What-if', ...marks]);
    assert.equal(await w.page.locator('svg.legend-overlay .sim-hatch').count(), 2, 'the hatch drawn as on a box');
    assert.equal(await w.page.locator('svg.legend-overlay .sim-strike').count(), 1);
    assert.equal(await w.page.locator('svg.legend-overlay .sim-note-failed').count(), 1);
    // Back to the file's figures: the entries go with the marks.
    await w.page.locator('.sim-bar button.sim-back').click();
    for (let i = 0; i < 100 && (await w.page.locator('g.node .sim-hatch').count()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await shown(), []);
    assertClean(await w.record());
  });
});
