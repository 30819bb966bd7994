/**
 * Headroom held against a growth target: each component in saturation order
 * with its verdict at the target and, where it needs one, its move. The
 * headroom rule reads the components short of the target; `scale headroom`
 * prints them all.
 */
import type { Topology } from '../model/topology';
import { type GrowthMove, MovePlanner, type Verdict, verdictAt } from './growthMoves';
import { type Headroom, headroomOf, type Saturation } from './headroom';
import type { TrafficModel } from './traffic';

/** A component's saturation, judged at the target. */
export interface PlannedSaturation extends Saturation {
  /** Its busiest node's utilization of the binding resource at the target. */
  atTarget: number;
  verdict: Verdict;
  /** The move, for the verdicts it was asked for. */
  move?: GrowthMove;
}

/** The saturation order held against a target. */
export interface HeadroomPlan extends Omit<Headroom, 'order'> {
  target: number;
  order: PlannedSaturation[];
}

/** The headroom of a topology at `target`, with moves sized for the components whose verdict is in `movesFor`. */
export function headroomPlan(topology: Topology, load: TrafficModel, target: number, movesFor: readonly Verdict[] = ['short', 'tight']): HeadroomPlan {
  const h = headroomOf(topology, load);
  const planner = new MovePlanner(topology, load, target);
  const order = h.order.map((s): PlannedSaturation => {
    const verdict = verdictAt(s.utilization, target);
    // Copied field by field: an object spread here costs more than the whole headroom computation.
    const planned: PlannedSaturation = {
      id: s.id, resource: s.resource, utilization: s.utilization, multiple: s.multiple, method: s.method,
      busiestNode: s.busiestNode, busiestNodeRps: s.busiestNodeRps, atTarget: target * s.utilization, verdict,
    };
    if (s.busiestShard) planned.busiestShard = s.busiestShard;
    if (s.busiestWeight) planned.busiestWeight = s.busiestWeight;
    if (movesFor.includes(verdict)) planned.move = planner.moveFor(s);
    return planned;
  });
  return { ...h, target, order };
}
