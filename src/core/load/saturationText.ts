/**
 * The saturation chart in words and as a table: what a reader who cannot see
 * the canvas gets, and what the chart's accessible name says. Kept apart from
 * the computation so that a page drawing the chart loads no load model.
 */
import { num, pct } from '../text/format';
import type { SaturationCurve } from './saturationCurve';

/** The chart's figures as table rows: component, where it saturates, its utilization today and at the target. */
export function saturationRows(curve: SaturationCurve): string[][] {
  const atTarget = curve.multiples.indexOf(curve.target);
  return curve.lines.map((l) => {
    const u = l.utilization[atTarget];
    return [l.id, `${num(l.multiple)}×`, pct(l.today), u === null || u === undefined ? 'not judged' : pct(u)];
  });
}

/** The table's column heads, for a curve. */
export function saturationHeads(curve: SaturationCurve): string[] {
  return ['Component', 'Saturates at', 'Today', `At ${num(curve.target)}×`];
}

/** The chart in words: what saturates first and when, what is not drawn, and what never saturates. */
export function saturationSummary(curve: SaturationCurve): string {
  if (curve.lines.length === 0) return 'No component declares a capacity that load reaches: nothing saturates as the workload grows.';
  const [first, ...next] = curve.lines;
  const parts = [`${first!.id} saturates first, at ${num(first!.multiple)}× today's peak (${num(first!.multiple * curve.peakRps)} rps)`];
  if (next.length > 0) parts.push(`then ${next.map((l) => `${l.id} at ${num(l.multiple)}×`).join(', ')}`);
  const sentences = [`${parts.join('; ')}.`];
  const later = curve.later;
  if (later.length > 0) {
    const named = later.length === 1 ? `${later[0]!.id} saturates later, at ${num(later[0]!.multiple)}×` : `${later.length} more saturate later, from ${num(later[0]!.multiple)}× (${later[0]!.id}) to ${num(later.at(-1)!.multiple)}× (${later.at(-1)!.id})`;
    sentences.push(`${named}: not drawn.`);
  }
  for (const b of curve.beyond) sentences.push(`${b.id} is not judged past ${num(b.atLeast)}×.`);
  if (curve.unloaded.length > 0) sentences.push(`Never saturate (no load reaches them): ${curve.unloaded.join(', ')}.`);
  return sentences.join(' ');
}
