/**
 * sync-replication-availability: a leader that waits for its only replica
 * before acknowledging a write (sync, or semi-sync that never falls back)
 * makes that replica a dependency of every write: when it is down or slow,
 * writes stop. More sync replicas make it worse (every one must answer);
 * semi-sync over two replicas waits for the first of them.
 */
import type { Fix, JsonPath, TextEdit } from '../../findings';
import type { ComponentData } from '../../model/schema';
import type { ComponentNode } from '../../model/topology';
import { setPropertyEdit } from '../edits';
import { num, pct, plural } from '../../text/format';
import type { Rule, RuleContext, RuleFinding } from '../rule';
import { utilizationWithReadsOnPrimaries } from '../ruleContext';
import { primariesOf } from './asyncFailoverDataLoss';
import { replicationOf } from '../../model/replicationLag';
import { CAPACITY_WARNING, reaches } from '../../model/loadThresholds';

/** The rule. */
export const sync_replication_availability: Rule = {
  id: 'sync-replication-availability',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const node of ctx.topology.components.values()) {
      const rep = replicationOf(node.data);
      if (!rep || rep.topology === 'leaderless' || rep.replicas !== 1) continue;
      const semiSync = rep.mode === 'semiSync' && rep.semiSyncTimeout === undefined;
      if (rep.mode !== 'sync' && !semiSync) continue;
      const writes = ctx.load.loads.get(node.id)!.writes;
      if (!(writes > 0) || !Number.isFinite(writes)) continue; // no writes reach it at peak: nothing to stop
      const leaders = primariesOf(node);

      const rp: JsonPath = [...node.path, 'replication'];
      const path: JsonPath = [...rp, 'replicas'];
      const how = semiSync
        ? `semi-sync replication with no timeout and 1 replica${leaders > 1 ? ' per leader' : ''}, so every write waits for it`
        : `sync replication to 1 replica${leaders > 1 ? ' per leader' : ''}`;
      const what = leaders > 1
        ? `when one of its ${plural(leaders, 'replica')} is down or slow, its leader's ${num(writes / leaders)} writes/s (1/${num(leaders)} of ${num(writes)}) stop`
        : `when that replica is down or slow, all ${num(writes)} writes/s stop`;
      const modePath: JsonPath = [...rp, 'mode'];
      // The fix moves reads to the primary when it leaves sync: that may be more than the primary can take.
      const after = !semiSync && readsMoveToPrimary(node.data) ? utilizationWithReadsOnPrimaries(ctx, node) : undefined;
      const overload = after !== undefined && reaches(after, CAPACITY_WARNING) ? ` (it then takes every read: ${pct(after)} of its capacity)` : '';
      out.push({
        message: `${node.id} uses ${how}: ${what}${overload ? `; semi-sync replicas can lag, so reads would move to the primary, putting it at ${pct(after!)} of its capacity` : ''}`,
        path,
        range: ctx.locator.valueRange(path)!,
        related: [{
          message: semiSync ? 'semi-sync without semiSyncTimeout waits for a replica\'s acknowledgement however long it takes' : 'sync: a write is acknowledged only once every replica has it',
          path: modePath,
          range: ctx.locator.valueRange(modePath)!,
        }],
        fixes: fixOf(ctx, rp, node, semiSync, overload),
        data: { replicas: 1, mode: rep.mode, writesPerSecond: writes, leaders, blockedWritesPerSecond: writes / leaders },
      });
    }
    return out;
  },
};

/**
 * Semi-sync over 2 replicas: a write waits for the first of the two, so one
 * replica's outage no longer blocks writes and failover still promotes a
 * replica holding every acknowledged write. Moving from sync, the replica
 * that did not acknowledge may lag, so a store that promises strong or
 * read-your-writes reads and reads from replicas is moved to the primary
 * (otherwise the fix would trade this finding for a stale-read error).
 */
function fixOf(ctx: RuleContext, rp: JsonPath, node: ComponentNode, alreadySemiSync: boolean, overload: string): Fix[] {
  const edits: (TextEdit | undefined)[] = [setPropertyEdit(ctx.locator, ctx.text, rp, 'replicas', 2)];
  let title = 'Add a second replica (semi-sync waits for the first of the two)';
  if (!alreadySemiSync) {
    edits.push(setPropertyEdit(ctx.locator, ctx.text, rp, 'mode', 'semiSync'));
    title = 'Use semi-sync with 2 replicas (a write waits for the first of the two)';
    if (readsMoveToPrimary(node.data)) {
      edits.push(setPropertyEdit(ctx.locator, ctx.text, rp, 'readsFrom', 'primary'));
      title += `, reading from the primary${overload}`;
    }
  }
  if (edits.some((e) => e === undefined)) return [];
  return [{ title, edits: edits as TextEdit[], preferred: overload === '' }];
}

/** True when moving from sync to semi-sync must move reads to the primary: the store promises reads that a lagging replica would break. */
function readsMoveToPrimary(c: ComponentData): boolean {
  return c.kind === 'database' && (c.consistency === 'strong' || c.consistency === 'readYourWrites') && (c.replication?.readsFrom === 'replicas' || c.replication?.readsFrom === 'any');
}
