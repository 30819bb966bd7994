/**
 * A large topology in the built webview, in headless Chromium under its CSP:
 * drawn collapsed (each group a node with its counts) with the line that
 * says what was collapsed and why; a click on a group asks the host to open
 * it, and the diagram the host sends back draws its components, with a way
 * to collapse it again. Skipped when Chromium or dist/webview.js is missing.
 */
import assert from 'node:assert/strict';
import { DIAGRAM_NODE_BOUND } from '../../../src/core/diagram/elkOptions';
import { DENSE_IN_REGIONS, generateTopology } from '../../bench/generateTopology';
import { assertClean, diagramOf, openForSuite, type WebviewPage } from './chromiumPage';

const URI = 'file:///w/large.scale.json';
const text = generateTopology(200, DENSE_IN_REGIONS);

describe('webview in Chromium: a large topology drawn collapsed', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: URI }) }, (page) => (w = page));

  const sent = async (type: string) => (await w.record()).sent.filter((m) => m.type === type);
  const show = async (d: ReturnType<typeof diagramOf>) => {
    const before = (await w.record()).sent.length;
    await w.post({ type: 'diagram', file: 'large.scale.json', diagram: d });
    const report = await w.waitFor((m) => m.type === 'layoutReport', before, 60_000);
    // Laid out, or (the same structure again) drawn from the cached layout.
    assert.ok(report.outcome === 'laidOut' || report.outcome === 'cached', JSON.stringify(report));
    return report;
  };

  it('draws each group as one node with its counts, says what was collapsed and why, and lays out no more nodes than the bound', async () => {
    const d = diagramOf(text, URI);
    const c = d.collapsed!;
    const report = await show(d);
    assert.equal(report.nodes, d.nodes.length + c.clusters.length);
    assert.ok((report.nodes as number) <= DIAGRAM_NODE_BOUND);
    assert.equal(await w.page.locator('g.node.cluster').count(), c.clusters.length);
    assert.equal(await w.page.locator('g.node:not(.cluster)').count(), d.nodes.length);
    const zone = c.clusters.find((x) => x.kind === 'zone')!;
    const node = w.page.locator('g.node.cluster', { has: w.page.locator('.node-id', { hasText: new RegExp(`^${zone.title}$`) }) });
    assert.equal(await node.locator('.node-kind').textContent(), `${zone.components} components`);
    assert.match((await node.locator('.node-load').textContent())!, /^\d+ findings$/);
    assert.match((await node.getAttribute('aria-label'))!, new RegExp(`^${zone.title}, collapsed: ${zone.components} components, \\d+ findings$`));
    // Calls to and from it are drawn, named by the group in their hover.
    assert.ok(await w.page.locator('g.edge title', { hasText: new RegExp(`→ ${zone.title}: .* in \\d+ calls?`) }).count() >= 1);
    const bar = w.page.locator('.collapse-bar');
    assert.ok(await bar.isVisible());
    assert.equal(await bar.locator('.collapse-note').textContent(), `Drawn collapsed: ${c.note}. Click a group to open it.`);
    assert.match(c.note, new RegExp(`^199 components, more than the ${DIAGRAM_NODE_BOUND} the diagram draws at once`));
    assertClean(await w.record());
  });

  it('a click on a group asks the host to open it; the diagram with it open draws its components, and offers to collapse it again', async () => {
    const d = diagramOf(text, URI);
    const zone = d.collapsed!.clusters.find((x) => x.kind === 'zone')!;
    await w.page.locator('g.node.cluster', { has: w.page.locator('.node-id', { hasText: new RegExp(`^${zone.title}$`) }) }).click();
    const ask = await w.waitFor((m) => m.type === 'openGroups');
    assert.deepEqual(ask.keys, [zone.key]);
    // The host asks the server with the group open, and sends what it answers.
    const opened = diagramOf(text, URI, 2, undefined, undefined, { opened: [zone.key] });
    await show(opened);
    const members = opened.nodes.filter((n) => n.zones?.length === 1 && n.zones[0] === zone.name);
    assert.equal(members.length, zone.components);
    for (const m of members.slice(0, 3)) assert.equal(await w.page.locator('g.node .node-id', { hasText: new RegExp(`^${m.id}$`) }).count(), 1);
    assert.equal(await w.page.locator('g.node.cluster', { has: w.page.locator('.node-id', { hasText: new RegExp(`^${zone.title}$`) }) }).count(), 0);
    // The opening is kept with the panel's state (a reload asks for it again).
    for (let i = 0; i < 100 && !((await w.record()).state as { opened?: unknown } | undefined)?.opened; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(((await w.record()).state as { opened: string[] }).opened, [zone.key]);
    // Closed again from the line above the diagram, one or all.
    const before = (await sent('openGroups')).length;
    await w.page.locator('.collapse-opened button', { hasText: `${zone.title} ×` }).click();
    await w.page.locator('.collapse-opened button', { hasText: 'Collapse all' }).click();
    const asks = (await sent('openGroups')).slice(before);
    assert.deepEqual(asks.map((m) => m.keys), [[], []]);
    assertClean(await w.record());
  });

  it('opens a group from the keyboard too', async () => {
    await show(diagramOf(text, URI, 3));
    const before = (await w.record()).sent.length;
    const first = w.page.locator('g.node.cluster').first();
    await first.focus();
    await w.page.keyboard.press('Enter');
    const ask = await w.waitFor((m) => m.type === 'openGroups', before);
    assert.deepEqual(ask.keys, [diagramOf(text, URI).collapsed!.clusters[0]!.key]);
    assertClean(await w.record());
  });
});
