/**
 * Load-balancer selection: round robin, smooth weighted round robin, random,
 * least connections and power-of-two-choices over a pool whose servers can
 * be marked down; and the balls-into-bins experiment behind
 * power-of-two-choices (Azar, Broder, Karlin & Upfal 1999: the fullest of n
 * bins holds about ln n / ln ln n balls with one random choice, ln ln n / ln 2
 * + O(1) with the less loaded of two). All randomness comes from a passed
 * generator.
 */

import type { Random } from './random';

/** The selection algorithms a balancer can declare (consistent-hash balancing is the ring in sharding). */
export type BalancingAlgorithm = 'roundRobin' | 'weighted' | 'random' | 'leastConnections' | 'powerOfTwoChoices';

/** Servers behind a balancer: health, weight and in-flight requests, by index. */
export class ServerPool {
  /** 1 when the server is in rotation (healthy), 0 when the balancer has taken it out. */
  readonly up: Uint8Array;
  /** Requests in flight per server. */
  readonly active: Uint32Array;
  /** Relative weights (all 1 unless given). */
  readonly weights: Float64Array;
  private upServers: number;

  /** A pool of `size` servers, all up, with optional weights. */
  constructor(
    readonly size: number,
    weights?: ArrayLike<number>,
  ) {
    if (!(size >= 1) || Math.floor(size) !== size) throw new RangeError(`a pool needs a positive integer size, got ${size}`);
    this.up = new Uint8Array(size).fill(1);
    this.active = new Uint32Array(size);
    this.weights = new Float64Array(size).fill(1);
    if (weights) {
      if (weights.length !== size) throw new RangeError('one weight per server');
      for (let i = 0; i < size; i++) {
        const w = weights[i]!;
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
        this.weights[i] = w;
      }
    }
    this.upServers = size;
  }

  /** How many servers are in rotation. */
  get upCount(): number {
    return this.upServers;
  }

  /** Puts a server in or out of rotation (health checks passing or failing). */
  setUp(server: number, isUp: boolean): void {
    const was = this.up[server];
    if (was === undefined) throw new RangeError(`no server ${server}`);
    const now = isUp ? 1 : 0;
    if (was !== now) {
      this.up[server] = now;
      this.upServers += isUp ? 1 : -1;
    }
  }

  /** Counts a request starting on `server`. */
  acquire(server: number): void {
    this.active[server]!++;
  }

  /** Counts a request ending on `server`. */
  release(server: number): void {
    if (this.active[server]! > 0) this.active[server]!--;
  }
}

/** Picks a server for each request. */
export interface Balancer {
  /** Which algorithm this is. */
  readonly algorithm: BalancingAlgorithm;
  /** The server for the next request, or -1 when no server is up. */
  pick(): number;
}

/** Each server in turn, skipping servers that are down. */
export class RoundRobinBalancer implements Balancer {
  /** Always "roundRobin". */
  readonly algorithm = 'roundRobin';
  private cursor = 0;

  /** Round robin over `pool`. */
  constructor(private readonly pool: ServerPool) {}

  /** The next server. */
  pick(): number {
    const { up, size } = this.pool;
    if (this.pool.upCount === 0) return -1;
    for (let step = 0; step < size; step++) {
      const i = this.cursor;
      this.cursor = i + 1 === size ? 0 : i + 1;
      if (up[i] === 1) return i;
    }
    return -1;
  }
}

/**
 * Smooth weighted round robin (nginx's): each pick adds every up server's
 * weight to its running score, takes the highest and subtracts the total, so
 * weights 5:1:1 give a a b a c a a rather than a burst of five a's.
 */
export class WeightedBalancer implements Balancer {
  /** Always "weighted". */
  readonly algorithm = 'weighted';
  private readonly current: Float64Array;

  /** Weighted round robin over `pool`. */
  constructor(private readonly pool: ServerPool) {
    this.current = new Float64Array(pool.size);
  }

  /** The next server. */
  pick(): number {
    const { up, weights, size } = this.pool;
    const cur = this.current;
    let total = 0;
    let best = -1;
    for (let i = 0; i < size; i++) {
      if (up[i] !== 1 || weights[i]! <= 0) continue;
      cur[i]! += weights[i]!;
      total += weights[i]!;
      if (best < 0 || cur[i]! > cur[best]!) best = i;
    }
    if (best >= 0) cur[best]! -= total;
    return best;
  }
}

/** A uniformly random up server. */
export class RandomBalancer implements Balancer {
  /** Always "random". */
  readonly algorithm = 'random';

  /** Random choice over `pool`, drawing from `rng`. */
  constructor(
    private readonly pool: ServerPool,
    private readonly rng: Random,
  ) {}

  /** The next server. */
  pick(): number {
    return randomUp(this.pool, this.rng, -1);
  }
}

/** The up server with the fewest requests in flight; ties rotate so equal servers share the work. */
export class LeastConnectionsBalancer implements Balancer {
  /** Always "leastConnections". */
  readonly algorithm = 'leastConnections';
  private start = 0;

  /** Least connections over `pool`. */
  constructor(private readonly pool: ServerPool) {}

  /** The next server. */
  pick(): number {
    const { up, active, size } = this.pool;
    let best = -1;
    let bestActive = Infinity;
    let i = this.start;
    for (let step = 0; step < size; step++) {
      if (up[i] === 1 && active[i]! < bestActive) {
        best = i;
        bestActive = active[i]!;
      }
      i = i + 1 === size ? 0 : i + 1;
    }
    this.start = this.start + 1 === size ? 0 : this.start + 1;
    return best;
  }
}

/** Power of two choices: two distinct random up servers, the one with fewer requests in flight (the first on ties). */
export class PowerOfTwoChoicesBalancer implements Balancer {
  /** Always "powerOfTwoChoices". */
  readonly algorithm = 'powerOfTwoChoices';

  /** Power of two choices over `pool`, drawing from `rng`. */
  constructor(
    private readonly pool: ServerPool,
    private readonly rng: Random,
  ) {}

  /** The next server. */
  pick(): number {
    const a = randomUp(this.pool, this.rng, -1);
    if (a < 0 || this.pool.upCount === 1) return a;
    const b = randomUp(this.pool, this.rng, a);
    return this.pool.active[b]! < this.pool.active[a]! ? b : a;
  }
}

/** A balancer of the given algorithm over `pool`; `rng` feeds the randomized ones. */
export function createBalancer(algorithm: BalancingAlgorithm, pool: ServerPool, rng: Random): Balancer {
  switch (algorithm) {
    case 'roundRobin':
      return new RoundRobinBalancer(pool);
    case 'weighted':
      return new WeightedBalancer(pool);
    case 'random':
      return new RandomBalancer(pool, rng);
    case 'leastConnections':
      return new LeastConnectionsBalancer(pool);
    case 'powerOfTwoChoices':
      return new PowerOfTwoChoicesBalancer(pool, rng);
  }
}

/**
 * Throws `balls` balls into `bins` bins, each into the least loaded of
 * `choices` bins drawn uniformly (with replacement; the first on ties), and
 * returns the largest bin. `loads` (length >= bins) is reused when given.
 */
export function ballsIntoBins(rng: Random, balls: number, bins: number, choices = 1, loads?: Uint32Array): number {
  if (!(bins >= 1) || Math.floor(bins) !== bins) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  if (!(choices >= 1) || Math.floor(choices) !== choices) throw new RangeError(`choices must be a positive integer, got ${choices}`);
  const load = loads ?? new Uint32Array(bins);
  if (load.length < bins) throw new RangeError('loads is shorter than bins');
  load.fill(0, 0, bins);
  let max = 0;
  for (let ball = 0; ball < balls; ball++) {
    let best = rng.intBelow(bins);
    for (let c = 1; c < choices; c++) {
      const other = rng.intBelow(bins);
      if (load[other]! < load[best]!) best = other;
    }
    const l = ++load[best]!;
    if (l > max) max = l;
  }
  return max;
}

/** A random up server other than `exclude` (-1 for none): a few direct draws, then a draw among the up servers only. */
function randomUp(pool: ServerPool, rng: Random, exclude: number): number {
  const { up, size } = pool;
  const candidates = pool.upCount - (exclude >= 0 && up[exclude] === 1 ? 1 : 0);
  if (candidates <= 0) return -1;
  // Direct draws are cheap while most servers are up; the scan bounds the cost when most are down.
  for (let attempt = 0; attempt < 4; attempt++) {
    const i = rng.intBelow(size);
    if (up[i] === 1 && i !== exclude) return i;
  }
  let k = rng.intBelow(candidates);
  for (let i = 0; i < size; i++) {
    if (up[i] !== 1 || i === exclude) continue;
    if (k === 0) return i;
    k--;
  }
  return -1;
}
