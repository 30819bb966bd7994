/**
 * How scenario figures are written for people: the same words in
 * `scale simulate`'s text and the diagram's simulation panel.
 */
import { formatDuration } from '../../model/duration';

/** "850 ms", "12.5 s", "0.021 ms". */
export function dur(ms: number): string {
  return ms > 0 && ms < 1 ? `${Number(ms.toPrecision(2))} ms` : formatDuration(ms);
}

/** A count, rounded, with thousands separators: "12,345". */
export function num(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** A fraction as a percentage with the digits that matter: "12.3%", "0.25%", "0.0019%". */
export function pct(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  if (p >= 10) return `${Math.round(p * 10) / 10}%`;
  if (p >= 0.1) return `${Math.round(p * 100) / 100}%`;
  return `${Number(p.toPrecision(2))}%`;
}

/** A ratio to a mean: "1.27x". */
export function ratio(x: number): string {
  return `${Math.round(x * 100) / 100}x`;
}

/** "1 replica", "3 replicas". */
export function plural(n: number, word: string): string {
  return `${num(n)} ${word}${n === 1 ? '' : 's'}`;
}
