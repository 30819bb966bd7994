/**
 * How scenario figures are written for people: the same words in
 * `scale simulate`'s text and the diagram's simulation panel.
 */
import { count, pct, plural } from '../text/format';
import { formatDuration } from '../model/duration';
import type { CapacityResult } from './types';

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

/**
 * The tiers that ran past their declared figure while instances were out of
 * rotation: "api at 113% over the instances left while some were out of
 * rotation, 10,667 requests refused". The busiest line beside it is the
 * tier as declared, with no fault; these are what the diagram heats under
 * the run.
 */
export function survivorTexts(cap: CapacityResult): string[] {
  const out: string[] = [];
  for (const l of cap.loads) {
    if (l.survivorUtilization === undefined) continue;
    const refused = cap.tiers.find((t) => t.component === l.component)?.refusedRequests ?? 0;
    out.push(`${l.component} at ${pct(l.survivorUtilization)} over the instances left while some were out of rotation${refused > 0 ? `, ${count(refused)} requests refused` : ''}`);
  }
  return out;
}
