/**
 * How scenario figures are written for people: the same words in
 * `scale simulate`'s text and the diagram's simulation panel.
 */
import { count, pct, plural } from '../text/format';
import { formatDuration } from '../model/duration';

/** Counts, percentages and plurals are written as findings write them. */
export { count as num, pct, plural };

/** "850 ms", "12.5 s", "0.021 ms". */
export function dur(ms: number): string {
  return ms > 0 && ms < 1 ? `${Number(ms.toPrecision(2))} ms` : formatDuration(ms);
}

/** A ratio to a mean: "1.27x". */
export function ratio(x: number): string {
  return `${Math.round(x * 100) / 100}x`;
}
