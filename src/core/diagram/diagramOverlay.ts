/**
 * What a diagram compared with a base is given of the change (the diff layer
 * computes it, see changeOverlay): how each component and call of the head
 * came out of it, with the lines of a component's hover, and the components
 * and calls only the base has, to be laid out with the others and drawn
 * ghosted. Plain text: the webview draws every line as text.
 */

/** Lines of one component's hover at most; the last says how many more there are. */
export const MAX_CHANGE_LINES = 16;
/** Longest line of a hover, of the summary or of the details, in code points. */
export const MAX_CHANGE_LINE_CHARS = 400;
/** Changes not drawn on a component (the workload, scenarios, …) listed at most. */
export const MAX_CHANGE_DETAILS = 40;

/** How a component of the head came out of the change, and what its hover says of it. */
export interface ComponentOverlay {
  status: 'added' | 'changed' | 'unchanged';
  /** Its id on the base, when it was renamed. */
  renamedFrom?: string;
  /** "instances 3 → 6", "call added: web → cache (read)", "load (rps) 1,000 → 2,000 (+100%)". */
  lines: string[];
}

/** A component only the base has, with its figures there. */
export interface RemovedComponent {
  id: string;
  kind: string;
  lines: string[];
}

/** A call only the base has, by the head ids of its ends; an end that is a removed component is marked so. */
export interface RemovedCall {
  from: string;
  to: string;
  fromRemoved: boolean;
  toRemoved: boolean;
}

/** The change, ready to draw. */
export interface DiagramOverlay {
  /** What the base is called ("HEAD"). */
  base: string;
  /** The change in one line: "1 component added, 2 changed · 1 call removed". */
  summary: string;
  /** Changes no component shows: the file's own fields and the scenarios, a line each. */
  details: string[];
  /** The head's components by id; one absent is not in the comparison. */
  components: Map<string, ComponentOverlay>;
  /** The head's caller → callee pairs (overlayEdgeKey) that were added or changed; the others are unchanged. */
  calls: Map<string, 'added' | 'changed'>;
  removedComponents: RemovedComponent[];
  removedCalls: RemovedCall[];
}

/** The key of a caller → callee pair in DiagramOverlay's `calls`. */
export function overlayEdgeKey(from: string, to: string): string {
  return JSON.stringify([from, to]);
}
