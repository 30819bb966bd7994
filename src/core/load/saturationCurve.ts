/**
 * The saturation chart's data: the utilization of each component's binding
 * resource on its busiest node (a store's hottest shard, not its mean) as the
 * workload grows, for the components that saturate first. It is the headroom
 * read at many multiples rather than at 100%: the same order, the same
 * utilizations (load/headroom.ts), so each line crosses 100% exactly at the
 * component's growth multiple. Plain data, drawn by the report page and the
 * simulation panel, which also put simulated points over it
 * (scenario/saturationPoints.ts).
 */
import type { Topology } from '../model/topology';
import { headroomOf, utilizationsAt } from './headroom';
import type { Resource, TrafficModel } from './traffic';

/** The growth the chart reaches past when the file declares none: "what breaks at 10×". */
const DEFAULT_GROWTH_TARGET = 10;

/** Components drawn at most, the first to saturate; the others are named in words. */
export const SATURATION_LINES = 6;

/** Simulated multiples at most (each one run of the simulation). */
export const SATURATION_SIMULATED = 10;

/** Evenly spaced multiples the lines are sampled at, besides the saturation multiples, 1× and the target. */
const SAMPLES = 24;

/** How far past the target or the last drawn saturation the x axis reaches. */
const MARGIN = 1.15;

/** One component's line. */
export interface SaturationLine {
  id: string;
  resource: Resource;
  /** The headroom's multiple: where the line reaches 100%. */
  multiple: number;
  /** Its utilization today (at 1×). */
  today: number;
  /** Utilization of the binding resource at each of the chart's multiples (1 = saturated); null where the load model could not judge it. */
  utilization: (number | null)[];
}

/** The chart: lines over multiples of today's peak, and what is not drawn. */
export interface SaturationCurve {
  peakRps: number;
  target: number;
  /** The file's `workload.growth`, or the default. */
  targetFrom: 'file' | 'default';
  /** The x values, ascending: from 1× (or the first saturation below it) to past the target and the last drawn saturation. */
  multiples: number[];
  /** The first components to saturate, in saturation order. */
  lines: SaturationLine[];
  /** Components with a capacity that saturate after those drawn, in order. */
  later: { id: string; multiple: number }[];
  /** Components judged only up to a multiple (the load model's cap). */
  beyond: { id: string; atLeast: number }[];
  /** Components with a capacity that no load reaches. */
  unloaded: string[];
}

/** The saturation chart of a checked topology (its load model `load`), to past its growth target (default 10×). */
export function saturationCurve(topology: Topology, load: TrafficModel): SaturationCurve {
  const h = headroomOf(topology, load);
  const declared = topology.file.workload.growth;
  const target = declared ?? DEFAULT_GROWTH_TARGET;
  const drawn = h.order.slice(0, SATURATION_LINES);
  const last = drawn.at(-1)?.multiple ?? target;
  const lo = Math.min(1, drawn[0]?.multiple ?? 1);
  const hi = Math.max(target, last) * MARGIN;
  const xs = new Set<number>([1, target, ...drawn.map((s) => s.multiple)]);
  for (let i = 0; i <= SAMPLES; i++) xs.add(lo + ((hi - lo) * i) / SAMPLES);
  const multiples = [...xs].filter((m) => Number.isFinite(m) && m >= lo && m <= hi).sort((a, b) => a - b);
  const rows = utilizationsAt(topology, load, drawn.map((s) => s.id), multiples);
  return {
    peakRps: h.peakRps,
    target,
    targetFrom: declared !== undefined ? 'file' : 'default',
    multiples,
    lines: drawn.map((s, i) => ({ id: s.id, resource: s.resource, multiple: s.multiple, today: s.utilization, utilization: rows[i]! })),
    later: h.order.slice(SATURATION_LINES).map((s) => ({ id: s.id, multiple: s.multiple })),
    beyond: h.beyond.map((b) => ({ id: b.id, atLeast: b.atLeast })),
    unloaded: h.unloaded,
  };
}

/**
 * The multiples the simulation checks the lines at, at most
 * SATURATION_SIMULATED: each drawn line's saturation, the target, and
 * multiples spread over the rest of the x axis, ascending.
 */
export function simulatedMultiples(curve: SaturationCurve): number[] {
  const xs = curve.multiples;
  if (xs.length === 0) return [];
  const chosen = new Set<number>([...curve.lines.map((l) => l.multiple), curve.target].filter((m) => m >= xs[0]! && m <= xs.at(-1)!));
  const spread = SATURATION_SIMULATED - chosen.size;
  for (let i = 0; i < spread; i++) chosen.add(xs[Math.round(((xs.length - 1) * (i + 1)) / (spread + 1))]!);
  return [...chosen].sort((a, b) => a - b).slice(0, SATURATION_SIMULATED);
}
