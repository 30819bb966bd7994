/**
 * Walking the zod model along a JSON path, to find what a place in the file
 * may hold: the known property names (for did-you-mean), the allowed values
 * and the description. Reads zod 4's public `_zod.def` definitions.
 */
import type { z } from 'zod';
import { globalRegistry } from 'zod';
import type { JsonPath } from '../findings';

type AnySchema = z.core.$ZodType;

/** A schema's definition (zod 4's `_zod.def`): its type, checks and parts. */
export function def(s: AnySchema): any {
  return (s as any)._zod.def;
}

/** Strips wrappers that do not change the shape: optional, default, pipes and transforms. */
export function unwrap(s: AnySchema): AnySchema {
  for (;;) {
    const d = def(s);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'readonly') s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else return s;
  }
}

/**
 * The member of a JSON value at one path segment: an own property of an
 * object or an element of an array, never an inherited member (a file's key
 * may be named `toString` or `valueOf`).
 */
export function memberOf(value: unknown, seg: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return typeof seg === 'number' ? value[seg] : undefined;
  return typeof seg === 'string' && Object.hasOwn(value, seg) ? (value as Record<string, unknown>)[seg] : undefined;
}

/**
 * The schemas that may describe the value at `path` of `value` (several for a
 * plain union; one for a discriminated union whose discriminator is known).
 */
export function schemasAt(root: AnySchema, path: JsonPath, value: unknown): AnySchema[] {
  let current: AnySchema[] = [root];
  let v = value;
  for (const seg of path) {
    const next: AnySchema[] = [];
    for (const s of current) for (const o of options(s, v)) {
      const d = def(o);
      if (d.type === 'object' && typeof seg === 'string' && Object.hasOwn(d.shape, seg)) next.push(d.shape[seg]);
      else if (d.type === 'record' && typeof seg === 'string') next.push(d.valueType);
      else if (d.type === 'array' && typeof seg === 'number') next.push(d.element);
      else if (d.type === 'tuple' && typeof seg === 'number' && seg < d.items.length) next.push(d.items[seg]);
    }
    current = next;
    v = memberOf(v, seg);
    if (current.length === 0) break;
  }
  return current.flatMap((s) => options(s, v));
}

/** The concrete options of a schema for a value: a union's members, narrowed by its discriminator. */
function options(s: AnySchema, value: unknown): AnySchema[] {
  const u = unwrap(s);
  const d = def(u);
  if (d.type !== 'union') return [u];
  const disc: string | undefined = d.discriminator;
  const tag = disc ? memberOf(value, disc) : undefined;
  const all: AnySchema[] = d.options.flatMap((o: AnySchema) => options(o, value));
  if (tag !== undefined) {
    const match = all.filter((o) => literalValues(def(o).shape?.[disc!]).includes(tag));
    if (match.length > 0) return match;
  }
  return all;
}

function literalValues(s: AnySchema | undefined): unknown[] {
  if (!s) return [];
  const d = def(unwrap(s));
  if (d.type === 'literal') return d.values;
  if (d.type === 'enum') return Object.values(d.entries);
  return [];
}

/** Property names an object at `path` may have. */
export function knownKeys(root: AnySchema, path: JsonPath, value: unknown): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(root, path, value)) {
    const d = def(s);
    if (d.type === 'object') for (const k of Object.keys(d.shape)) keys.add(k);
    if (d.type === 'record') for (const v of literalValues(d.keyType)) keys.add(String(v));
  }
  return [...keys];
}

/** The literal values allowed at `path` (enum members, literals), if it is an enumeration. */
export function allowedValues(root: AnySchema, path: JsonPath, value: unknown): unknown[] {
  return schemasAt(root, path, value).flatMap((s) => literalValues(s));
}

/** The description of the schema at `path`, as written in the model. */
export function describeAt(root: AnySchema, path: JsonPath, value: unknown): string | undefined {
  let current: AnySchema[] = [root];
  // Descriptions sit on the outer schema (before unwrapping), so look them up on the path's own schemas.
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  if (last !== undefined) {
    current = [];
    for (const s of schemasAt(root, parentPath, value)) {
      const d = def(s);
      if (d.type === 'object' && typeof last === 'string' && Object.hasOwn(d.shape, last)) current.push(d.shape[last]);
      else if (d.type === 'record') current.push(d.valueType);
      else if (d.type === 'array') current.push(d.element);
    }
  }
  for (let s of current) {
    for (;;) {
      const meta = globalRegistry.get(s as any);
      if (meta?.description) return meta.description;
      const d = def(s);
      if (d.innerType) s = d.innerType;
      else if (d.type === 'pipe') s = d.in;
      else break;
    }
  }
  return undefined;
}
