/**
 * The grid's transforms: one given back is reused (zeroed, or overwritten by
 * a copy) before a new one is allocated, so that a path of hundreds of steps
 * holds a few at a time; and the figures of generated designs, pinned to the
 * last digit, so that no change to how they are computed moves one.
 */
import assert from 'node:assert/strict';
import { availabilityOf } from '../../../src/core/availability/availability';
import { checkText } from '../../../src/core/check';
import { latencyOf } from '../../../src/core/latency/latency';
import { Grid } from '../../../src/core/latency/spectrum';
import { DENSE_IN_REGIONS, generateTopology } from '../../bench/generateTopology';

describe('grid transforms', () => {
  it('reuses a transform given back, zeroed, before allocating one', () => {
    const grid = new Grid(8, 1);
    const a = grid.exponential(3);
    grid.release(a);
    const b = grid.spectrum();
    assert.equal(b, a);
    assert.deepEqual([...b.re, ...b.im], new Array(2 * grid.points).fill(0));
    assert.notEqual(grid.one(), b);
  });

  it('cuts new transforms from one buffer, zeroed, each its own points', () => {
    const grid = new Grid(8, 1);
    const a = grid.spectrum();
    const b = grid.spectrum();
    assert.equal(a.re.buffer, b.re.buffer);
    a.re.fill(1);
    a.im.fill(2);
    assert.deepEqual([...b.re, ...b.im], new Array(2 * grid.points).fill(0));
    // Past the first buffer's room, the next one.
    const more = Array.from({ length: 10 }, () => grid.one());
    assert.deepEqual(more.map((s) => s.re.every((x) => x === 1) && s.im.every((x) => x === 0)), more.map(() => true));
  });

  it('copies into a transform given back', () => {
    const grid = new Grid(8, 1);
    const e = grid.exponential(2);
    const spare = grid.constant(3);
    grid.release(spare);
    const c = grid.copy(e);
    assert.equal(c, spare);
    assert.deepEqual([...c.re, ...c.im], [...e.re, ...e.im]);
  });
  it('holds the points 0 … N/2 of a transform, from which a product gives the convolution of the histograms', () => {
    const grid = new Grid(16, 1);
    assert.equal(grid.points, 9);
    // Two histograms within the first half of the grid: their convolution stays on it.
    const a = new Float64Array(16);
    const b = new Float64Array(16);
    [0.1, 0.4, 0.3, 0.2].forEach((p, j) => (a[j] = p));
    [0.5, 0, 0.25, 0, 0, 0.25].forEach((p, j) => (b[j] = p));
    const ta = grid.transform(a);
    assert.equal(ta.re.length, 9);
    // The DFT of the damped histogram at the points held.
    for (let k = 0; k < 9; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < 16; j++) {
        const w = a[j]! * Math.pow(grid.rho, j);
        re += w * Math.cos((2 * Math.PI * j * k) / 16);
        im -= w * Math.sin((2 * Math.PI * j * k) / 16);
      }
      assert.ok(Math.abs(ta.re[k]! - re) < 1e-12 && Math.abs(ta.im[k]! - im) < 1e-12, `point ${k}`);
    }
    // Undamping multiplies the last bins' round-off by up to e^DAMPING (about 5e8).
    const back = grid.histogram(grid.transform(a));
    a.forEach((p, j) => assert.ok(Math.abs(back[j]! - p) < 1e-6, `bin ${j}: ${back[j]} against ${p}`));
    const sum = grid.histogram(ta.times(grid.transform(b)));
    for (let j = 0; j < 16; j++) {
      let direct = 0;
      for (let i = 0; i <= j; i++) direct += a[i]! * b[j - i]!;
      assert.ok(Math.abs(sum[j]! - direct) < 1e-6, `bin ${j}: ${sum[j]} against ${direct}`);
    }
  });
});

describe('path figures of generated designs, to the last digit', () => {
  const figures = (size: number, options?: Parameters<typeof generateTopology>[1]) => {
    const c = checkText(generateTopology(size, options), { rules: [] });
    const a = availabilityOf(c.topology!, c.load!);
    const l = latencyOf(c.topology!, c.load!);
    const p = a.path('web');
    const q = l.path('web');
    return {
      path: { availability: p.availability, read: p.read, write: p.write, all: q.all, resolutionMs: q.resolutionMs, coarse: q.coarse },
      availabilityCosts: a.costs('web').map((x) => [x.id, x.without, x.estimated]),
      latencyCosts: l.costs('web').map((x) => [x.id, x.meanMs, x.p99Without, x.estimated]),
    };
  };

  it('500 components', () => {
    const f = figures(500);
    assert.deepEqual(f.path, { availability: 0.9999263722829689, read: 0.9999614257617584, write: 0.9992603561859675, all: { mean: 60, p50: 53, p99: 167 }, resolutionMs: 1.382536935301838, coarse: false });
    assert.deepEqual(f.availabilityCosts, [
      ['queue-54', 0.9999270031007442, false], ['queue-53', 0.9999270031007442, false], ['queue-52', 0.9999270031007442, false],
      ['queue-51', 0.9999270031007442, false], ['queue-50', 0.9999270031007442, false], ['queue-49', 0.9999270031007442, false],
      ['zone-a', 0.9999268974165794, false], ['zone-b', 0.9999268974165794, false],
    ]);
    assert.deepEqual(f.latencyCosts, [
      ['svc-54-1', 0.36361999999999994, 166.63638, true], ['svc-54-2', 0.36361999999999994, 166.63638, true],
      ['svc-53-0', 0.36361999999999994, 166.63638, true], ['svc-54-0', 0.36361999999999994, 167, false],
    ]);
  });

  it('300 components in regions, calls crossing them', () => {
    const f = figures(300, DENSE_IN_REGIONS);
    assert.deepEqual(f.path, { availability: 0.995131970767188, read: 0.9951692175719561, write: 0.994424281476593, all: { mean: 62, p50: 55, p99: 179 }, resolutionMs: 1.4148095848044744, coarse: false });
    assert.deepEqual(f.availabilityCosts, [
      ['cache-31', 0.9951740290600402, true], ['cache-30', 0.9951740290600402, true], ['cache-29', 0.9951740290600402, true],
      ['cache-28', 0.9951740290600402, true], ['cache-27', 0.9951740290600402, true], ['cache-32', 0.9951529121565225, false],
    ]);
    assert.deepEqual(f.latencyCosts, [
      ['svc-15-1', 0.6733999999999999, 178, false], ['svc-15-2', 0.6733999999999999, 178, false],
      ['svc-16-1', 0.6733999999999999, 178.3266, true], ['svc-16-2', 0.6733999999999999, 178.3266, true],
    ]);
  });
});
