import assert from 'node:assert/strict';
import type { ElkNodeJson } from '../../../src/core/diagram/elkGraph';
import { LayoutRunner } from '../../../webview/layoutRunner';

/** A stand-in for the browser's Worker: records what it is sent; the test answers for it. */
class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  sent: { id: number; job: ElkNodeJson }[] = [];
  terminated = false;
  constructor(readonly url: string) {
    FakeWorker.all.push(this);
  }
  postMessage(m: { id: number; job: ElkNodeJson }): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(data: unknown): void {
    this.onmessage?.({ data });
  }
}

const graph = (id: string): ElkNodeJson => ({ id, children: [] });
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('webview: the layout runner (inline worker, timeout, latest wins)', () => {
  const saved = (globalThis as { Worker?: unknown }).Worker;
  beforeEach(() => {
    FakeWorker.all = [];
    (globalThis as { Worker?: unknown }).Worker = FakeWorker;
  });
  afterEach(() => {
    (globalThis as { Worker?: unknown }).Worker = saved;
  });

  it('starts the worker from a blob: URL of the inlined source and returns its layout', async () => {
    const runner = new LayoutRunner('self.onmessage = () => {}', 1000);
    const p = runner.layout(graph('a'));
    const w = FakeWorker.all[0]!;
    assert.match(w.url, /^blob:/);
    assert.equal(w.sent[0]!.job.id, 'a');
    w.answer({ id: w.sent[0]!.id, ok: true, value: { id: 'a', width: 10, height: 5 }, ms: 12 });
    assert.deepEqual(await p, { kind: 'laidOut', graph: { id: 'a', width: 10, height: 5 }, ms: 12 });
    runner.dispose();
  });

  it('one layout at a time; a newer request replaces the one waiting', async () => {
    const runner = new LayoutRunner('', 1000);
    const a = runner.layout(graph('a'));
    const b = runner.layout(graph('b'));
    const c = runner.layout(graph('c'));
    assert.deepEqual(await b, { kind: 'superseded' });
    const w = FakeWorker.all[0]!;
    assert.deepEqual(w.sent.map((m) => m.job.id), ['a'], 'nothing is queued in the worker');
    w.answer({ id: w.sent[0]!.id, ok: true, value: graph('a'), ms: 1 });
    assert.equal((await a).kind, 'laidOut');
    assert.deepEqual(w.sent.map((m) => m.job.id), ['a', 'c']);
    w.answer({ id: w.sent[1]!.id, ok: true, value: graph('c'), ms: 1 });
    assert.equal((await c).kind, 'laidOut');
    runner.dispose();
  });

  it('a layout past the timeout ends its worker; the next request gets a fresh one; a late answer is ignored', async () => {
    const runner = new LayoutRunner('', 20);
    const first = FakeWorker.all.length;
    const p = runner.layout(graph('slow'));
    const w = FakeWorker.all[first]!;
    const outcome = await p;
    assert.equal(outcome.kind, 'timeout');
    assert.ok(w.terminated);
    w.answer({ id: w.sent[0]!.id, ok: true, value: graph('slow'), ms: 999 }); // too late: nothing happens
    const q = runner.layout(graph('next'));
    const w2 = FakeWorker.all[first + 1]!;
    assert.notEqual(w2, w);
    w2.answer({ id: w2.sent[0]!.id, ok: true, value: graph('next'), ms: 1 });
    assert.equal((await q).kind, 'laidOut');
    runner.dispose();
  });

  it('reports elkjs errors and worker crashes as errors, and recovers', async () => {
    const runner = new LayoutRunner('', 1000);
    const p = runner.layout(graph('a'));
    const w = FakeWorker.all[0]!;
    w.answer({ id: w.sent[0]!.id, ok: false, error: 'Referenced shape does not exist: c:x' });
    const failed = await p;
    assert.equal(failed.kind, 'error');
    assert.equal(failed.kind === 'error' && failed.message, 'Referenced shape does not exist: c:x');
    const q = runner.layout(graph('b'));
    w.onerror!({ message: 'boom', preventDefault() {} });
    const crashed = await q;
    assert.equal(crashed.kind, 'error');
    assert.ok(w.terminated);
    const r = runner.layout(graph('c'));
    await tick();
    const w2 = FakeWorker.all[1]!;
    w2.answer({ id: w2.sent[0]!.id, ok: true, value: graph('c'), ms: 1 });
    assert.equal((await r).kind, 'laidOut');
    runner.dispose();
  });

  it('ignores messages that are not answers', async () => {
    const runner = new LayoutRunner('', 1000);
    const p = runner.layout(graph('a'));
    const w = FakeWorker.all[0]!;
    for (const junk of [null, 'x', { id: 'a' }, { id: 999, ok: true, value: {} }]) w.answer(junk);
    w.answer({ id: w.sent[0]!.id, ok: true, value: graph('a'), ms: 1 });
    assert.equal((await p).kind, 'laidOut');
    runner.dispose();
  });
});
