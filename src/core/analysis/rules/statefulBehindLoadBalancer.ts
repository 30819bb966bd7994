/**
 * stateful-behind-load-balancer: a service keeping sessions in its own memory
 * behind a balancer that spreads one user's requests over several instances.
 * Without stickiness most requests miss the session; with it, a dead instance
 * logs out its users and the pinned users skew the load.
 */
import type { Fix, JsonPath, RelatedLocation, TextEdit } from '../../findings';
import type { ComponentNode } from '../../model/topology';
import { appendItemEdit, setPropertyEdit } from '../edits';
import { num, pct, plural } from '../../text/format';
import type { Rule, RuleContext, RuleFinding } from '../rule';
import { DEFAULT_REPLICATION } from './singlePointOfFailure';
import { possessive } from '../../text/possessive';

/** The rule. */
export const stateful_behind_load_balancer: Rule = {
  id: 'stateful-behind-load-balancer',
  run(ctx) {
    const out: RuleFinding[] = [];
    let store: string | null | undefined; // the session store a fix names, found on first need
    for (const svc of ctx.topology.components.values()) {
      if (svc.data.kind !== 'service' || svc.data.state !== 'local' || svc.instances < 2) continue;
      const balancers = distinct(svc.callers.map((e) => ctx.topology.components.get(e.from)!).filter((c) => c.kind === 'loadBalancer'));
      if (balancers.length === 0) continue;
      const spreading = balancers.filter((lb) => !pins(lb));
      const n = svc.instances;
      const statePath: JsonPath = [...svc.path, 'state'];
      const users = ctx.topology.file.workload.users;
      const f: RuleFinding = {
        message: '',
        path: statePath,
        range: ctx.locator.valueRange(statePath) ?? ctx.locator.keyRange(svc.path)!,
        related: (spreading.length > 0 ? spreading : balancers).map((lb) => balancerLocation(ctx, lb, svc.id)),
        data: { instances: n },
      };
      if (spreading.length > 0) {
        f.message = `requests of one user land on ${possessive(svc.id)} ${plural(n, 'instance')} in turn: a session kept in local memory is missing on ${num(n - 1)} of every ${num(n)} requests`;
        f.data!.missingShare = (n - 1) / n;
      } else {
        const lost = users !== undefined ? ` (${num(users / n)} of ${num(users)})` : '';
        f.severity = 'warning';
        f.message = `when one of ${possessive(svc.id)} ${plural(n, 'instance')} dies, its ${pct(1 / n)} of users${lost} lose their sessions; stickiness also skews load`;
        f.data!.lostShare = 1 / n;
        if (users !== undefined) f.data!.usersLoggedOut = users / n;
      }
      if (store === undefined) store = sessionStoreCandidate(ctx) ?? null;
      const fix = store !== null ? externalStateFix(ctx, svc, store) : newStoreFix(ctx, svc);
      if (fix) f.fixes = [fix];
      out.push(f);
    }
    return out;
  },
};

/** True when the balancer keeps a user on one backend: sticky sessions, or consistent hashing of the request. */
function pins(lb: ComponentNode): boolean {
  return lb.data.kind === 'loadBalancer' && (lb.data.stickySessions || lb.data.algorithm === 'consistentHash');
}

function distinct(cs: ComponentNode[]): ComponentNode[] {
  return [...new Set(cs)];
}

/** The balancer's stickySessions value when declared, else its id. */
function balancerLocation(ctx: RuleContext, lb: ComponentNode, svc: string): RelatedLocation {
  const sticky = [...lb.path, 'stickySessions'];
  const node = ctx.locator.value(sticky);
  const message = pins(lb) ? `${lb.id} pins each user to one instance of ${svc}` : `${lb.id} spreads each user's requests over ${possessive(svc)} instances`;
  return node
    ? { message, path: sticky, range: { offset: node.offset, length: node.length } }
    : { message, path: lb.path, range: ctx.locator.keyRange(lb.path)! };
}

/** A cache to keep sessions in: one already used as a session store, else one named like it, else the first cache. */
function sessionStoreCandidate(ctx: RuleContext): string | undefined {
  let named: string | undefined;
  let first: string | undefined;
  for (const c of ctx.topology.components.values()) {
    if (c.data.kind === 'service' && c.data.sessionStore !== undefined && ctx.topology.components.get(c.data.sessionStore)?.kind === 'cache') return c.data.sessionStore;
    if (c.kind !== 'cache') continue;
    first ??= c.id;
    if (named === undefined && /session/i.test(c.id)) named = c.id;
  }
  return named ?? first;
}

/** Sets state to "external" and names the session store. */
function externalStateFix(ctx: RuleContext, svc: ComponentNode, store: string): Fix | undefined {
  const state = setPropertyEdit(ctx.locator, ctx.text, svc.path, 'state', 'external');
  const ref = setPropertyEdit(ctx.locator, ctx.text, svc.path, 'sessionStore', store);
  if (!state || !ref) return undefined;
  const edits: TextEdit[] = [state, ref];
  return { title: `Keep ${possessive(svc.id)} sessions in ${store}`, edits, preferred: true };
}

/** The id the session store a fix adds takes, when no component has it (else the first free "sessions-2", "sessions-3", ...). */
const NEW_STORE_ID = 'sessions';

/**
 * With no cache to keep sessions in: adds one, replicated as the
 * single-point-of-failure fix replicates a database (two semi-sync replicas,
 * automatic failover), so that the store every request now reads does not
 * become a single point of failure or lose sessions on failover; the service
 * keeps its state there and calls it.
 */
function newStoreFix(ctx: RuleContext, svc: ComponentNode): Fix | undefined {
  const id = freeId(ctx, NEW_STORE_ID);
  const store = { kind: 'cache', description: `Session state of ${svc.id}, shared by its instances`, replication: DEFAULT_REPLICATION };
  const calls = ctx.locator.value([...svc.path, 'calls'])
    ? appendItemEdit(ctx.locator, ctx.text, [...svc.path, 'calls'], id)
    : setPropertyEdit(ctx.locator, ctx.text, svc.path, 'calls', [id]);
  const edits = [
    setPropertyEdit(ctx.locator, ctx.text, svc.path, 'state', 'external'),
    setPropertyEdit(ctx.locator, ctx.text, svc.path, 'sessionStore', id),
    calls,
    setPropertyEdit(ctx.locator, ctx.text, ['components'], id, store),
  ];
  if (edits.some((e) => !e)) return undefined;
  return { title: `Keep ${possessive(svc.id)} sessions in a new cache "${id}" (2 semi-sync replicas, automatic failover)`, edits: edits as TextEdit[], preferred: true };
}

/** `base`, or `base-2`, `base-3`, ...: the first id no component declares, valid or not. */
function freeId(ctx: RuleContext, base: string): string {
  const taken = (id: string) => ctx.topology.components.has(id) || ctx.topology.invalidComponents.has(id);
  if (!taken(base)) return base;
  let k = 2;
  while (taken(`${base}-${k}`)) k++;
  return `${base}-${k}`;
}
