/** Durations in the file: a number of milliseconds, or a string such as "500ms", "30s", "2m", "1h", "7d". */
import { num } from '../text/format';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The pattern a duration string must match. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/**
 * Milliseconds of a duration string, or undefined when it is not one. Reads
 * what DURATION_PATTERN matches by hand: validation parses every duration of
 * a file twice, and a RegExp match allocates its result.
 */
export function parseDuration(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  if (i < n && text.charCodeAt(i) === 0x2e /* . */) {
    const fraction = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === fraction) return undefined;
  }
  const unit = unitAt(text, i);
  if (unit === undefined) return undefined;
  const ms = Number(text.slice(0, i)) * unit;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Milliseconds of the unit that ends the text from `i` (ms, s, m, h or d). */
function unitAt(text: string, i: number): number | undefined {
  const rest = text.length - i;
  const c = text.charCodeAt(i);
  if (rest === 2) return c === 0x6d /* m */ && text.charCodeAt(i + 1) === 0x73 /* s */ ? UNIT_MS.ms : undefined;
  if (rest !== 1) return undefined;
  return c === 0x73 ? UNIT_MS.s : c === 0x6d ? UNIT_MS.m : c === 0x68 ? UNIT_MS.h : c === 0x64 ? UNIT_MS.d : undefined;
}

/**
 * A pattern of the duration strings of at most `maxMs` milliseconds, for the
 * JSON Schema, which cannot compute a value to compare: for each unit, a
 * whole part below the bound in that unit with any decimals, or the bound
 * itself with zeros only after the point. `maxMs` is a whole number of each unit.
 */
export function durationPatternUpTo(maxMs: number): string {
  const units = Object.entries(UNIT_MS).map(([unit, ms]) => {
    const bound = maxMs / ms;
    if (!Number.isSafeInteger(bound) || bound < 1) throw new Error(`${maxMs} ms is not a whole number of ${unit}`);
    return `0*(?:(?:${digitsBelow(String(bound))})(?:\\.\\d+)?|${bound}(?:\\.0+)?)${unit}`;
  });
  return `^(?:${units.join('|')})$`;
}

/** A pattern of the digit strings (leading zeros allowed) whose value is below `n`, given as digits without leading zeros. */
function digitsBelow(n: string): string {
  // Fewer digits than n; or n's first i digits, then a smaller digit, then any.
  const alternatives = n.length > 1 ? [`\\d{1,${n.length - 1}}`] : [];
  for (let i = 0; i < n.length; i++) {
    const d = Number(n[i]);
    if (d === 0) continue;
    const rest = n.length - i - 1;
    alternatives.push(`${n.slice(0, i)}${d === 1 ? '0' : `[0-${d - 1}]`}${rest > 1 ? `\\d{${rest}}` : rest === 1 ? '\\d' : ''}`);
  }
  return alternatives.join('|');
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A duration as messages give a latency or a lag: "5 ms", "12.3 ms", "168 ms", then "1.2 s", "3 min". */
export function msText(x: number): string {
  return x < 1000 ? `${num(x)} ms` : formatDuration(x);
}

/** A latency as data carries it (null: unbounded, past saturation): "12.3 ms", "1.2 s", "unbounded". */
export function latencyText(ms: number | null): string {
  return ms === null ? 'unbounded' : msText(ms);
}

/** A short human form of a duration in milliseconds: "850 ms", "12.5 s", "3 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${round(ms)} ms`;
  if (ms < 120_000) return `${round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

function round(x: number): string {
  return String(Math.round(x * 10) / 10);
}
