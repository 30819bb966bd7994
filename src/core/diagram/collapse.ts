/**
 * Large topologies drawn collapsed: past a bound on the nodes one layout
 * handles, groups of components are drawn as one node each, with their
 * counts, so that no layout handles more nodes than a person can read (and
 * none takes seconds).
 *
 * Which groups collapse: level by level, innermost first, until the drawing
 * fits — every zone box; the components of each open box, by kind; every
 * region box; every imported file's box (each of these levels all at once,
 * so that like boxes look alike); then the components outside any box, by
 * kind, the largest kind first and only as many as needed. A group the
 * reader opened stays open (with the boxes it sits in), and what is inside
 * it collapses last. Openings are given oldest first; when they cannot all
 * stay open, the oldest are closed.
 * When even every box and kind collapsed is too many nodes (thousands of
 * zones), every component is grouped by its kind alone; when that is still
 * too many (thousands of kinds), there is no drawing, and the diagram lists
 * its components instead.
 *
 * Everything here is decided from the spec's nodes alone (ids, kinds, boxes),
 * in file order: the same file and openings give the same plan.
 */
import { murmur3String } from '../sim/murmur3';
import { num, plural } from '../text/format';
import { type DiagramSpecNode, groupKey } from './elkGraph';
import type { GroupKind } from './metrics';

/** What a collapsed node groups: a zone's, a region's or an imported file's box, or components of one kind. */
export type ClusterKind = GroupKind | 'kind';

/** A group that can be collapsed, as the reader opens and closes it. */
export interface GroupRef {
  /**
   * Names the group by what it is — its kind, its name and the boxes it sits
   * in — never by position, so that a group opened stays open across edits;
   * at most MAX_GROUP_KEY_CHARS long.
   */
  key: string;
  kind: ClusterKind;
  /** The zone's, region's or file's name, or the components' kind. */
  name: string;
}

/** A group of components drawn as one node. */
export interface Cluster extends GroupRef {
  /** The region a zone box or a kind group sits in. */
  region?: string;
  /** The zone a kind group sits in. */
  zone?: string;
  /** The imported file's `from` a region, zone or kind group sits in. */
  file?: string;
  /** The spec nodes it stands for, in file order. */
  members: number[];
}

/** How a diagram past its bound is drawn. */
export interface CollapsePlan {
  /** Per spec node: the index in `clusters` of the group it is drawn in, or -1 when it is drawn itself. */
  clusterOf: Int32Array;
  clusters: Cluster[];
  /** Nodes the layout handles: the components drawn and the groups. */
  drawn: number;
  /** True when every component is grouped by its kind alone, boxes left out: even collapsed, the boxes were too many. */
  byKindOnly: boolean;
  /** The openings kept, in the order given. */
  opened: GroupRef[];
  /** The openings that could not be kept: with them the drawing passes the bound. */
  closed: GroupRef[];
}

/** Openings kept at most (the latest): each one costs a planning pass when they do not all fit. */
export const MAX_OPENED_GROUPS = 16;

/** Longest group key: keys travel to the panel and back, and names in a file may be any length. */
export const MAX_GROUP_KEY_CHARS = 400;

/** A group's key as it travels: the text itself, or for a long one its start and a hash of the whole. */
function travelling(key: string): string {
  if (key.length <= MAX_GROUP_KEY_CHARS) return key;
  const h = (murmur3String(key, 7) >>> 0).toString(16).padStart(8, '0');
  return `${key.slice(0, MAX_GROUP_KEY_CHARS - 24)}…~${h}${key.length.toString(36)}`;
}

/** A box of the spec (a file's, region's or zone's), as the ELK graph boxes components. */
interface Box {
  /** Its key as the ELK graph tells boxes apart (groupKey). */
  inner: string;
  ref: GroupRef;
  region?: string;
  file?: string;
  /** The box it sits in, by index; -1 at the top. */
  parent: number;
  boxes: number[];
  /** The spec nodes directly inside (in no inner box), in file order. */
  loose: number[];
}

/** The boxes of a spec, in the order the ELK graph makes them, with each node's innermost box. */
interface BoxTree {
  boxes: Box[];
  /** Per spec node, its innermost box, or -1 when in none. */
  boxOf: Int32Array;
  rootLoose: number[];
  /** Per spec node, the key of its kind's group in its innermost box (or at the top), and anywhere (boxes left out). */
  kindHere: string[];
  kindAnywhere: string[];
}

function boxTree(nodes: readonly DiagramSpecNode[]): BoxTree {
  const boxes: Box[] = [];
  const index = new Map<string, number>();
  const boxOf = new Int32Array(nodes.length);
  const rootLoose: number[] = [];
  const box = (parent: number, kind: GroupKind, name: string, region: string | undefined, file: string | undefined): number => {
    const inner = groupKey(kind, name, region, file);
    let i = index.get(inner);
    if (i === undefined) {
      i = boxes.length;
      index.set(inner, i);
      boxes.push({ inner, ref: { key: travelling(inner), kind, name }, ...(region !== undefined ? { region } : {}), ...(file !== undefined ? { file } : {}), parent, boxes: [], loose: [] });
      if (parent >= 0) boxes[parent]!.boxes.push(i);
    }
    return i;
  };
  nodes.forEach((n, k) => {
    // As the ELK graph nests them: a file's box, the region's in it, the zone's in that.
    let at = n.importedFrom === undefined ? -1 : box(-1, 'file', n.importedFrom, undefined, undefined);
    if (n.region !== undefined) at = box(at, 'region', n.region, undefined, n.importedFrom);
    if (n.zone !== undefined) at = box(at, 'zone', n.zone, n.region, n.importedFrom);
    boxOf[k] = at;
    (at < 0 ? rootLoose : boxes[at]!.loose).push(k);
  });
  const kindKey = (kind: string, place: string | null) => travelling(JSON.stringify(['kind', kind, place]));
  const kindHere = nodes.map((n, k) => kindKey(n.kind, boxOf[k]! < 0 ? null : boxes[boxOf[k]!]!.inner));
  const kindAnywhere = nodes.map((n) => kindKey(n.kind, '*'));
  return { boxes, boxOf, rootLoose, kindHere, kindAnywhere };
}

/**
 * The plan for drawing `nodes` in at most `bound` nodes with the groups
 * `opened` open (by key, oldest first): undefined when they all fit as they
 * are, null when even grouped by kind alone they do not (the list is shown).
 */
export function planCollapse(nodes: readonly DiagramSpecNode[], bound: number, opened: readonly string[] = []): CollapsePlan | undefined | null {
  if (nodes.length <= bound) return undefined;
  const tree = boxTree(nodes);
  // Every group the reader may have opened, by key: the boxes, and each kind in each place.
  const groups = new Map<string, GroupRef>();
  for (const b of tree.boxes) groups.set(b.ref.key, b.ref);
  nodes.forEach((n, k) => {
    for (const key of [tree.kindHere[k]!, tree.kindAnywhere[k]!]) if (!groups.has(key)) groups.set(key, { key, kind: 'kind', name: n.kind });
  });
  // Openings of groups this file has, once each, in the order of each key's latest opening.
  const wanted = [...new Set([...opened].reverse())].reverse().filter((k) => groups.has(k)).slice(-MAX_OPENED_GROUPS);
  for (const boxesKept of [true, false]) {
    // Closing the oldest openings first, until the rest fit.
    for (let drop = 0; drop <= wanted.length; drop++) {
      const keep = new Set(wanted.slice(drop));
      const draft = boxesKept ? collapseInBoxes(nodes, tree, bound, keep) : collapseByKind(nodes, tree, bound, keep);
      if (draft.drawn > bound) continue;
      const open = openKeys(draft, tree);
      const refs = (keys: string[]) => keys.map((k) => groups.get(k)!);
      return { ...draft, opened: refs(wanted.filter((k) => open.has(k))), closed: refs(wanted.filter((k) => !open.has(k))) };
    }
  }
  return null;
}

/** Components and groups drawn, with the groups as a plan has them. */
type Draft = Omit<CollapsePlan, 'opened' | 'closed'>;
/** A group collapsed, before it is ordered: its first member places it. */
type Entry = { cluster: Omit<Cluster, 'members'>; members: number[] };

/** A kind group to collapse: components of one kind directly in one place (a box, or -1 at the top). */
type KindGroup = { key: string; kind: string; place: number; members: number[] };

/**
 * Collapses level by level until at most `bound` nodes are drawn or nothing
 * else may collapse: every zone box; then, in every open box, each kind of
 * its loose components; every region box; every imported file's box — each
 * level all at once, so that like boxes look alike — then the components
 * outside any box, by kind, the largest kind first and only as many as
 * needed; last, the same inside the boxes the reader opened.
 */
function collapseInBoxes(nodes: readonly DiagramSpecNode[], tree: BoxTree, bound: number, keep: ReadonlySet<string>): Draft {
  const { boxes, rootLoose } = tree;
  // An opened box stays open, and so do the boxes it, or an opened kind group, sits in.
  const keptBox = new Uint8Array(boxes.length);
  const keepFrom = (i: number) => {
    for (let b = i; b >= 0 && !keptBox[b]; b = boxes[b]!.parent) keptBox[b] = 1;
  };
  boxes.forEach((b, i) => keep.has(b.ref.key) && keepFrom(i));
  nodes.forEach((_, k) => keep.has(tree.kindHere[k]!) && keepFrom(tree.boxOf[k]!));
  // Boxes the reader opened and the boxes inside them: what is there collapses last.
  const opened = new Uint8Array(boxes.length);
  boxes.forEach((b, i) => (opened[i] = keep.has(b.ref.key) || (b.parent >= 0 && opened[b.parent]) ? 1 : 0));

  const collapsed = new Uint8Array(boxes.length);
  /** The collapsed box each box is drawn in (itself, or the outermost collapsed one it sits in), or -1 while open. */
  const shownAs = new Int32Array(boxes.length);
  const place = () => boxes.forEach((b, i) => {
    const up = b.parent < 0 ? -1 : shownAs[b.parent]!;
    shownAs[i] = up >= 0 ? up : collapsed[i] ? i : -1;
  });
  const kindGroups = new Map<string, KindGroup>();
  /** Nodes drawn: the components in no collapsed group, and the groups. */
  const count = () => {
    place();
    let n = 0;
    const seen = new Set<number | string>();
    nodes.forEach((_, k) => {
      const b = tree.boxOf[k]!;
      const at = b < 0 ? -1 : shownAs[b]!;
      const group = at >= 0 ? at : kindGroups.has(tree.kindHere[k]!) ? tree.kindHere[k]! : undefined;
      if (group === undefined) n++;
      else if (!seen.has(group)) {
        seen.add(group);
        n++;
      }
    });
    return n;
  };
  /** The kind groups of the loose components in the open places `where` picks (-1 the top), not opened themselves, of two or more. */
  const kindsIn = (where: (place: number) => boolean): KindGroup[] => {
    const byKey = new Map<string, KindGroup>();
    const add = (k: number, at: number) => {
      const key = tree.kindHere[k]!;
      let g = byKey.get(key);
      if (!g) byKey.set(key, (g = { key, kind: nodes[k]!.kind, place: at, members: [] }));
      g.members.push(k);
    };
    if (where(-1)) for (const k of rootLoose) add(k, -1);
    boxes.forEach((b, i) => shownAs[i]! < 0 && where(i) && b.loose.forEach((k) => add(k, i)));
    return [...byKey.values()].filter((g) => g.members.length > 1 && !keep.has(g.key) && !kindGroups.has(g.key));
  };
  /** Collapses kind groups one at a time, the largest first, until the drawing fits. */
  const largestFirst = (groups: KindGroup[], drawn: number): number => {
    groups.sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!);
    for (const g of groups) {
      if (drawn <= bound) break;
      kindGroups.set(g.key, g);
      drawn -= g.members.length - 1;
    }
    return drawn;
  };

  place();
  let drawn = nodes.length;
  const levels: (() => void)[] = [
    () => boxes.forEach((b, i) => b.ref.kind === 'zone' && !keptBox[i] && (collapsed[i] = 1)),
    () => kindsIn((i) => i >= 0 && !opened[i]).forEach((g) => kindGroups.set(g.key, g)),
    () => boxes.forEach((b, i) => b.ref.kind === 'region' && !keptBox[i] && (collapsed[i] = 1)),
    () => boxes.forEach((b, i) => b.ref.kind === 'file' && !keptBox[i] && (collapsed[i] = 1)),
  ];
  for (const level of levels) {
    if (drawn <= bound) break;
    level();
    drawn = count();
  }
  // A kind group left inside a box that then collapsed is drawn as part of that box.
  for (const [key, g] of kindGroups) if (g.place >= 0 && shownAs[g.place]! >= 0) kindGroups.delete(key);
  if (drawn > bound) drawn = largestFirst(kindsIn((i) => i < 0), drawn);
  if (drawn > bound) drawn = largestFirst(kindsIn(() => true), drawn);

  const entries: Entry[] = [];
  const boxEntry = new Map<number, Entry>();
  nodes.forEach((_, k) => {
    const b = tree.boxOf[k]!;
    const at = b < 0 ? -1 : shownAs[b]!;
    if (at < 0) return;
    let e = boxEntry.get(at);
    if (!e) {
      const box = boxes[at]!;
      boxEntry.set(at, (e = { cluster: { ...box.ref, ...(box.region !== undefined ? { region: box.region } : {}), ...(box.file !== undefined ? { file: box.file } : {}) }, members: [] }));
      entries.push(e);
    }
    e.members.push(k);
  });
  for (const g of kindGroups.values()) {
    const box = g.place < 0 ? undefined : boxes[g.place]!;
    // The box its components sit in, named as a spec node names it.
    const where = !box ? {} : box.ref.kind === 'file' ? { file: box.ref.name } : box.ref.kind === 'region' ? { region: box.ref.name, ...(box.file !== undefined ? { file: box.file } : {}) } : { zone: box.ref.name, ...(box.region !== undefined ? { region: box.region } : {}), ...(box.file !== undefined ? { file: box.file } : {}) };
    entries.push({ cluster: { key: g.key, kind: 'kind', name: g.kind, ...where }, members: g.members });
  }
  return ordered(nodes.length, entries, drawn, false);
}

/** Every component grouped by its kind alone (boxes left out), but those of an opened kind. */
function collapseByKind(nodes: readonly DiagramSpecNode[], tree: BoxTree, bound: number, keep: ReadonlySet<string>): Draft {
  const byKey = new Map<string, Entry>();
  let drawn = 0;
  nodes.forEach((n, k) => {
    const key = tree.kindAnywhere[k]!;
    if (keep.has(key)) {
      drawn++;
      return;
    }
    let e = byKey.get(key);
    if (!e) {
      byKey.set(key, (e = { cluster: { key, kind: 'kind', name: n.kind }, members: [] }));
      drawn++;
    }
    e.members.push(k);
  });
  return drawn > bound ? { clusterOf: new Int32Array(0), clusters: [], drawn, byKindOnly: true } : ordered(nodes.length, [...byKey.values()], drawn, true);
}

/** The draft with its groups in the order of their first members (the file's order, as boxes are). */
function ordered(count: number, entries: Entry[], drawn: number, byKindOnly: boolean): Draft {
  entries.sort((a, b) => a.members[0]! - b.members[0]!);
  const clusterOf = new Int32Array(count).fill(-1);
  const clusters = entries.map((e, i) => {
    for (const k of e.members) clusterOf[k] = i;
    return { ...e.cluster, members: e.members };
  });
  return { clusterOf, clusters, drawn, byKindOnly };
}

/** The keys of the groups a draft draws open: the boxes and kind groups a component drawn sits in, and the boxes a collapsed one is drawn in. */
function openKeys(draft: Draft, tree: BoxTree): Set<string> {
  const open = new Set<string>();
  const openFrom = (b: number) => {
    for (let p = b; p >= 0 && !open.has(tree.boxes[p]!.ref.key); p = tree.boxes[p]!.parent) open.add(tree.boxes[p]!.ref.key);
  };
  for (let k = 0; k < tree.boxOf.length; k++) {
    if (draft.clusterOf[k]! >= 0) continue;
    openFrom(tree.boxOf[k]!);
    open.add(draft.byKindOnly ? tree.kindAnywhere[k]! : tree.kindHere[k]!);
  }
  if (!draft.byKindOnly) {
    const boxIndex = new Map(tree.boxes.map((b, i) => [b.ref.key, i] as const));
    for (const c of draft.clusters) if (c.kind !== 'kind') openFrom(tree.boxes[boxIndex.get(c.key)!]!.parent);
  }
  return open;
}

/** How many groups of each kind are collapsed, in words: "9 zones and 2 kinds". */
export function collapsedWords(clusters: readonly Pick<Cluster, 'kind'>[]): string {
  const counts = new Map<ClusterKind, number>();
  for (const c of clusters) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const words: Record<ClusterKind, string> = { zone: 'zone', region: 'region', file: 'imported file', kind: 'kind' };
  const parts = (['zone', 'region', 'file', 'kind'] as const).filter((k) => counts.has(k)).map((k) => plural(counts.get(k)!, words[k]));
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * What a collapsed diagram says of itself, in one sentence (the panel's
 * notice, the report page's, the CLI's): how many components, the bound, and
 * what was collapsed.
 */
export function collapseNote(components: number, bound: number, plan: Pick<CollapsePlan, 'clusters' | 'drawn' | 'byKindOnly'>): string {
  const how = plan.byKindOnly
    ? `, grouped by kind alone: even collapsed, its boxes are more than ${num(bound)}`
    : `: ${collapsedWords(plan.clusters)} collapsed, ${plan.clusters.length === 1 ? 'drawn' : 'each drawn'} as one node with its counts`;
  return `${num(components)} components, more than the ${num(bound)} the diagram draws at once, drawn as ${num(plan.drawn)} nodes${how}`;
}
