/**
 * Where a load turns into a verdict, and the one way figures are held
 * against those places. A threshold counts from its value on: a tier at
 * exactly 80% of its capacity is at the warning threshold, at exactly 100%
 * it is saturated. Loads are computed in doubles, so a load that is exactly
 * 80% on paper can come out as 0.7999999999999998 (or 1.0000000000000002 for
 * 100%); a relative tolerance far above that residue and far below any figure
 * a message shows keeps the residue from deciding a verdict. Every
 * comparison of a utilization or ratio with a threshold goes through here:
 * the capacity rule, the rules that quote a utilization, the simulation's
 * refusals and queue stability, the diagram's colours.
 */

/** Utilization from which a tier is reported (a warning). */
export const CAPACITY_WARNING = 0.8;
/** Utilization from which a tier is saturated (an error): queues grow without bound. */
export const CAPACITY_ERROR = 1;

/** Relative difference below which a figure counts as equal to a threshold: float residue is about 1e-16. */
const RESIDUE = 1e-9;

/** Whether a figure reaches a threshold: at or above it, float residue forgiven (0.7999999999999998 reaches 0.8). */
export function reaches(value: number, threshold: number): boolean {
  return value >= threshold - Math.abs(threshold) * RESIDUE;
}

/** Whether a figure is past a threshold: above it by more than float residue (1.0000000000000002 is not past 1). */
export function exceeds(value: number, threshold: number): boolean {
  return value > threshold + Math.abs(threshold) * RESIDUE;
}

/** The smallest whole number at or above a figure, float residue forgiven: how many units a load needs (8.000000000000002 → 8). */
export function wholeAtLeast(value: number): number {
  return Math.ceil(value - Math.abs(value) * RESIDUE);
}
