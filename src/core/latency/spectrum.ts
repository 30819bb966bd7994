/**
 * Latency distributions as the discrete Fourier transforms of their
 * histograms on a grid of N points h apart: a value between two points is
 * split between them (linearly, so that every mean is kept however coarse
 * the grid). The transform of a sum of independent latencies is the product
 * of theirs, of a mixture the mixture of theirs, so a request's latency
 * along its calls costs O(N) per step; one inverse FFT gives its histogram,
 * and its percentiles (read between grid points).
 *
 * Every primitive is the exact transform of its split distribution: an
 * exponential's and a constant's have closed forms. The transform is taken
 * at z = ρ ω^k (ω = e^(-2πi/N), ρ = e^(-DAMPING/N)): the histogram is damped
 * by ρ^j, so that the mass a distribution has past the grid, which a plain
 * DFT folds back onto the first points, comes back weighted by
 * ρ^N = e^-DAMPING (about 2e-9) and the histogram on the grid is exact (up
 * to the splitting of each latency between grid points). The probability
 * past the grid is what the histogram's sum lacks.
 *
 * A histogram is real, so its transform is conjugate-symmetric (the value
 * at N - k is the conjugate of that at k), and every operation here keeps
 * that: a transform holds only its N/2 + 1 points k = 0 … N/2, half the
 * work of every product and mixture; the inverse transform rebuilds the rest.
 *
 * A scatter-gather (the slowest of n copies) and a quorum (the k-th fastest
 * of n) need the distribution, not its transform: F(t) is taken from the
 * histogram, F_(k)(t) = Σ_{i>=k} C(n,i) F^i (1 - F)^(n-i) formed bin by bin
 * and transformed back.
 */

/** The damping exponent: folded-back mass is weighted by e^-DAMPING. */
const DAMPING = 20;

/** A grid of N bins of width h (ms), with its transform's points. */
export class Grid {
  readonly rho: number;
  /** Points a transform holds: k = 0 … N/2 (the rest are their conjugates). */
  readonly points: number;
  /** cos and sin of 2πk/N. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  /** Scratch buffers of the inverse transform (a grid is used by one computation at a time). */
  private readonly scratch: Spectrum;
  /** Transforms given back (`release`), reused before new ones are allocated: a path's steps need a few at a time, not one each. */
  private readonly free: Spectrum[] = [];
  /** Where new transforms are cut from: one buffer for several (each its own would be an allocation outside the heap), each twice the last. */
  private slab: Float64Array | undefined;
  private slabUsed = 0;

  /** A grid of n bins (a power of 2) of width h; `rho` the damping per bin (1: none, for a grid whose first bin holds everything). */
  constructor(readonly n: number, readonly h: number, rho = Math.exp(-DAMPING / n)) {
    if (n < 2 || (n & (n - 1)) !== 0) throw new RangeError(`the grid's size must be a power of 2, got ${n}`);
    this.rho = rho;
    this.points = n / 2 + 1;
    const t = tablesOf(n);
    this.cos = t.cos;
    this.sin = t.sin;
    this.scratch = new Spectrum(n);
  }

  /** A transform of 0 everywhere (a new one, or one given back). */
  spectrum(): Spectrum {
    const s = this.free.pop();
    if (!s) return this.fresh();
    s.re.fill(0);
    s.im.fill(0);
    return s;
  }

  /** A new transform of 0 everywhere, cut from the slab. */
  private fresh(): Spectrum {
    const size = 2 * this.points;
    if (!this.slab || this.slabUsed + size > this.slab.length) {
      this.slab = new Float64Array(this.slab ? 2 * this.slab.length : 4 * size);
      this.slabUsed = 0;
    }
    const s = new Spectrum(this.points, this.slab, this.slabUsed);
    this.slabUsed += size;
    return s;
  }

  /** Gives a transform nothing holds any more back, for `spectrum` to reuse. */
  release(s: Spectrum): void {
    this.free.push(s);
  }

  /** A copy of a transform. */
  copy(s: Spectrum): Spectrum {
    const out = this.free.pop() ?? this.fresh();
    out.re.set(s.re);
    out.im.set(s.im);
    return out;
  }

  /** The transform of "always 0": 1 everywhere. */
  one(): Spectrum {
    const s = this.spectrum();
    s.re.fill(1);
    return s;
  }

  /** `s` plus a constant `ms` (its transform times the constant's), in place. */
  shift(s: Spectrum, ms: number): Spectrum {
    if (!(ms > 0)) return s;
    const c = this.constant(ms);
    s.times(c);
    this.release(c);
    return s;
  }

  /** The transform of a constant `ms`, split between the bins around it. */
  constant(ms: number): Spectrum {
    const s = this.spectrum();
    const x = Math.max(0, ms) / this.h;
    const m = Math.floor(x);
    const f = x - m;
    this.addPower(s, m, 1 - f);
    if (f > 0) this.addPower(s, m + 1, f);
    return s;
  }

  /** Adds w z^m to every point of `s`. */
  private addPower(s: Spectrum, m: number, w: number): void {
    const n = this.n;
    const r = w * Math.pow(this.rho, m);
    if (r === 0) return;
    for (let k = 0; k < this.points; k++) {
      const idx = (k * (m % n)) % n;
      // z^m = rho^m e^(-2πi k m / N)
      s.re[k]! += r * this.cos[idx]!;
      s.im[k]! -= r * this.sin[idx]!;
    }
  }

  /**
   * The transform of an exponential latency of mean `mean` ms on the grid,
   * each value split between the two grid points around it as a constant is
   * (so the mean is kept however coarse the grid): with r = e^(-h/mean), the
   * grid point below a value is geometric, P(J = j) = (1 - r) r^j, and the
   * share given to the point above it is independent of J with mean
   * E[F] = mean/h - r/(1 - r); so the transform is
   * (1 - r)/(1 - r z) × (1 - E[F] (1 - z)).
   */
  exponential(mean: number): Spectrum {
    if (!(mean > 0)) return this.one();
    const s = this.free.pop() ?? this.fresh();
    const x = this.h / mean;
    const r = Math.exp(-x);
    // 1/x - 1/(e^x - 1), by its series where the difference would cancel.
    const ef = x < 1e-6 ? 0.5 - x / 12 : 1 / x - 1 / Math.expm1(x);
    const rho = this.rho;
    for (let k = 0; k < this.points; k++) {
      // z = rho (cos - i sin)
      const zr = rho * this.cos[k]!;
      const zi = -rho * this.sin[k]!;
      // g = (1 - r) / (1 - r z)
      const dr = 1 - r * zr;
      const di = -r * zi;
      const den = dr * dr + di * di;
      const gr = ((1 - r) * dr) / den;
      const gi = (-(1 - r) * di) / den;
      // m = 1 - ef (1 - z)
      const mr = 1 - ef * (1 - zr);
      const mi = ef * zi;
      s.re[k] = gr * mr - gi * mi;
      s.im[k] = gr * mi + gi * mr;
    }
    return s;
  }

  /** The histogram of a transform: probabilities per bin (their sum falls short of 1 by what lies past the grid). */
  histogram(s: Spectrum): Float64Array {
    const n = this.n;
    const re = this.scratch.re;
    const im = this.scratch.im;
    // The inverse transform by the forward FFT of the conjugate: the held points conjugated, the rest (the conjugates of theirs) as they are.
    const m = this.points;
    for (let k = 0; k < m; k++) {
      re[k] = s.re[k]!;
      im[k] = -s.im[k]!;
    }
    for (let k = m; k < n; k++) {
      re[k] = s.re[n - k]!;
      im[k] = s.im[n - k]!;
    }
    fft(re, im, this.cos, this.sin);
    const out = new Float64Array(n);
    let undamp = 1;
    const step = 1 / this.rho;
    for (let j = 0; j < n; j++) {
      out[j] = Math.max(0, (re[j]! / n) * undamp);
      undamp *= step;
    }
    return out;
  }

  /** The transform of a histogram on this grid. */
  transform(histogram: Float64Array): Spectrum {
    const n = this.n;
    const re = this.scratch.re;
    const im = this.scratch.im;
    let damp = 1;
    for (let j = 0; j < n; j++) {
      re[j] = histogram[j]! * damp;
      im[j] = 0;
      damp *= this.rho;
    }
    fft(re, im, this.cos, this.sin);
    const s = this.free.pop() ?? this.fresh();
    s.re.set(re.subarray(0, this.points));
    s.im.set(im.subarray(0, this.points));
    return s;
  }

  /** The k-th fastest of n independent copies of a latency (k = n: the slowest, a scatter-gather). */
  orderStatistic(s: Spectrum, k: number, n: number): Spectrum {
    if (n <= 1) return s;
    const hist = this.histogram(s);
    const out = new Float64Array(this.n);
    let cum = 0;
    let before = 0;
    for (let j = 0; j < this.n; j++) {
      cum = Math.min(1, cum + hist[j]!);
      const f = atLeastKOf(cum, k, n);
      out[j] = Math.max(0, f - before);
      before = f;
    }
    return this.transform(out);
  }
}

/** A transform: complex values at its points (their real and imaginary parts in one buffer). */
export class Spectrum {
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** n points, in a buffer of its own or at `offset` in `slab` (2n values from there, zeroed). */
  constructor(n: number, slab: Float64Array = new Float64Array(2 * n), offset = 0) {
    this.re = slab.subarray(offset, offset + n);
    this.im = slab.subarray(offset + n, offset + 2 * n);
  }

  /** This times `o`, in place (a sum of independent latencies). */
  times(o: Spectrum): this {
    const { re, im } = this;
    const ore = o.re;
    const oim = o.im;
    const n = re.length;
    for (let k = 0; k < n; k++) {
      const a = re[k]!;
      const b = im[k]!;
      const c = ore[k]!;
      const d = oim[k]!;
      re[k] = a * c - b * d;
      im[k] = a * d + b * c;
    }
    return this;
  }

  /** this × ((1 - w) + o × w), in place: a sum with a latency present with probability w. */
  timesMix(o: Spectrum, w: number): this {
    const { re, im } = this;
    const ore = o.re;
    const oim = o.im;
    const n = re.length;
    const v = 1 - w;
    for (let k = 0; k < n; k++) {
      const c = v + ore[k]! * w;
      const d = oim[k]! * w;
      const a = re[k]!;
      const b = im[k]!;
      re[k] = a * c - b * d;
      im[k] = a * d + b * c;
    }
    return this;
  }

  /** this × (1 - w) + o × w, in place (a mixture). */
  mix(o: Spectrum, w: number): this {
    const { re, im } = this;
    const ore = o.re;
    const oim = o.im;
    const n = re.length;
    for (let k = 0; k < n; k++) {
      re[k] = re[k]! * (1 - w) + ore[k]! * w;
      im[k] = im[k]! * (1 - w) + oim[k]! * w;
    }
    return this;
  }

  /**
   * this + o × w, in place (a term of a mixture being summed). Four points a
   * pass: V8 checks each typed array (its map, length and buffer) once a
   * pass, which costs more than a point's arithmetic; a split over many
   * callees adds one term per callee.
   */
  addScaled(o: Spectrum, w: number): this {
    const { re, im } = this;
    const ore = o.re;
    const oim = o.im;
    const n = re.length;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      re[k]! += ore[k]! * w;
      im[k]! += oim[k]! * w;
      re[k + 1]! += ore[k + 1]! * w;
      im[k + 1]! += oim[k + 1]! * w;
      re[k + 2]! += ore[k + 2]! * w;
      im[k + 2]! += oim[k + 2]! * w;
      re[k + 3]! += ore[k + 3]! * w;
      im[k + 3]! += oim[k + 3]! * w;
    }
    for (; k < n; k++) {
      re[k]! += ore[k]! * w;
      im[k]! += oim[k]! * w;
    }
    return this;
  }

  /** (1 - w) + w × this, in place: a latency present with probability w. */
  mixOne(w: number): this {
    const { re, im } = this;
    const n = re.length;
    for (let k = 0; k < n; k++) {
      re[k] = 1 - w + re[k]! * w;
      im[k]! *= w;
    }
    return this;
  }

  /** This plus w × "always 0" (1 everywhere), in place. */
  addOne(w: number): this {
    if (w === 0) return this;
    const re = this.re;
    const n = re.length;
    for (let k = 0; k < n; k++) re[k]! += w;
    return this;
  }

  /** This scaled by w, in place. */
  scale(w: number): this {
    const { re, im } = this;
    const n = re.length;
    for (let k = 0; k < n; k++) {
      re[k]! *= w;
      im[k]! *= w;
    }
    return this;
  }
}

const tables = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos and sin of 2πk/n for k < n, computed once per n. */
function tablesOf(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = tables.get(n);
  if (!t) {
    t = { cos: new Float64Array(n), sin: new Float64Array(n) };
    for (let k = 0; k < n; k++) {
      t.cos[k] = Math.cos((2 * Math.PI * k) / n);
      t.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    tables.set(n, t);
  }
  return t;
}

/** The p-quantile of a histogram on a grid of width h (linear within the bin it falls in); Infinity when the histogram never reaches p. */
export function quantile(hist: Float64Array, h: number, p: number): number {
  let cum = 0;
  for (let j = 0; j < hist.length; j++) {
    const next = cum + hist[j]!;
    if (next >= p) return j === 0 || !(hist[j]! > 0) ? j * h : (j - 1 + (p - cum) / hist[j]!) * h;
    cum = next;
  }
  return Infinity;
}

/** P(at least k of n independent events of probability f): the binomial tail. */
export function atLeastKOf(f: number, k: number, n: number): number {
  if (k <= 0) return 1;
  if (f <= 0) return 0;
  if (f >= 1) return 1;
  if (k === n) return Math.pow(f, n);
  if (k === 1) return 1 - Math.pow(1 - f, n);
  let sum = 0;
  // C(n, i) f^i (1-f)^(n-i), i from k to n, by the ratio of successive terms.
  let term = Math.exp(logChoose(n, k) + k * Math.log(f) + (n - k) * Math.log1p(-f));
  for (let i = k; i <= n; i++) {
    sum += term;
    term *= ((n - i) / (i + 1)) * (f / (1 - f));
  }
  return Math.min(1, sum);
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** In-place iterative radix-2 FFT: X[k] = Σ x[j] e^(-2πi jk/N), with the cos and sin tables of 2πk/N. */
function fft(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const stride = n / len;
    for (let i = 0; i < n; i += len) {
      for (let j = 0; j < half; j++) {
        const wr = cos[j * stride]!;
        const wi = -sin[j * stride]!;
        const a = i + j;
        const b = a + half;
        // Each value read once: a typed array's every read is checked.
        const br = re[b]!;
        const bi = im[b]!;
        const ar = re[a]!;
        const ai = im[a]!;
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        re[b] = ar - xr;
        im[b] = ai - xi;
        re[a] = ar + xr;
        im[a] = ai + xi;
      }
    }
  }
}
