/**
 * async-failover-data-loss: a single-leader store that acknowledges writes
 * before any replica has them (async, or semi-sync allowed to fall back to
 * async) and promotes a replica automatically. The writes inside the
 * replication lag window at the moment the primary dies were acknowledged
 * and are gone: about write rate per primary x mean lag, every failover.
 */
import type { Fix, JsonPath, TextEdit } from '../../findings';
import { msText as ms } from '../../model/duration';
import { nodeCountsOf } from '../../model/nodeCounts';
import type { ReplicationData } from '../../model/schema';
import type { ComponentNode } from '../../model/topology';
import { lagOf, losesWritesOnFailover, replicationOf } from '../../model/replicationLag';
import { removePropertyEdit, setPropertyEdit } from '../edits';
import { expectedCount, num, plural } from '../../text/format';
import type { Rule, RuleContext, RuleFinding } from '../rule';

/** Nodes of a store that accept writes: one primary per shard (else per instance), every leader of a multi-leader store. */
export function primariesOf(node: ComponentNode): number {
  return nodeCountsOf(node.data).primaries;
}


/** The rule. */
export const async_failover_data_loss: Rule = {
  id: 'async-failover-data-loss',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const node of ctx.topology.components.values()) {
      const rep = replicationOf(node.data);
      if (!rep || rep.topology !== 'singleLeader' || rep.replicas < 1 || rep.failover?.mode !== 'automatic') continue;
      if (!losesWritesOnFailover(rep)) continue;
      const degrades = rep.mode === 'semiSync';
      const storeWrites = ctx.load.loads.get(node.id)!.writes;
      const primaries = primariesOf(node);
      const perPrimary = storeWrites / primaries;
      const lag = lagOf(rep);
      const lost = (perPrimary * lag.mean) / 1000;
      // No writes at peak, or a declared lag of 0: nothing acknowledged is at risk. A non-finite rate
      // (a load model overflowed by absurd fan-outs) gives no figure worth printing.
      if (!(lost > 0) || !Number.isFinite(lost)) continue;

      const rp: JsonPath = [...node.path, 'replication'];
      const modePath: JsonPath = [...rp, 'mode'];
      const modeDeclared = ctx.locator.value(modePath) !== undefined;
      const path = modeDeclared ? modePath : rp;
      const range = modeDeclared ? ctx.locator.valueRange(modePath)! : ctx.locator.keyRange(rp)!;

      const notes = [
        ...(primaries > 1 ? [`${num(storeWrites)} writes/s over ${plural(primaries, 'primary', 'primaries')}`] : []),
        ...(lag.assumed ? [`assumed lag, as none is declared: p50 ${ms(lag.p50)}, p99 ${ms(lag.p99)}`] : []),
      ];
      const formula = `${num(perPrimary)} writes/s${primaries > 1 ? ' per primary' : ''} × ${ms(lag.mean)} mean lag${notes.map((n) => `; ${n}`).join('')}`;
      const count = expectedCount(lost);
      const loss = `about ${count} acknowledged ${count === '1' ? 'write' : 'writes'} (${formula}) each time ${primaries > 1 ? 'a' : 'the'} primary dies`;
      const message = degrades
        ? `${node.id} is semi-sync with a ${ms(rep.semiSyncTimeout!)} timeout, so it falls back to async whenever no replica acknowledges in time; then failover can lose ${loss}`
        : `async failover of ${node.id} can lose ${loss}`;

      const failoverModePath: JsonPath = [...rp, 'failover', 'mode'];
      const related = [{ message: 'failover is automatic: a lagging replica is promoted without anyone deciding to accept the loss', path: failoverModePath, range: ctx.locator.valueRange(failoverModePath)! }];
      if (degrades) {
        const tp: JsonPath = [...rp, 'semiSyncTimeout'];
        related.push({ message: 'after this long without a replica\'s acknowledgement, writes are acknowledged by the primary alone', path: tp, range: ctx.locator.valueRange(tp)! });
      }

      const data: Record<string, number | string | boolean> = {
        expectedLostWrites: lost,
        writesPerSecondPerPrimary: perPrimary,
        storeWritesPerSecond: storeWrites,
        primaries,
        meanLagMs: lag.mean,
        lagP50Ms: lag.p50,
        lagP99Ms: lag.p99,
        lagAssumed: lag.assumed,
        mode: rep.mode,
      };
      if (degrades) data.semiSyncTimeoutMs = rep.semiSyncTimeout!;
      out.push({ message, path, range, related, fixes: semiSyncFix(ctx, rp, rep, degrades), data });
    }
    return out;
  },
};

/**
 * Semi-sync without a timeout: a write is acknowledged once a replica has it,
 * and failover promotes that replica, so nothing acknowledged is lost. With a
 * single replica that would make its outage stop all writes (what
 * sync-replication-availability reports), so the fix also asks for a second.
 */
function semiSyncFix(ctx: RuleContext, rp: JsonPath, rep: ReplicationData, degrades: boolean): Fix[] {
  const edits = noLossEdits(ctx, rp, rep);
  if (!edits) return [];
  const more = rep.replicas === 1 ? ', with 2 replicas' : '';
  const title = degrades
    ? `Never fall back to async: remove semiSyncTimeout${more}`
    : `Acknowledge writes once a replica has them: use semi-sync${more}`;
  return [{ title, edits, preferred: true }];
}

/**
 * The edits that make a single-leader store's failover lose no acknowledged
 * write without making one replica a dependency of every write: semi-sync
 * (never falling back to async), over at least two replicas. Undefined when
 * the replication block cannot be edited.
 */
export function noLossEdits(ctx: RuleContext, rp: JsonPath, rep: ReplicationData): TextEdit[] | undefined {
  const edits: (TextEdit | undefined)[] = [];
  if (rep.mode === 'async') edits.push(setPropertyEdit(ctx.locator, ctx.text, rp, 'mode', 'semiSync'));
  if (rep.mode === 'semiSync' && rep.semiSyncTimeout !== undefined) edits.push(removePropertyEdit(ctx.locator, [...rp, 'semiSyncTimeout']));
  if (rep.replicas < 2) edits.push(setPropertyEdit(ctx.locator, ctx.text, rp, 'replicas', 2));
  return edits.every((e) => e !== undefined) ? edits as TextEdit[] : undefined;
}

