/**
 * multi-leader-conflicts: several leaders accept writes, and nothing says
 * what happens when two of them accept different writes to the same key.
 * Which policy fits (last-write-wins, CRDTs, an application merge) is a
 * design decision, so there is no quick fix; the docs page weighs them.
 */
import type { JsonPath, RelatedLocation } from '../../findings';
import { DEFAULT_LEADERS } from '../../model/nodeCounts';
import { num } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { replicationOf } from '../../model/replicationLag';

/** The rule. */
export const multi_leader_conflicts: Rule = {
  id: 'multi-leader-conflicts',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const node of ctx.topology.components.values()) {
      const rep = replicationOf(node.data);
      if (!rep || rep.topology !== 'multiLeader') continue;
      if (rep.conflictResolution !== undefined && rep.conflictResolution !== 'none') continue;
      const leaders = rep.leaders ?? DEFAULT_LEADERS;
      if (leaders < 2) continue; // one leader takes every write: nothing can conflict
      const writes = ctx.load.loads.get(node.id)!.writes;
      const sharded = (node.data.kind === 'database' || node.data.kind === 'cache') && node.data.sharding !== undefined;

      const rp: JsonPath = [...node.path, 'replication'];
      const crPath: JsonPath = [...rp, 'conflictResolution'];
      const declaredNone = rep.conflictResolution === 'none';
      const path: JsonPath = declaredNone ? crPath : [...rp, 'topology'];
      const related: RelatedLocation[] = [];
      const leadersRange = ctx.locator.valueRange([...rp, 'leaders']);
      if (leadersRange) related.push({ message: `${leaders} leaders, each accepting writes`, path: [...rp, 'leaders'], range: leadersRange });
      if (declaredNone) related.push({ message: 'multi-leader: every leader accepts writes', path: [...rp, 'topology'], range: ctx.locator.valueRange([...rp, 'topology'])! });

      const policy = declaredNone ? 'conflictResolution "none"' : 'no conflict resolution';
      out.push({
        message: `${node.id} has ${leaders} leaders${sharded ? ' per shard' : ''} accepting writes${writes > 0 && Number.isFinite(writes) ? ` (${num(writes)} writes/s)` : ''} with ${policy}: concurrent writes to one key leave the leaders diverged for good`,
        path,
        range: ctx.locator.valueRange(path)!,
        related,
        data: { leaders, conflictResolution: rep.conflictResolution ?? 'undeclared', ...(Number.isFinite(writes) ? { writesPerSecond: writes } : {}) },
      });
    }
    return out;
  },
};
