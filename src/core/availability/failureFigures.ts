/**
 * The failure and repair figures the availability model reads: a node's mean
 * time between failures (MTBF) and to repair (MTTR), a zone's, how long a
 * dead instance keeps receiving requests, and how long a failover takes. The
 * file may declare each (its `reliability` block, a component's own
 * `reliability`); what it does not declare takes the defaults below, whose
 * sources docs/availability.md gives:
 *
 * - a node fails every 30 days and is replaced in 30 minutes (99.93%): a
 *   round figure between the single-instance commitments of the clouds
 *   (AWS EC2's instance-level SLA, 99.5%; Azure's single VM on premium
 *   storage, 99.9%), counting crashes, host maintenance and bad deploys;
 * - a zone fails once a year for 4 hours (99.95%): zone-wide incidents are
 *   yearly-scale events lasting hours, and the clouds commit to 99.99% only
 *   for a deployment over two or more zones;
 * - a dead instance no balancer health-checks is found in 30 s: Kubernetes'
 *   readiness probe defaults (every 10 s, 3 failures);
 * - a manual failover takes 30 minutes (paging someone, running the runbook);
 * - an automatic one, what the scenario engine assumes: 10 s to detect, 5 s
 *   to promote.
 */
import type { ComponentNode, Topology } from '../model/topology';
import type { ComponentReliabilityData, ReplicationData } from '../model/schema';
import { ASSUMED_DETECTION_MS, ASSUMED_PROMOTION_MS } from '../scenario/runScenario';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A node's MTBF and MTTR when neither the file nor the component declares them. */
export const DEFAULT_NODE = { mtbf: 30 * DAY, mttr: 30 * MINUTE } as const;
/** A zone's MTBF and MTTR when the file declares none. */
export const DEFAULT_ZONE = { mtbf: 365 * DAY, mttr: 4 * HOUR } as const;
/** How long a dead instance that no balancer health-checks keeps receiving requests. */
export const DEFAULT_DETECTION_MS = 30_000;
/** How long a manual failover takes when the file says nothing. */
export const DEFAULT_MANUAL_FAILOVER_MS = 30 * MINUTE;

/** A failure process: up for `mtbf` on average, then down for `mttr`. */
export interface FailureRate {
  mtbf: number;
  mttr: number;
  /** The share of time it is up: mtbf / (mtbf + mttr). */
  availability: number;
  /** Failures per millisecond over a whole cycle: 1 / (mtbf + mttr). */
  rate: number;
}

/** The failure process of an MTBF and an MTTR (in milliseconds). */
export function failureRate(mtbf: number, mttr: number): FailureRate {
  return { mtbf, mttr, availability: mtbf / (mtbf + mttr), rate: 1 / (mtbf + mttr) };
}

/** The file's defaults, resolved. */
export interface FileFigures {
  node: FailureRate;
  zone: FailureRate;
  detectionMs: number;
  manualFailoverMs: number;
}

/** The file's failure figures: its `reliability` block over the defaults. */
export function fileFigures(topology: Topology): FileFigures {
  const r = topology.file.reliability;
  return {
    node: failureRate(r?.node?.mtbf ?? DEFAULT_NODE.mtbf, r?.node?.mttr ?? DEFAULT_NODE.mttr),
    zone: failureRate(r?.zone?.mtbf ?? DEFAULT_ZONE.mtbf, r?.zone?.mttr ?? DEFAULT_ZONE.mttr),
    detectionMs: r?.detection ?? DEFAULT_DETECTION_MS,
    manualFailoverMs: r?.manualFailover ?? DEFAULT_MANUAL_FAILOVER_MS,
  };
}

/** A component's node failure process: its own `reliability` over the file's; undefined when it declares its availability as a whole. */
export function nodeRateOf(node: ComponentNode, file: FileFigures): FailureRate | undefined {
  const r = reliabilityOf(node);
  if (r?.availability !== undefined) return undefined;
  return r?.mtbf === undefined && r?.mttr === undefined ? file.node : failureRate(r.mtbf ?? file.node.mtbf, r.mttr ?? file.node.mttr);
}

/** The availability a component declares for itself as a whole, if it does. */
export function declaredAvailability(node: ComponentNode): number | undefined {
  return reliabilityOf(node)?.availability;
}

/**
 * A component's `reliability` block: read as a property, undefined on a kind
 * without one, rather than tested with `in` (a generic lookup on data objects
 * of eight shapes, asked of every component a path reaches).
 */
function reliabilityOf(node: ComponentNode): ComponentReliabilityData | undefined {
  return (node.data as { reliability?: ComponentReliabilityData }).reliability;
}

/** How a store's primary is replaced, and how long that takes. */
export interface Failover {
  mode: 'automatic' | 'manual' | 'none';
  /** Detection plus promotion; 0 with mode "none". */
  ms: number;
  /** Whether the file declares the figures it is made of. */
  declared: boolean;
}

/** The failover of a replication block: declared detection and promotion, or the defaults of its mode. */
export function failoverOf(rep: ReplicationData, file: FileFigures): Failover {
  const f = rep.failover;
  if (!f || f.mode === 'none') return { mode: 'none', ms: 0, declared: f !== undefined };
  if (f.mode === 'manual') {
    const declared = f.detection !== undefined || f.promotion !== undefined;
    return { mode: 'manual', ms: declared ? (f.detection ?? 0) + (f.promotion ?? 0) : file.manualFailoverMs, declared };
  }
  return { mode: 'automatic', ms: (f.detection ?? ASSUMED_DETECTION_MS) + (f.promotion ?? ASSUMED_PROMOTION_MS), declared: f.detection !== undefined && f.promotion !== undefined };
}

/**
 * How long a dead instance of a pool keeps receiving a caller's requests:
 * a balancer's health check (unhealthyThreshold × interval + timeout), the
 * whole repair without one, and the file's detection figure for a caller
 * that is not a balancer (service discovery, client-side balancing).
 */
export function detectionMs(caller: ComponentNode, file: FileFigures): number {
  const d = caller.data;
  if (d.kind !== 'loadBalancer') return file.detectionMs;
  const hc = d.healthCheck;
  return hc ? hc.unhealthyThreshold * hc.interval + (hc.timeout ?? 0) : Infinity;
}
