/**
 * Number formatting for finding messages and simulation figures: grouped
 * integers, short ratios, percentages, plurals. One rule for large figures: an integer
 * a double holds exactly (a safe integer, below 2^53 in size) is written in
 * full; past that, with DOUBLE_DIGITS significant digits and zeros, since the
 * further digits of a double are not a figure anyone computed. Never an
 * exponent, never "-0".
 */
/** Significant digits written past 2^53: the decimal digits a double always keeps (C's DBL_DIG). */
export const DOUBLE_DIGITS = 15;

/**
 * Formatters, each built on first use (`toLocaleString` builds one per call,
 * and messages format many numbers): the first one built in a process sets
 * up the locale data, 30-130 ms measured here, which a command that prints
 * no figure past a safe integer or a grouped decimal never pays.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(key: 'oneDecimal' | 'pastSafe'): Intl.NumberFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en-US', key === 'oneDecimal' ? { maximumFractionDigits: 1 } : { maximumSignificantDigits: DOUBLE_DIGITS })));
  return f;
}

/** A figure with thousands separators and at most `decimals` decimals, by the rule above. */
function grouped(x: number, decimals: 0 | 1): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) > Number.MAX_SAFE_INTEGER) return formatter('pastSafe').format(x);
  if (decimals === 0) {
    // A safe integer, rounded half away from 0 as the formatter rounds, is written exactly: its digits, grouped by three.
    const whole = Math.round(Math.abs(x));
    if (whole === 0) return '0';
    const digits = String(whole);
    let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
    for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
    return x < 0 ? `-${out}` : out;
  }
  const shown = formatter('oneDecimal').format(x);
  return shown === '-0' ? '0' : shown; // -0, or a negative figure that rounds to 0
}

/** 40000 → "40,000"; 1234.5 → "1,235"; 0.42 → "0.42"; 31536000000000004 → "31,536,000,000,000,000". */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return grouped(x, 0);
  if (Math.abs(x) >= 10) return String(Math.round(x * 10) / 10);
  const r = Math.round(x * 100) / 100;
  return r === 0 && x !== 0 ? small(x) : String(r);
}

/**
 * A non-zero figure too small for the decimals shown: two significant
 * digits rather than a false 0, and a bound rather than an exponent below a
 * millionth (String writes 1e-7 for 0.0000001).
 */
function small(x: number): string {
  const r = Number(x.toPrecision(2));
  if (Math.abs(r) >= 1e-6) return String(r);
  return x < 0 ? '> -0.000001' : '< 0.000001';
}

/** A count, rounded, with thousands separators: 12345.4 → "12,345"; 1e21 → "1,000,000,000,000,000,000,000". */
export function count(x: number): string {
  return grouped(x, 0);
}

/** "about " before a figure that is a first-order estimate (a model past the work it may take), nothing before an exact one. */
export function about(figure: { estimated?: boolean }): string {
  return figure.estimated ? 'about ' : '';
}

/**
 * An expected count (acknowledged writes lost per failover): whole from 10 on,
 * where a fraction would claim a precision no expectation has; 81.6 → "82",
 * 4.56 → "4.56". Every view of such a figure writes it this way.
 */
export function expectedCount(x: number): string {
  return x >= 10 ? num(Math.round(x)) : num(x);
}

/** 0.9846 → "98.5%"; 0.00042 → "0.042%"; 12.345 → "1,234.5%". */
export function pct(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  if (Math.abs(p) >= 1000) return `${grouped(p, 1)}%`;
  if (Math.abs(p) >= 10) return `${Math.round(p * 10) / 10}%`;
  if (Math.abs(p) >= 0.1) return `${Math.round(p * 100) / 100}%`;
  return `${small(p)}%`;
}

/**
 * An availability as a percentage with the digits that show its nines: two
 * significant digits of the unavailability ("99.66%", "99.9982%", "99.9%"),
 * "100%" when nothing is unavailable to the tenth decimal.
 */
export function availabilityPct(a: number): string {
  const down = (1 - a) * 100;
  if (!(down > 0)) return '100%';
  const decimals = Math.min(10, Math.max(1, 1 - Math.floor(Math.log10(down))));
  return `${(100 - down).toFixed(decimals).replace(/\.?0+$/, '')}%`;
}

/** An availability as data carries it: the digits `availabilityPct` shows and two more, no float residue (0.999982, never 0.9999820000000001). */
export function availabilityFigure(a: number): number {
  const down = (1 - a) * 100;
  if (!(down > 0)) return 1;
  const decimals = Math.min(14, Math.max(1, 1 - Math.floor(Math.log10(down))) + 4);
  return Number(a.toFixed(decimals));
}

/** A figure (see `figure`), or null when it is not finite: JSON's way of saying "unbounded". */
export function finiteFigure(x: number): number | null {
  return Number.isFinite(x) ? figure(x) : null;
}

/** Significant digits a finding's figures keep in its data, as scenario results keep theirs: more than any message shows, none of a double's residue. */
export const FIGURE_DIGITS = 6;

/** A figure as finding data carries it: integers whole, other finite numbers to FIGURE_DIGITS significant digits (999.9999999999998 → 1000, 1/3 → 0.333333), -0 as 0. */
export function figure(x: number): number {
  return Number.isFinite(x) && !Number.isInteger(x) ? Number(x.toPrecision(FIGURE_DIGITS)) + 0 : x;
}

/** A finding's data with every figure rounded by `figure`; texts and flags as they are. */
export function roundedData(data: Readonly<Record<string, number | string | boolean>>): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(data)) out[k] = typeof v === 'number' ? figure(v) : v;
  return out;
}

/** "1 instance", "3 instances". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${num(n)} ${n === 1 ? word : many}`;
}

/** "app", "app and db", "a, b and c", and past `named` + 1 names "a, b, c and 7 more". */
export function listOf(names: readonly string[], named = 3): string {
  if (names.length > named + 1) return `${names.slice(0, named).join(', ')} and ${names.length - named} more`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${num(n)}${suffix}`;
}

/** A rate as an edge label shows it, within the label's fixed slot: "850 rps", "16.2k rps", "1.2M rps". */
export function formatRps(rps: number): string {
  if (!Number.isFinite(rps) || rps < 0) return '– rps';
  if (rps < 10) return `${Math.round(rps * 10) / 10} rps`;
  if (rps < 1000) return `${Math.round(rps)} rps`;
  for (const [scale, unit] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (rps < scale) continue;
    const v = rps / scale;
    return `${v >= 100 ? Math.round(v) : v >= 10 ? Math.round(v * 10) / 10 : Math.round(v * 100) / 100}${unit} rps`;
  }
  return `${Math.round(rps)} rps`;
}
