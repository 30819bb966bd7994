/**
 * The resolved topology: components by id (a Map, so any id is safe), the
 * call graph with its edges, the entry points, and the scenarios with their
 * fault targets resolved. Resolution reports references that name nothing
 * (`unknown-reference`, with did-you-mean fixes) and the cross-field rules of
 * the format that zod's per-field checks do not express (`schema`).
 */
import type { FindingCap } from '../findingCap';
import type { Finding, Fix, JsonPath, TextRange } from '../findings';
import { didYouMean } from '../text/didYouMean';
import { quoted, splitInvisible } from '../text/invisible';
import type { ComponentOrigin, ImportedParts } from './imports';
import type { NodeLocator } from './locate';
import { nodeCountsOf } from './nodeCounts';
import { failureDomainsOf, regionOfZone } from './placement';
import { pathKey, textFlaw, unseenNote } from './parse';
import { type ComponentData, type ComponentKind, type FaultData, ID_PATTERN, type ScaleFileData, type ScenarioData } from './schema';

/** A component with its id and where it is declared. */
export interface ComponentNode {
  id: string;
  kind: ComponentKind;
  data: ComponentData;
  /** Instances as node counts define them: a store's primaries (see `nodeCountsOf`); 1 for a client. */
  instances: number;
  path: JsonPath;
  /** Outgoing calls that resolve to a valid component. */
  calls: Edge[];
  /** Incoming calls. */
  callers: Edge[];
  /** Where an imported component comes from; its `path` is in that file. Absent for the file's own components. */
  origin?: ComponentOrigin;
}

/** A resolved call from one component to another. */
export interface Edge {
  from: string;
  to: string;
  share: number;
  fanout: number;
  op: 'read' | 'write' | 'mixed';
  async: boolean;
  /** Path of the call entry in the file. */
  path: JsonPath;
}

/** What a fault acts on, resolved. */
export interface FaultTarget {
  component: string;
  /** The instance index, or undefined for the component's first instance (a store's primary). */
  instance: number | undefined;
}

/** A failure domain a kill or restore acts on, declared by some component. */
export interface FaultPlace {
  kind: 'zone' | 'region';
  name: string;
}

/** A scenario with its faults' targets resolved. */
export interface ScenarioNode {
  index: number;
  data: ScenarioData;
  path: JsonPath;
  /** `target`: the instance a fault names; `place`: the zone or region it names instead. */
  faults: { data: FaultData; path: JsonPath; target?: FaultTarget; place?: FaultPlace }[];
}

/** The analysable form of a file. */
export interface Topology {
  file: ScaleFileData;
  components: Map<string, ComponentNode>;
  edges: Edge[];
  /** Ids of the entry points: clients, or components nothing calls when there are no clients. */
  entryPoints: string[];
  scenarios: ScenarioNode[];
  /** Severity overrides from the file's `rules` section. */
  ruleSettings: Map<string, 'off' | 'info' | 'warning' | 'error'>;
  /** Declared components left out because they are invalid: analysis of what touches them is incomplete. */
  invalidComponents: Set<string>;
}

/** Parses a fault target "id" or "id#index". */
export function parseTarget(text: string): FaultTarget {
  const hash = text.lastIndexOf('#');
  if (hash > 0 && /^\d+$/.test(text.slice(hash + 1))) {
    return { component: text.slice(0, hash), instance: Number(text.slice(hash + 1)) };
  }
  return { component: text, instance: undefined };
}

/** The instances of a component as node counts define them (a store's primaries; 1 for a client). */
export function instancesOf(c: ComponentData): number {
  return nodeCountsOf(c).instances;
}

/**
 * Builds the topology; unresolved references and cross-field errors go to
 * `findings`. Every reference that names no component gets a finding at its
 * own place, unless `reported` (the `pathKey`s of values the reader reported)
 * says one is there already.
 */
export function resolveTopology(file: ScaleFileData, loc: NodeLocator, findings: FindingCap, invalidComponents: Set<string>, scenarioIndices: number[] = file.scenarios.map((_, i) => i), reported: ReadonlySet<string> = new Set(), imported?: ImportedParts): Topology {
  const components = new Map<string, ComponentNode>();
  for (const id of Object.keys(file.components)) {
    const data = file.components[id]!;
    components.set(id, { id, kind: data.kind, data, instances: instancesOf(data), path: ['components', id], calls: [], callers: [] });
  }
  for (const [id, n] of imported?.nodes ?? []) {
    components.set(id, { id, kind: n.data.kind, data: n.data, instances: n.instances, path: n.path, calls: [], callers: [], origin: n.origin });
  }
  /** The component an id of this file names: its own, or one an import names (not one that only comes as a dependency). */
  const named = (id: string): ComponentNode | undefined => {
    const n = components.get(id);
    return n && (n.origin === undefined || n.origin.nameIndex !== undefined) ? n : undefined;
  };
  // Every declared id, valid or not (in that order): built only when a reference names nothing or a partition is checked.
  let declaredIds: Set<string> | undefined;
  const declared = (): Set<string> => (declaredIds ??= new Set<string>([...[...components.keys()].filter((id) => named(id)), ...invalidComponents]));
  // Suggestions come only from valid ids (never spread a look-alike), and only for the first few
  // unknown references: each costs a pass over every id. Built on the first unknown reference.
  let suggest: Suggester | undefined;
  // Declared ids with invisible characters, by their visible form: a reference to that form is explained.
  const lookAlikes = new Map<string, string>();
  for (const id of invalidComponents) {
    const { visible, hidden } = splitInvisible(id);
    if (hidden.length > 0) lookAlikes.set(visible, id);
  }

  /** Checks that a reference names a component; reports it at its value otherwise. */
  const ref = (id: string, path: JsonPath, what: string, suffix = ''): ComponentNode | undefined => {
    const node = named(id);
    if (node) return node;
    // The reader's finding is at this very value (a control character, an unpaired surrogate): one is enough.
    if (reported.has(pathKey(path))) return undefined;
    const hidden = components.get(id)?.origin;
    if (hidden) {
      if (findings.admits('unknown-reference', rangeOf(path, loc).offset)) {
        findings.add({
          ruleId: 'unknown-reference', severity: 'error', path, range: rangeOf(path, loc),
          message: `${what} names ${quoted(id)}, which comes from ${quoted(hidden.from)} only as a dependency of what that import names: add it to the import's components to name it here`,
        });
      }
      return undefined;
    }
    const flaw = textFlaw(id, true);
    // Declared but left out for being invalid: its declaration has the finding, and nothing is simulated.
    // A reference whose own text is flawed is still reported where it is.
    if (flaw === undefined && invalidComponents.has(id)) return undefined;
    // Past the findings cap it is only counted: no suggestion is searched for.
    if (!findings.admits('unknown-reference', rangeOf(path, loc).offset)) return undefined;
    suggest ??= new Suggester([...declared()].filter((d) => ID_PATTERN.test(d)));
    findings.add(unknownRef(id, path, what, loc, suggest.closest(id), suffix, lookAlikes.get(splitInvisible(id).visible)));
    return undefined;
  };

  const edges: Edge[] = [];
  for (const node of components.values()) {
    const c = node.data;
    const calls = c.calls;
    if (calls) {
      for (let i = 0; i < calls.length; i++) {
        const call = calls[i]!;
        const to = typeof call === 'string' ? call : call.to;
        // An imported component's targets came with it (see `dependenciesOf` in imports.ts), resolved in its own file.
        // The path of the reference is built only when it names nothing.
        const target = node.origin ? components.get(to) : named(to) ?? ref(to, typeof call === 'string' ? under(node.path, 'calls', i) : under(node.path, 'calls', i, 'to'), 'calls');
        if (!target) continue;
        const edge: Edge = typeof call === 'string'
          ? { from: node.id, to, share: 1, fanout: 1, op: 'mixed', async: false, path: under(node.path, 'calls', i) }
          : { from: node.id, to, share: call.share, fanout: call.fanout, op: call.op, async: call.async, path: under(node.path, 'calls', i) };
        edges.push(edge);
        node.calls.push(edge);
        target.callers.push(edge);
      }
    }
    // Imported components were checked in their own file: only their calls are made edges here.
    if (node.origin) continue;
    if (c.kind === 'loadBalancer' && c.weights) {
      // The simulation spreads each backend's requests by these weights, instance by instance:
      // a list of another length would leave instances out or weigh instances that do not exist.
      if (c.algorithm !== 'weighted') {
        findings.add(schemaAt(`"weights" applies to algorithm "weighted", not "${c.algorithm}"`, [...node.path, 'weights'], loc, 'key'));
      } else {
        const n = c.weights.length;
        for (const backend of new Set(node.calls.map((e) => e.to))) {
          const m = components.get(backend)!.instances;
          if (m !== n) findings.add(schemaAt(`${node.id} has ${plural(n, 'weight')}, but ${backend} has ${plural(m, 'instance')}: give one weight per instance`, [...node.path, 'weights'], loc));
        }
      }
    }
    if (c.kind === 'service') {
      if (c.sessionStore !== undefined && !named(c.sessionStore)) ref(c.sessionStore, [...node.path, 'sessionStore'], 'sessionStore');
      if (c.state === 'external' && c.sessionStore === undefined) {
        findings.add(schemaAt(`${node.id} keeps state in an external store but names none: add "sessionStore"`, [...node.path, 'state'], loc));
      }
      if (c.sessionStore !== undefined && c.state !== 'external') {
        findings.add(schemaAt(`"sessionStore" applies when state is "external"; ${node.id} has state "${c.state}"`, [...node.path, 'sessionStore'], loc, 'key'));
      }
    }
    if (c.kind === 'cache' && c.fronts !== undefined && !named(c.fronts)) ref(c.fronts, [...node.path, 'fronts'], 'fronts');
    if ((c.kind === 'cache' || c.kind === 'database') && c.sharding) {
      const s = c.sharding;
      if (s.strategy === 'directory') {
        if (s.directory === undefined) findings.add(schemaAt(`Directory sharding needs "directory": the component that maps keys to shards`, under(node.path, 'sharding', 'strategy'), loc));
        else {
          const d = named(s.directory) ?? ref(s.directory, under(node.path, 'sharding', 'directory'), 'sharding.directory');
          if (d && d.kind !== 'directory') findings.add(schemaAt(`"${s.directory}" is a ${d.kind}, not a directory`, under(node.path, 'sharding', 'directory'), loc));
        }
      } else if (s.directory !== undefined) {
        findings.add(schemaAt(`"directory" applies to strategy "directory", not "${s.strategy}"`, under(node.path, 'sharding', 'directory'), loc, 'key'));
      }
      if (s.vnodes !== undefined && s.strategy !== 'consistentHash') {
        findings.add(schemaAt(`"vnodes" applies to strategy "consistentHash", not "${s.strategy}"`, under(node.path, 'sharding', 'vnodes'), loc, 'key'));
      }
      if (s.strategy === 'geographic' && s.regions === undefined) {
        findings.add(schemaAt('Geographic sharding needs "regions": where the shards are placed', under(node.path, 'sharding', 'strategy'), loc));
      }
    }
    if ((c.kind === 'cache' || c.kind === 'database' || c.kind === 'queue' || c.kind === 'directory') && c.replication) {
      const r = c.replication;
      if (r.topology === 'leaderless' && r.quorum === undefined) {
        findings.add(schemaAt('A leaderless store needs "quorum": { "n", "r", "w" }', under(node.path, 'replication', 'topology'), loc));
      }
      if (r.quorum) {
        for (const k of ['r', 'w'] as const) {
          if (r.quorum[k] > r.quorum.n) findings.add(schemaAt(`quorum.${k} = ${r.quorum[k]} is more than n = ${r.quorum.n} replicas`, under(node.path, 'replication', 'quorum', k), loc));
        }
        if (r.topology !== 'leaderless') findings.add(schemaAt(`"quorum" applies to topology "leaderless", not "${r.topology}"`, under(node.path, 'replication', 'quorum'), loc, 'key'));
      }
      if (r.leaders !== undefined && r.topology !== 'multiLeader') {
        findings.add(schemaAt(`"leaders" applies to topology "multiLeader", not "${r.topology}"`, under(node.path, 'replication', 'leaders'), loc, 'key'));
      }
      if (r.lag && r.lag.p99 < r.lag.p50) {
        findings.add(schemaAt(`lag.p99 (${r.lag.p99} ms) is below lag.p50 (${r.lag.p50} ms)`, under(node.path, 'replication', 'lag', 'p99'), loc));
      }
      if (r.semiSyncTimeout !== undefined && r.mode !== 'semiSync') {
        findings.add(schemaAt(`"semiSyncTimeout" applies to mode "semiSync", not "${r.mode}"`, under(node.path, 'replication', 'semiSyncTimeout'), loc, 'key'));
      }
    }
  }

  // Call lists grown by push keep room for 17: keep them at their length (a check holds them to its end).
  for (const node of components.values()) {
    if (node.calls.length > 0) node.calls = node.calls.slice();
    if (node.callers.length > 0) node.callers = node.callers.slice();
  }

  // Entry points: clients; without clients, the components nothing calls and nothing reaches by reference
  // (a session store, a store a cache fronts and a shard directory receive their load through those references).
  const clients = [...components.values()].filter((c) => c.kind === 'client').map((c) => c.id);
  const referenced = new Set<string>();
  for (const c of components.values()) {
    const d = c.data;
    if (d.kind === 'service' && d.sessionStore) referenced.add(d.sessionStore);
    if (d.kind === 'cache' && d.fronts) referenced.add(d.fronts);
    if ((d.kind === 'cache' || d.kind === 'database') && d.sharding?.directory) referenced.add(d.sharding.directory);
  }
  const entryPoints = clients.length > 0
    ? clients
    : [...components.values()].filter((c) => c.callers.length === 0 && !referenced.has(c.id)).map((c) => c.id);

  // Scenarios: unique names, resolved fault targets.
  const scenarios: ScenarioNode[] = [];
  const names = new Map<string, number>();
  // What a partition may name: built on the first partition.
  let places: Set<string> | undefined;
  const placeNames = (): Set<string> => {
    if (!places) {
      const d = domainNames();
      places = new Set<string>([...declared(), ...d.region, ...d.zone]);
    }
    return places;
  };
  // What a zone or region fault may name: built on the first one.
  let domains: { zone: Set<string>; region: Set<string> } | undefined;
  const domainNames = (): { zone: Set<string>; region: Set<string> } => {
    if (!domains) {
      const d = failureDomainsOf(components.values());
      domains = { zone: new Set(d.zones), region: new Set(d.regions) };
    }
    return domains;
  };
  file.scenarios.forEach((s, k) => {
    const index = scenarioIndices[k] ?? k;
    const path: JsonPath = ['scenarios', index];
    const prev = names.get(s.name);
    if (prev !== undefined) {
      const f = schemaAt(`Duplicate scenario name "${s.name}"`, [...path, 'name'], loc);
      const r = loc.valueRange(['scenarios', prev, 'name']);
      if (r) f.related = [{ message: 'first scenario with this name', path: ['scenarios', prev, 'name'], range: r }];
      findings.add(f);
    } else names.set(s.name, index);
    const faults = s.faults.map((data, i) => {
      const fp: JsonPath = [...path, 'faults', i];
      const out: ScenarioNode['faults'][number] = { data, path: fp };
      for (const action of ['kill', 'slow', 'restore'] as const) {
        const text = data[action];
        if (text === undefined) continue;
        if (typeof text !== 'string') {
          const kind = text.zone !== undefined ? 'zone' : 'region';
          const name = text[kind]!;
          const namePath = [...fp, action, kind];
          const known = domainNames();
          if (known[kind].has(name)) out.place = { kind, name };
          else if (!reported.has(pathKey(namePath)) && findings.admits('unknown-reference', rangeOf(namePath, loc).offset)) {
            const other = kind === 'zone' ? 'region' : 'zone';
            findings.add(known[other].has(name)
              ? { ruleId: 'unknown-reference', severity: 'error', path: namePath, range: rangeOf(namePath, loc), message: `${quoted(name)} is a ${other}, not a ${kind}: write { "${other}": ${quoted(name)} }` }
              : unknownRef(name, namePath, `The ${action} fault's ${kind}`, loc, didYouMean(name, known[kind]), '', undefined, kind === 'zone' ? 'a zone of any component' : 'the region of any component'));
          }
          continue;
        }
        const t = parseTarget(text);
        const node = ref(t.component, [...fp, action], `The ${action} fault`, t.instance !== undefined ? `#${t.instance}` : '');
        if (node && t.instance !== undefined && t.instance >= node.instances) {
          findings.add({
            ruleId: 'unknown-reference', severity: 'error', path: [...fp, action], range: rangeOf([...fp, action], loc),
            message: `${t.component} has ${plural(node.instances, 'instance')} (#0 to #${node.instances - 1}); there is no #${t.instance}`,
          });
        } else if (node) out.target = t;
      }
      for (const action of ['addShards', 'removeShards'] as const) {
        const change = data[action];
        if (!change) continue;
        const node = ref(change.target, [...fp, action, 'target'], `${action}.target`);
        if (node && !('sharding' in node.data && node.data.sharding)) {
          findings.add(schemaAt(`${change.target} is not sharded: ${action} needs a component with "sharding"`, [...fp, action, 'target'], loc));
        } else if (node) out.target = { component: node.id, instance: undefined };
      }
      data.partition?.between.forEach((side, si) => side.forEach((name, ni) => {
        const places = placeNames();
        const namePath = [...fp, 'partition', 'between', si, ni];
        if (!places.has(name) && !reported.has(pathKey(namePath)) && findings.admits('unknown-reference', rangeOf(namePath, loc).offset)) {
          findings.add(unknownRef(name, namePath, 'partition', loc, didYouMean(name, places)));
        }
      }));
      return out;
    });
    scenarios.push({ index, data: s, path, faults });
  });

  // An SLO names the component its requests enter at.
  file.slos.forEach((o, i) => {
    if (!named(o.entry)) ref(o.entry, ['slos', i, 'entry'], 'The SLO\'s entry');
  });

  // Round-trip times name regions: those of the components, or those their zones are in.
  const rtts = file.network?.rtt ?? [];
  if (rtts.length > 0) {
    const d = failureDomainsOf(components.values());
    const regions = new Set<string>(d.regions);
    for (const z of d.zones) {
      const r = regionOfZone(z);
      if (r !== undefined) regions.add(r);
    }
    rtts.forEach((entry, i) => entry.between.forEach((name, j) => {
      const at: JsonPath = ['network', 'rtt', i, 'between', j];
      if (!regions.has(name) && !reported.has(pathKey(at)) && findings.admits('unknown-reference', rangeOf(at, loc).offset)) {
        findings.add(unknownRef(name, at, 'The round-trip time', loc, didYouMean(name, regions), '', undefined, 'the region of any component (its "region", or the region its zones are in)'));
      }
    }));
  }

  const ruleSettings = new Map(Object.entries(file.rules).filter((e): e is [string, 'off' | 'info' | 'warning' | 'error'] => e[1] !== undefined));
  return { file, components, edges, entryPoints, scenarios, ruleSettings, invalidComponents };
}

/** "1 weight", "3 weights". */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A path below another, built only for what is reported (most components report nothing). */
/**
 * A path below another. Not a spread: an array built by spreading keeps room
 * to grow (217 bytes for four segments, against 111), and every call's path
 * is held for the whole check.
 */
export function under(path: JsonPath, ...rest: JsonPath): JsonPath {
  return path.concat(rest);
}

function rangeOf(path: JsonPath, loc: NodeLocator, which: 'value' | 'key' = 'value'): TextRange {
  return (which === 'key' ? loc.keyRange(path) : loc.valueRange(path)) ?? loc.nearestRange(path).range;
}

function schemaAt(message: string, path: JsonPath, loc: NodeLocator, which: 'value' | 'key' = 'value'): Finding {
  return { ruleId: 'schema', severity: 'error', message, path, range: rangeOf(path, loc, which) };
}

/** The unknown-reference finding of a name at `path` that is not what `what` must name, with a did-you-mean fix for `guess`. */
export function unknownRef(id: string, path: JsonPath, what: string, loc: NodeLocator, guess: string | undefined, suffix = '', lookAlike?: string, isNot?: string): Finding {
  const range = rangeOf(path, loc);
  const fixes: Fix[] | undefined = guess
    ? [{ title: `Change to "${guess}${suffix}"`, edits: [{ offset: range.offset, length: range.length, newText: JSON.stringify(guess + suffix) }], preferred: true }]
    : undefined;
  let message = `${what} names ${quoted(id)}, which is not ${isNot ?? (what.startsWith('partition') ? 'a region, zone or component' : 'a component')}${unseenNote(id)}`;
  if (lookAlike !== undefined) message += `; the declared id ${quoted(lookAlike)} looks the same but contains ${splitInvisible(lookAlike).hidden.join(', ')}`;
  else if (guess) message += `; did you mean "${guess}${suffix}"?`;
  const f: Finding = { ruleId: 'unknown-reference', severity: 'error', message, path, range };
  if (fixes && lookAlike === undefined) f.fixes = fixes;
  return f;
}

/** Unknown references that get a did-you-mean; past this, the search over every id is not worth its cost. */
const MAX_SUGGESTIONS = 50;

/** Did-you-mean over the declared ids, bounded in work: ids are bucketed by length, and suggestions are capped. */
class Suggester {
  private readonly byLength = new Map<number, string[]>();
  private used = 0;

  constructor(ids: string[]) {
    for (const id of ids) {
      const list = this.byLength.get(id.length);
      if (list) list.push(id);
      else this.byLength.set(id.length, [id]);
    }
  }

  closest(word: string): string | undefined {
    if (this.used++ >= MAX_SUGGESTIONS) return undefined;
    const limit = Math.max(1, Math.floor(word.length / 3));
    const candidates: string[] = [];
    for (let n = word.length - limit; n <= word.length + limit; n++) candidates.push(...(this.byLength.get(n) ?? []));
    return didYouMean(word, candidates);
  }
}
