/**
 * Availability and latency per entry point, recovery objectives per store
 * and the cost of consistency choices, as plain JSON: what `scale paths
 * --format json` prints, what its text and Markdown show, and what the
 * report page draws. Figures are rounded as finding data is (no float
 * residue); availabilities keep the digits that show their nines; a figure
 * that is never reached (a p99 past saturation) is null.
 */
import { availabilityOf } from '../availability/availability';
import type { Finding } from '../findings';
import { latencyOf, type LatencyFigures } from '../latency/latency';
import type { TrafficModel } from '../load/traffic';
import type { Topology } from '../model/topology';
import { availabilityFigure, figure, finiteFigure } from '../text/format';

/** Latency figures in milliseconds; null when never reached. */
export interface LatencyData {
  meanMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** One entry point's figures. */
export interface EntryPathsData {
  id: string;
  readShare: number;
  availability: {
    all: number;
    read: number;
    write: number;
    nines: number | null;
    downtimePerMonthMinutes: number;
    /** Probability of zone states left out (the availability is at most this much higher). */
    unexplored: number;
    approximated: string[];
    /** What costs the most of the downtime, costliest first. */
    /** Each cost, costliest first; `estimated`: a first-order estimate, past the work the exact ones may take. */
    costs: { id: string; kind: 'component' | 'zone'; downtimeShare: number; nines: number | null; availabilityWithout: number; estimated: boolean }[];
  };
  latency: LatencyData & {
    read: LatencyData;
    write: LatencyData;
    resolutionMs: number;
    /** The percentiles are approximate: many steps take far less than the grid step each. */
    coarse: boolean;
    /** What costs the p99 the most, costliest first. */
    costs: { id: string; kind: 'component' | 'network'; meanMs: number | null; p99SavedMs: number | null; p99WithoutMs: number | null; estimated: boolean }[];
    saturated: string[];
    undeclared: string[];
    undeclaredRtt: [string, string][];
  };
}

/** One SLO and whether the design meets it. */
export interface SloData {
  entry: string;
  op: string;
  objectives: { objective: 'availability' | 'p50' | 'p99'; target: number; met: boolean; message?: string }[];
}

/** Everything `scale paths` reports. */
export interface PathsData {
  peakRps: number;
  entries: EntryPathsData[];
  stores: { id: string; kind: string; rtoMs: number | null; rto: string; rpoMs: number | null; rpo: string; lostWritesPerFailover: number; lagAssumed: boolean }[];
  consistency: { store: string; aspect: string; choice: string; costMs: number; alternative: string; avoids: string }[];
  slos: SloData[];
}

function latencyData(f: LatencyFigures): LatencyData {
  return { meanMs: finiteFigure(f.mean), p50Ms: finiteFigure(f.p50), p99Ms: finiteFigure(f.p99) };
}

/** The figures of the entry points `ids` (every entry point by default), with the file's SLOs judged by `sloFindings` (the slo rule's findings). */
export function pathsData(topology: Topology, load: TrafficModel, sloFindings: readonly Finding[], ids: readonly string[] = topology.entryPoints): PathsData {
  const availability = availabilityOf(topology, load);
  const latency = latencyOf(topology, load);
  const entries = ids.map((id): EntryPathsData => {
    const a = availability.path(id);
    const l = latency.path(id);
    return {
      id,
      readShare: figure(a.readShare),
      availability: {
        all: availabilityFigure(a.availability), read: availabilityFigure(a.read), write: availabilityFigure(a.write),
        nines: finiteFigure(a.nines), downtimePerMonthMinutes: figure(a.downtimePerMonthMs / 60_000),
        unexplored: figure(a.unexplored), approximated: a.approximated,
        costs: availability.costs(id).map((c) => ({ id: c.id, kind: c.kind, downtimeShare: figure(c.downtimeShare), nines: finiteFigure(c.nines), availabilityWithout: availabilityFigure(c.without), estimated: c.estimated })),
      },
      latency: {
        ...latencyData(l.all), read: latencyData(l.read), write: latencyData(l.write), resolutionMs: figure(l.resolutionMs), coarse: l.coarse,
        costs: latency.costs(id).map((c) => ({ id: c.id, kind: c.kind, meanMs: finiteFigure(c.meanMs), p99SavedMs: finiteFigure(c.p99Saved), p99WithoutMs: finiteFigure(c.p99Without), estimated: c.estimated })),
        saturated: l.saturated, undeclared: l.undeclared, undeclaredRtt: l.undeclaredRtt,
      },
    };
  });
  const stores = availability.stores().map((s) => ({
    id: s.id, kind: s.kind, rtoMs: s.rtoMs === undefined ? null : figure(s.rtoMs), rto: s.rto,
    rpoMs: s.rpoMs === undefined ? null : figure(s.rpoMs), rpo: s.rpo, lostWritesPerFailover: figure(s.lostWritesPerFailover), lagAssumed: s.lagAssumed,
  }));
  const consistency = latency.consistency().map((c) => ({ ...c, costMs: figure(c.costMs) }));
  const slos = topology.file.slos.map((o, i): SloData => {
    const objectives: SloData['objectives'] = [];
    for (const objective of ['availability', 'p50', 'p99'] as const) {
      const target = o[objective];
      if (target === undefined) continue;
      const f = sloFindings.find((x) => x.path[0] === 'slos' && x.path[1] === i && x.path[2] === objective);
      objectives.push({ objective, target, met: !f, ...(f ? { message: f.message } : {}) });
    }
    return { entry: o.entry, op: o.op, objectives };
  });
  return { peakRps: load.peakRps, entries, stores, consistency, slos };
}
