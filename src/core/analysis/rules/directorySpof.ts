/**
 * directory-spof: with directory-based sharding every request looks its key up
 * in the directory first, so a directory with one instance (and no replica
 * that takes over by itself) takes every shard down with it.
 */
import { setPropertyFix } from '../edits';
import { num, plural } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { instancesPath } from '../ruleContext';
import { type ShardedStore, shardedStores } from '../../load/shardLoad';
import { possessive } from '../../text/possessive';

/** The rule. */
export const directory_spof: Rule = {
  id: 'directory-spof',
  run(ctx) {
    const out: RuleFinding[] = [];
    // One finding per directory, naming every store that depends on it.
    const byDirectory = new Map<string, ShardedStore[]>();
    for (const store of shardedStores(ctx.topology)) {
      const id = store.sharding.strategy === 'directory' ? store.sharding.directory : undefined;
      if (id === undefined) continue;
      const list = byDirectory.get(id);
      if (list) list.push(store);
      else byDirectory.set(id, [store]);
    }
    for (const [id, stores] of byDirectory) {
      const dir = ctx.topology.components.get(id);
      if (!dir || dir.data.kind !== 'directory' || dir.instances !== 1) continue;
      const rep = dir.data.replication;
      if (rep && rep.replicas > 0 && rep.failover?.mode === 'automatic') continue;
      const shards = stores.reduce((n, s) => n + s.sharding.shards, 0);
      const rps = stores.reduce((n, s) => {
        const load = ctx.load.loads.get(s.node.id)!;
        return n + load.reads + load.writes;
      }, 0);
      const names = stores.map((s) => s.node.id);
      const lookups = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      const replica = rep && rep.replicas > 0 ? ` (its ${plural(rep.replicas, 'replica')} ${rep.replicas === 1 ? 'does' : 'do'} not take over by itself)` : '';
      const path = instancesPath(ctx, id);
      out.push({
        message: `every lookup of ${lookups} goes through ${possessive(id)} 1 instance${replica}: when it dies, all ${num(shards)} shards are unreachable (${num(rps)} rps)`,
        path,
        range: path.length === 3 ? ctx.locator.valueRange(path)! : ctx.locator.keyRange(path)!,
        related: stores.map((s) => ({
          message: `${s.node.id} is sharded through ${id}`,
          path: [...s.path, 'directory'],
          range: ctx.locator.valueRange([...s.path, 'directory'])!,
        })),
        fixes: setPropertyFix(`Run 2 instances of ${id}`, ctx.locator, ctx.text, dir.path, 'instances', 2),
        data: { instances: 1, stores: names.length, shards, rps },
      });
    }
    return out;
  },
};
