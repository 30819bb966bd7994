/** Finding the syntax node of a JSON path, for exact ranges. */
import type { Node } from 'jsonc-parser';
import type { JsonPath, TextRange } from '../findings';

/** Objects with at most this many members are searched, not indexed: a map per small object costs more memory than the search costs time. */
const INDEXED_MEMBERS = 8;

/** Looks up nodes by JSON path; members of large objects are indexed on first use, so lookups stay fast in them. */
export class NodeLocator {
  private readonly members = new Map<Node, Map<string, Node>>();

  constructor(readonly root: Node | undefined) {}

  /** The `property` node (key and value) of the last path segment, when it names an object member. */
  property(path: JsonPath): Node | undefined {
    if (path.length === 0) return undefined;
    const parent = this.value(path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (!parent || parent.type !== 'object' || typeof last !== 'string') return undefined;
    return this.member(parent, last);
  }

  /** The value node at a path. */
  value(path: JsonPath): Node | undefined {
    let node = this.root;
    for (const seg of path) {
      if (!node) return undefined;
      if (node.type === 'object' && typeof seg === 'string') {
        node = this.member(node, seg)?.children?.[1];
      } else if (node.type === 'array' && typeof seg === 'number') {
        node = node.children?.[seg];
      } else {
        return undefined;
      }
    }
    return node;
  }

  /** The range of a property's key, or of the array element, at a path. */
  keyRange(path: JsonPath): TextRange | undefined {
    const prop = this.property(path);
    const key = prop?.children?.[0];
    if (key) return { offset: key.offset, length: key.length };
    const v = this.value(path);
    return v ? { offset: v.offset, length: v.length } : undefined;
  }

  /** The range of the value at a path. */
  valueRange(path: JsonPath): TextRange | undefined {
    const v = this.value(path);
    return v ? { offset: v.offset, length: v.length } : undefined;
  }

  /**
   * The best range for something about a path that may not exist (a missing
   * property): the key of the nearest existing ancestor, or the document start.
   */
  nearestRange(path: JsonPath): { range: TextRange; path: JsonPath } {
    for (let n = path.length; n > 0; n--) {
      const p = path.slice(0, n);
      const r = this.keyRange(p);
      if (r) return { range: r, path: p };
    }
    const r = this.root ? { offset: this.root.offset, length: 1 } : { offset: 0, length: 0 };
    return { range: r, path: [] };
  }

  /** The `property` node of an object's member; later duplicates win, as in the value. */
  private member(obj: Node, key: string): Node | undefined {
    const props = obj.children ?? [];
    if (props.length > INDEXED_MEMBERS) return this.memberMap(obj).get(key);
    for (let i = props.length - 1; i >= 0; i--) if (props[i]!.children?.[0]?.value === key) return props[i];
    return undefined;
  }

  private memberMap(obj: Node): Map<string, Node> {
    let map = this.members.get(obj);
    if (!map) {
      map = new Map();
      for (const prop of obj.children ?? []) {
        const key = prop.children?.[0]?.value;
        if (typeof key === 'string') map.set(key, prop); // later duplicates win, as in the value
      }
      this.members.set(obj, map);
    }
    return map;
  }
}
