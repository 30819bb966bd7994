/**
 * The replication glyph expanded to a store's shards and copies, in the
 * built webview in headless Chromium under its CSP: a click (or Enter) on
 * the glyph of a small store draws each shard's primary and replicas with
 * their replication mode and the load model's figures, the rest of the
 * drawing staying where it was; a second click (or Escape) folds it; a store
 * past the bound says so and does not expand.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { formatRps } from '../../../src/core/text/format';
import { MAX_EXPANDED_COPIES, MAX_EXPANDED_UNITS } from '../../../src/core/diagram/replicaSet';
import { assertClean, diagramOf, openForSuite, type WebviewPage } from './chromiumPage';

const URI = 'file:///w/shards.scale.json';
const SHOTS = path.resolve(__dirname, '../../../test-results/webview');
/** An API over a store of 4 shards, each a primary and 2 async replicas serving the reads; an archive of 64 shards; a sessions store of 2 primaries with a sync replica each. */
const TEXT = JSON.stringify({
  version: 1, name: 'shards', workload: { peakRps: 2000, readFraction: 0.8 },
  components: {
    users: { kind: 'client', calls: ['api'] },
    api: { kind: 'service', instances: 3, calls: ['db', 'sessions', { to: 'archive', op: 'write' }] },
    db: { kind: 'database', replication: { mode: 'async', replicas: 2, readsFrom: 'replicas', failover: { mode: 'automatic' } }, sharding: { strategy: 'consistentHash', shards: 4 } },
    sessions: { kind: 'cache', instances: 2, replication: { mode: 'sync', replicas: 1 } },
    archive: { kind: 'database', replication: { mode: 'async', replicas: 2 }, sharding: { strategy: 'consistentHash', shards: 64 } },
  },
}, null, 2);

describe('webview in Chromium: the replication glyph expands to the shards and their copies', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: URI }) }, (page) => (w = page));

  const node = (id: string) => w.page.locator('svg.canvas g.node', { has: w.page.locator('.node-id', { hasText: new RegExp(`^${id}$`) }) });
  const glyph = (id: string) => node(id).locator('.node-glyph-group');
  /** Each component's box on the screen. */
  const boxes = async () => (await w.page.evaluate(`Object.fromEntries([...document.querySelectorAll('svg.canvas g.node')].map((n) => {
    const r = n.querySelector('.node-box, .node-shape, rect, path').getBoundingClientRect();
    return [n.querySelector('.node-id').textContent, { x: r.left, y: r.top }];
  }))`)) as Record<string, { x: number; y: number }>;
  const laidOut = async (after: number) => {
    const r = await w.waitFor((m) => m.type === 'layoutReport', after);
    assert.ok(r.outcome === 'laidOut' || r.outcome === 'cached', JSON.stringify(r));
  };

  before(async function () {
    if (!w) this.skip();
    await w.page.setViewportSize({ width: 1600, height: 1000 });
    const n = (await w.record()).sent.length;
    await w.post({ type: 'diagram', file: 'shards.scale.json', diagram: diagramOf(TEXT, URI) });
    await laidOut(n);
  });

  it('a click draws each shard\'s primary and async replicas with the load model\'s figures; the other components stay put; a second click folds it', async () => {
    const first = await boxes();
    const foldedHeight = (await node('db').locator('.node-box').boundingBox())!.height;
    assert.equal(await glyph('db').getAttribute('role'), 'button');
    assert.equal(await glyph('db').getAttribute('aria-expanded'), 'false');
    let n = (await w.record()).sent.length;
    await glyph('db').click();
    await laidOut(n);
    const set = node('db').locator('.replica-set');
    await set.waitFor();
    assert.equal(await glyph('db').getAttribute('aria-expanded'), 'true');
    // Four shards, each a primary and two async replicas.
    assert.deepEqual(await set.locator('.replica-unit-name').allTextContents(), ['shard 0', 'shard 1', 'shard 2', 'shard 3']);
    for (let u = 0; u < 4; u++) {
      const unit = set.locator('.replica-unit').nth(u);
      assert.deepEqual(await unit.locator('.replica-role').allTextContents(), ['primary', 'replica', 'replica']);
      assert.deepEqual(await unit.locator('.replica-copy').evaluateAll((cs) => cs.map((c) => c.getAttribute('class'))), ['replica-copy role-primary', 'replica-copy role-replica mode-async', 'replica-copy role-replica mode-async']);
    }
    // The figures are the check's load model's: a shard's writes on every copy, its reads on its two replicas.
    const load = checkText(TEXT).load!.loads.get('db')!;
    const [primary, replica] = [load.writes / 4, load.writes / 4 + load.reads / 8];
    assert.deepEqual(await set.locator('.replica-unit').first().locator('.replica-detail').allTextContents(), [formatRps(primary), `async · ${formatRps(replica)}`, `async · ${formatRps(replica)}`]);
    assert.equal(await set.locator('.replica-title').textContent(), `4 shards, ${formatRps((load.reads + load.writes) / 4)} each`);
    assert.equal(formatRps(Math.max(primary, replica)), formatRps(load.busiestNodeRps), 'the busiest copy is the node the heat is about');
    // The rest stays put around it: the callers (another layer) where they were; the stores of its layer in their order,
    // moved by no more than the room the expanded box took; none under it.
    const after = await boxes();
    const grew = (await node('db').locator('.node-box').boundingBox())!.height - foldedHeight;
    assert.ok(grew > 100, `db grew by ${grew} px`);
    for (const id of ['users', 'api']) assert.deepEqual(after[id], first[id], `${id} did not move`);
    for (const id of ['sessions', 'archive']) {
      const move = Math.hypot(after[id]!.x - first[id]!.x, after[id]!.y - first[id]!.y);
      assert.ok(move <= grew + 2, `${id} moved ${Math.round(move)} px, the expanded box grew ${Math.round(grew)} px`);
    }
    const order = (b: Record<string, { x: number; y: number }>) => Object.keys(b).sort((p, q) => b[p]!.y - b[q]!.y || b[p]!.x - b[q]!.x);
    assert.deepEqual(order(after), order(first));
    fs.mkdirSync(SHOTS, { recursive: true });
    await w.page.screenshot({ path: path.join(SHOTS, 'replica-glyph-expanded.png') });
    const db = await node('db').boundingBox();
    for (const id of ['users', 'api', 'sessions', 'archive']) {
      const other = (await node(id).boundingBox())!;
      const overlaps = other.x < db!.x + db!.width && db!.x < other.x + other.width && other.y < db!.y + db!.height && db!.y < other.y + other.height;
      assert.ok(!overlaps, `${id} is not under the expanded db`);
    }

    n = (await w.record()).sent.length;
    await glyph('db').click();
    await laidOut(n);
    await node('db').locator('.replica-set').waitFor({ state: 'detached' });
    assert.equal(await glyph('db').getAttribute('aria-expanded'), 'false');
    // Folded, the drawing is the one from before, from the same layout.
    assert.deepEqual(await boxes(), first);
    assert.equal((await w.record()).sent.filter((m) => m.type === 'reveal').length, 0, 'a click on the glyph is not a click on the component');
    assertClean(await w.record());
  });

  it('is reached from the keyboard: Enter expands it, the glyph keeps the focus, Escape folds it; sync replicas are drawn as sync', async () => {
    let n = (await w.record()).sent.length;
    await glyph('sessions').focus();
    await w.page.keyboard.press('Enter');
    await laidOut(n);
    const set = node('sessions').locator('.replica-set');
    await set.waitFor();
    assert.equal(await w.page.evaluate('document.activeElement?.closest("g.node")?.querySelector(".node-id")?.textContent'), 'sessions');
    assert.equal(await w.page.evaluate('document.activeElement?.getAttribute("aria-expanded")'), 'true');
    // Two primaries (the cache's instances, named as fault targets name them), each with one sync replica.
    assert.deepEqual(await set.locator('.replica-unit-name').allTextContents(), ['#0', '#1']);
    assert.deepEqual(await set.locator('.replica-copy.mode-sync .replica-role').allTextContents(), ['replica', 'replica']);
    n = (await w.record()).sent.length;
    await w.page.keyboard.press('Escape');
    await laidOut(n);
    await set.waitFor({ state: 'detached' });
    assert.equal(await w.page.evaluate('document.activeElement?.getAttribute("aria-expanded")'), 'false');
    assert.equal((await w.record()).sent.filter((m) => m.type === 'reveal').length, 0, 'Enter on the glyph is not Enter on the component');
    assertClean(await w.record());
  });

  it(`a store past ${MAX_EXPANDED_UNITS} shards of ${MAX_EXPANDED_COPIES} copies says so, and does not expand`, async () => {
    const archive = glyph('archive');
    assert.equal(await archive.getAttribute('role'), null);
    assert.equal(await archive.getAttribute('tabindex'), null);
    assert.match((await archive.locator('title').textContent())!, /64 shards of 3 copies each: more than the 8 of 4 drawn one by one$/);
    const n = (await w.record()).sent.length;
    await archive.click();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await w.record()).sent.slice(n).filter((m) => m.type === 'layoutReport').length, 0, 'nothing laid out again');
    assert.equal(await w.page.locator('.replica-set').count(), 0);
    assertClean(await w.record());
  });
});
