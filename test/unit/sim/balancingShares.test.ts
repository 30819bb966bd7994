import assert from 'node:assert/strict';
import type { BalancingAlgorithm } from '../../../src/core/sim/balancing';
import { stillShares, type StillPool } from '../../../src/core/sim/balancingShares';
import { streamFor } from '../../../src/core/sim/random';

/** 4 servers at 1 request/ms, healthy ones holding 100 ms (exponential); `slowMs` makes the last one hold exactly that. */
function still(algorithm: BalancingAlgorithm, opts: { slowMs?: number; up?: number[]; weights?: number[] } = {}): StillPool {
  return {
    algorithm,
    up: opts.up ?? [1, 1, 1, 1],
    holdMs: [100, 100, 100, opts.slowMs ?? 100],
    fixed: [0, 0, 0, opts.slowMs !== undefined ? 1 : 0],
    ...(opts.weights ? { weights: opts.weights } : {}),
    ratePerMs: 1,
    healthyHoldMs: 100,
  };
}

describe('balancing shares of a pool standing still', () => {
  it('servers in rotation that behave alike share equally by symmetry, with nothing simulated, whatever the algorithm', () => {
    for (const algorithm of ['roundRobin', 'random', 'leastConnections', 'powerOfTwoChoices'] as const) {
      const r = stillShares(still(algorithm, { up: [1, 0, 1, 1] }), streamFor(1, 'shares'), 10_000);
      assert.deepEqual([...r.shares], [1 / 3, 0, 1 / 3, 1 / 3], algorithm);
      assert.equal(r.events, 0);
    }
  });

  it('weighted round robin gives the weights of the servers in rotation, slow or not', () => {
    const r = stillShares(still('weighted', { slowMs: 400, weights: [2, 2, 2, 1], up: [1, 1, 0, 1] }), streamFor(1, 'shares'), 10_000);
    assert.deepEqual([...r.shares], [0.4, 0.4, 0, 0.2]);
  });

  it('no server in rotation: no shares', () => {
    const r = stillShares(still('leastConnections', { up: [0, 0, 0, 0] }), streamFor(1, 'shares'), 10_000);
    assert.deepEqual([...r.shares], [0, 0, 0, 0]);
  });

  it('least connections with a server 4 times slower is measured: about its share of the service rate, 1/13 (±10%: whole-number counts near 30), within the event budget, the same for a seed', () => {
    const pool = still('leastConnections', { slowMs: 400 });
    const r = stillShares(pool, streamFor(1, 'shares'), 20_000);
    assert.ok(r.events <= 20_000 && r.measured > 5_000, `${r.events} events, ${r.measured} counted`);
    assert.ok(Math.abs(r.shares[3]! * 13 - 1) <= 0.1, `${r.shares[3]}`);
    assert.ok(Math.abs(r.shares.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.deepEqual(stillShares(pool, streamFor(1, 'shares'), 20_000), r);
  });

  it('a load past 64 in flight per server is measured at that load (the fluid limit): 10^6 requests/ms still spends only the budget', () => {
    const r = stillShares({ ...still('powerOfTwoChoices', { slowMs: 400 }), ratePerMs: 1e6 }, streamFor(1, 'shares'), 4_000);
    assert.ok(r.events <= 4_000, `${r.events}`);
    assert.ok(r.shares[3]! > 0 && r.shares[3]! < 0.25, `${r.shares[3]}`);
  });
});
