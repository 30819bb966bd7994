/** Number formatting for finding messages: grouped integers, short ratios, percentages. */

/** Grouped integers, built once: `toLocaleString` builds a formatter per call, and messages format many numbers. */
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 40000 → "40,000"; 1234.5 → "1,235"; 0.42 → "0.42". */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return GROUPED.format(Math.round(x));
  if (Math.abs(x) >= 10) return String(Math.round(x * 10) / 10);
  return String(Math.round(x * 100) / 100);
}

/** A count, rounded, with thousands separators: 12345.4 → "12,345". */
export function count(x: number): string {
  return Number.isFinite(x) ? GROUPED.format(Math.round(x)) : String(x);
}

/** 0.9846 → "98.5%"; 0.00042 → "0.042%". */
export function pct(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  if (Math.abs(p) >= 10) return `${Math.round(p * 10) / 10}%`;
  if (Math.abs(p) >= 0.1) return `${Math.round(p * 100) / 100}%`;
  return `${Number(p.toPrecision(2))}%`;
}

/** "1 instance", "3 instances". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${num(n)} ${n === 1 ? word : many}`;
}
