/**
 * Turning expected or scaled counts into integers that still add up, and
 * keeping every reported number finite and short: results are compared byte
 * for byte, so figures are rounded to a fixed number of significant digits
 * before they leave the engine.
 */

/** Splits `total` (an integer) over parts in proportion to `values`: floors, then the largest remainders get the rest (ties to the lower index). */
export function largestRemainder(values: readonly number[], total: number): number[] {
  const n = values.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return out;
  let sum = 0;
  for (const v of values) sum += v > 0 ? v : 0;
  if (!(sum > 0)) {
    out[0] = total;
    return out;
  }
  const rema: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = ((values[i]! > 0 ? values[i]! : 0) / sum) * total;
    const f = Math.floor(exact);
    out[i] = f;
    given += f;
    rema.push({ i, r: exact - f });
  }
  rema.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < total - given; k++) out[rema[k % n]!.i]!++;
  return out;
}

/**
 * Rounds a running series of fractional category counts (such as served,
 * failed, rejected per time bucket) so that every bucket's integers add up to
 * its rounded total, no bucket goes negative, and the totals stay within 1 of
 * the exact sums: the cumulative vector is rounded, and bucket values are the
 * differences.
 */
export class CumulativeRounder {
  private readonly cum: number[];
  private readonly prev: number[];

  /** A rounder over `categories` parallel counts. */
  constructor(categories: number) {
    this.cum = new Array<number>(categories).fill(0);
    this.prev = new Array<number>(categories).fill(0);
  }

  /** Adds one bucket's fractional counts; returns its integer counts. */
  add(values: readonly number[]): number[] {
    const n = this.cum.length;
    let exactTotal = 0;
    for (let i = 0; i < n; i++) {
      this.cum[i]! += values[i]! > 0 ? values[i]! : 0;
      exactTotal += this.cum[i]!;
    }
    let prevTotal = 0;
    for (const p of this.prev) prevTotal += p;
    const total = Math.max(prevTotal, Math.round(exactTotal));
    const next = largestRemainder(this.cum, total);
    // Keep every category non-decreasing: take any shortfall from the category with the most room.
    for (let i = 0; i < n; i++) {
      while (next[i]! < this.prev[i]!) {
        next[i]!++;
        let j = -1;
        for (let k = 0; k < n; k++) if (k !== i && next[k]! > this.prev[k]! && (j < 0 || next[k]! - this.prev[k]! > next[j]! - this.prev[j]!)) j = k;
        next[j]!--;
      }
    }
    const out = next.map((x, i) => x - this.prev[i]!);
    for (let i = 0; i < n; i++) this.prev[i] = next[i]!;
    return out;
  }
}

/** Rounds weighted counts (each sampled event counted 1 / its sampling rate times) to integers whose sum is the rounded sum; whole counts come back as they are. */
export function roundCounts(weighted: readonly number[]): number[] {
  if (weighted.every((c) => Number.isInteger(c))) return weighted.slice();
  let sum = 0;
  for (const c of weighted) sum += c;
  return largestRemainder(weighted, Math.round(sum));
}

/** Rounds to `digits` significant digits (default 6); -0 becomes 0; non-finite numbers are a bug and throw. */
export function sig(x: number, digits = 6): number {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite figure ${x}`);
  if (x === 0) return 0;
  const r = Number(x.toPrecision(digits));
  return r === 0 ? 0 : r;
}

/** Rounds to whole milliseconds (-0 becomes 0). */
export function msRound(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite duration ${x}`);
  const r = Math.round(x);
  return r === 0 ? 0 : r;
}

/** Throws when any number in a plain-data value is NaN or infinite, naming its path: the engine's last check before a result leaves it. */
export function assertFiniteDeep(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`non-finite number at ${path}: ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertFiniteDeep(value[i], `${path}[${i}]`);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) assertFiniteDeep((value as Record<string, unknown>)[k], `${path}.${k}`);
  }
}

/** Throws unless generated = served + failed + rejected with non-negative integer parts. */
export function assertOutcome(o: { generated: number; served: number; failed: number; rejected: number }, what: string): void {
  const parts = [o.generated, o.served, o.failed, o.rejected];
  if (parts.some((x) => !Number.isInteger(x) || x < 0) || o.served + o.failed + o.rejected !== o.generated) {
    throw new RangeError(`counts of ${what} do not add up: ${JSON.stringify(o)}`);
  }
}
