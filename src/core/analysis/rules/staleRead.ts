/**
 * stale-read: a store that promises strong or read-your-writes consistency
 * but serves reads from replicas that apply writes after the primary
 * acknowledged them (async, or semi-sync: one replica has received the write,
 * none has to have applied it). Sync replicas hold every acknowledged write;
 * leaderless quorums are quorum-consistency's concern.
 */
import type { JsonPath, RelatedLocation } from '../../findings';
import { replaceValueFix } from '../edits';
import { num, pct } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { utilizationWithReadsOnPrimaries } from '../ruleContext';
import { msText as ms } from '../../model/duration';
import { lagOf } from '../../model/replicationLag';
import { CAPACITY_WARNING, reaches } from '../../model/loadThresholds';

/** How each promise reads in a message. */
const PROMISE: Readonly<Record<string, string>> = { strong: 'strong', readYourWrites: 'read-your-writes' };

/** The rule. */
export const stale_read: Rule = {
  id: 'stale-read',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const node of ctx.topology.components.values()) {
      const c = node.data;
      // Databases are the stores that declare a consistency (default strong).
      if (c.kind !== 'database' || !c.replication) continue;
      const rep = c.replication;
      if (c.consistency !== 'strong' && c.consistency !== 'readYourWrites') continue;
      if (rep.topology === 'leaderless' || rep.replicas < 1 || rep.mode === 'sync') continue;
      if (rep.readsFrom !== 'replicas' && rep.readsFrom !== 'any') continue;
      const reads = ctx.load.loads.get(node.id)!.reads;
      if (!(reads > 0) || !Number.isFinite(reads)) continue; // nothing reads it at peak
      const staleShare = rep.readsFrom === 'replicas' ? 1 : rep.replicas / (rep.replicas + 1);
      const lag = lagOf(rep);

      const rp: JsonPath = [...node.path, 'replication'];
      const path: JsonPath = [...rp, 'readsFrom'];
      const consistencyPath: JsonPath = [...node.path, 'consistency'];
      const declared = ctx.locator.value(consistencyPath) !== undefined;
      const promise = declared ? `is declared ${PROMISE[c.consistency]}` : 'is strong by default (no consistency declared)';
      const served = rep.readsFrom === 'replicas'
        ? `serves its ${num(reads)} reads/s`
        : `serves ${num(reads * staleShare)} of its ${num(reads)} reads/s (readsFrom "any": ${rep.replicas} of every ${rep.replicas + 1} nodes)`;
      const kind = rep.mode === 'async' ? 'async' : 'semi-sync';
      const lagText = lag.assumed ? `up to ${ms(lag.p99)} (p99, assumed: no lag declared)` : `up to ${ms(lag.p99)} (p99)`;
      const broken = c.consistency === 'strong' ? 'a read right after a write can miss it' : 'a user who just wrote can read the old value back';

      const related: RelatedLocation[] = [declared
        ? { message: `declared ${PROMISE[c.consistency]}`, path: consistencyPath, range: ctx.locator.valueRange(consistencyPath)! }
        : { message: 'no consistency declared: databases default to strong', path: node.path, range: ctx.locator.keyRange(node.path)! }];
      const modePath: JsonPath = [...rp, 'mode'];
      const modeRange = ctx.locator.valueRange(modePath);
      related.push(modeRange
        ? { message: `${kind} replication: replicas apply a write after the primary acknowledges it`, path: modePath, range: modeRange }
        : { message: 'replication is async by default: replicas apply a write after the primary acknowledges it', path: rp, range: ctx.locator.keyRange(rp)! });

      // Reads moved to the primary may be more than it can take: the fix and the message say so.
      const after = utilizationWithReadsOnPrimaries(ctx, node);
      const overload = after !== undefined && reaches(after, CAPACITY_WARNING) ? ` (it then takes every read: ${pct(after)} of its capacity)` : '';
      out.push({
        message: `${node.id} ${promise} but ${served} from ${kind} replicas lagging ${lagText}: ${broken}${overload ? `; reading from the primary instead would put it at ${pct(after!)} of its capacity` : ''}`,
        path,
        range: ctx.locator.valueRange(path)!,
        related,
        fixes: replaceValueFix(`Read from the primary${overload}`, ctx.locator, path, 'primary').map((f) => ({ ...f, preferred: overload === '' })),
        data: { consistency: c.consistency, readsPerSecond: reads, staleReadsPerSecond: reads * staleShare, mode: rep.mode, lagP99Ms: lag.p99, lagAssumed: lag.assumed },
      });
    }
    return out;
  },
};
