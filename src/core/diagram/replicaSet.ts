/**
 * A store's shards and their copies, as the replication glyph expands to
 * them on a click: each shard (or each unit of an unsharded store) a row,
 * each of its copies a cell — its primary (a multi-leader store's leaders,
 * a leaderless store's nodes) and its replicas with their replication mode.
 * Only small stores expand: at most MAX_EXPANDED_UNITS shards of at most
 * MAX_EXPANDED_COPIES copies each; a larger one says so instead.
 *
 * The set is made from the component and its load by replicaSetOf (with
 * `nodeCountsOf`'s counts and the load model's figures); this module holds
 * its shape, the expanded drawing's geometry and words, and imports nothing
 * of the load model, so that a page drawing it carries none. The expanded
 * drawing's size is fixed by its counts (never by its figures), so that new
 * figures never re-lay out.
 */
import type { Flow } from './elkOptions';
import { NODE_PADDING_X } from './metrics';
import { formatRps, num, pct } from '../text/format';

/** Shards (or units) drawn one by one at most: past it the glyph does not expand. */
export const MAX_EXPANDED_UNITS = 8;
/** Copies per shard drawn one by one at most (a primary and three replicas). */
export const MAX_EXPANDED_COPIES = 4;

/** One copy of a unit's data. */
export interface ReplicaCopy {
  /** "primary", a multi-leader store's "leader", a leaderless store's "node", or a "replica". */
  role: 'primary' | 'leader' | 'node' | 'replica';
  /** How a replica is kept up to date: "sync", "semi-sync", "async". */
  mode?: string;
}

/** What the load model gives a unit: its rps and each copy's (in the order of `copies`). */
export interface UnitLoad {
  rps: number;
  copyRps: number[];
}

/** A store's units and copies, for the expanded glyph. */
export interface ReplicaSet {
  /** Whether the units are shards (else the store's instances, each a primary with its replicas). */
  sharded: boolean;
  units: number;
  copiesPerUnit: number;
  /** One unit's copies (every unit has the same), when the store is small enough to draw one by one; absent otherwise. */
  copies?: ReplicaCopy[];
  /** The load model's figures, when the component was analysed: an even unit's, and the hottest shard's when shards are not even. */
  load?: { unit: UnitLoad; hottest?: UnitLoad & { unit: number; share: number } };
}


/** The expanded drawing's geometry, under the box's lines and glyph: a title line, then the units (see replicaGrid), each its label then its copies. */
export const REPLICA_TITLE_HEIGHT = 18;
export const REPLICA_LABEL_WIDTH = 58;
export const REPLICA_CELL_WIDTH = 84;
export const REPLICA_CELL_HEIGHT = 30;
export const REPLICA_GAP = 4;
/** Font size of a unit's name and of its copies' lines (the title is a glyph line's size). */
export const REPLICA_FONT_SIZE = 10;
/** Room between two units side by side. */
const UNIT_GAP = 12;

/** Where the expanded drawing puts each unit (relative to its top left corner, past the title line), and the room it takes. */
export interface ReplicaGrid {
  width: number;
  height: number;
  /** The top left corner of unit k's row: its label, then its copies REPLICA_CELL_WIDTH + REPLICA_GAP apart. */
  unitAt: (unit: number) => { x: number; y: number };
}

/**
 * The expanded drawing's geometry for a replica set in a flow (the layout
 * sizes the box by it, the renderer draws by it). It grows along the flow,
 * where a store usually ends it: units side by side (as many as make four
 * copies a row) when the drawing flows right, a unit a row when it flows
 * down; across the flow it would push the components of its layer aside.
 */
export function replicaGrid(set: ReplicaSet, flow: Flow): ReplicaGrid {
  const copies = set.copies?.length ?? 0;
  const perRow = flow === 'RIGHT' ? Math.max(1, Math.min(set.units, Math.floor(MAX_EXPANDED_COPIES / Math.max(1, copies)))) : 1;
  const unitWidth = REPLICA_LABEL_WIDTH + copies * (REPLICA_CELL_WIDTH + REPLICA_GAP);
  const rows = Math.ceil(set.units / perRow);
  return {
    width: perRow * unitWidth + (perRow - 1) * UNIT_GAP,
    height: REPLICA_TITLE_HEIGHT + rows * (REPLICA_CELL_HEIGHT + REPLICA_GAP) + REPLICA_GAP,
    unitAt: (unit) => ({ x: (unit % perRow) * (unitWidth + UNIT_GAP), y: REPLICA_TITLE_HEIGHT + Math.floor(unit / perRow) * (REPLICA_CELL_HEIGHT + REPLICA_GAP) }),
  };
}

/** The size of a component's box with its replica set expanded under it in a flow, from its size folded. */
export function expandedBox(box: { width: number; height: number }, set: ReplicaSet, flow: Flow): { width: number; height: number } {
  const room = replicaGrid(set, flow);
  return { width: Math.max(box.width, room.width + 2 * NODE_PADDING_X), height: box.height + room.height };
}

/** A unit's name in the expanded drawing: "shard 3", or an unsharded store's primary "#3" (as a fault target names it). */
export function unitName(set: ReplicaSet, unit: number): string {
  return set.sharded ? `shard ${unit}` : `#${unit}`;
}

/** What the glyph says of a store too large to draw one by one: "64 shards of 3 copies each: more than the 8 of 4 drawn one by one". */
export function tooManyWords(set: ReplicaSet): string {
  return `${num(set.units)} ${set.sharded ? 'shards' : 'primaries'} of ${num(set.copiesPerUnit)} ${set.copiesPerUnit === 1 ? 'copy' : 'copies'} each: more than the ${MAX_EXPANDED_UNITS} of ${MAX_EXPANDED_COPIES} drawn one by one`;
}

/** A unit's figures as the load model gives them: the hottest shard's; any unit's when the units share evenly; none for the other shards of a skewed store. */
function loadOfUnit(set: ReplicaSet, unit: number): UnitLoad | undefined {
  const hot = set.load?.hottest;
  return hot ? (hot.unit === unit ? hot : undefined) : set.load?.unit;
}

/** The expanded drawing's title: "shard 3 hottest: 31% of requests, 1.6k rps", "4 shards, 1.2k rps each", "3,990 rps", or the copies' count without figures. */
export function replicaTitle(set: ReplicaSet): string {
  const copies = `${num(set.copiesPerUnit)} ${set.copiesPerUnit === 1 ? 'copy' : 'copies'}`;
  const load = set.load;
  if (!load) return `${num(set.units)} ${set.sharded ? 'shards' : 'primaries'} of ${copies} each`;
  if (load.hottest) return `${unitName(set, load.hottest.unit)} hottest: ${pct(load.hottest.share)} of requests, ${formatRps(load.hottest.rps)}`;
  if (set.units === 1) return `${copies}: ${formatRps(load.unit.rps)}`;
  return `${num(set.units)} ${set.sharded ? 'shards' : 'primaries'}, ${formatRps(load.unit.rps)} each`;
}

/** A copy's two lines: its role, then its replication mode and its rps where the load model gives them ("async · 1.2k rps"). */
export function copyLines(set: ReplicaSet, unit: number, copy: number): [string, string] {
  const c = set.copies?.[copy];
  if (!c) return ['', ''];
  const rps = loadOfUnit(set, unit)?.copyRps[copy];
  return [c.role, [c.mode, rps === undefined ? undefined : formatRps(rps)].filter((p) => p !== undefined).join(' · ')];
}
