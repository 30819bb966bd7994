/**
 * Where ranges of one text are in another made from it by an edit: the two
 * texts share a prefix and a suffix; what lies in the prefix stays, what lies
 * in the suffix moves by the change in length, and what touched the changed
 * stretch in between is cut back to the part of it outside (or to the
 * stretch's start). Exact for one edit, or for any run of edits within one
 * stretch (typing at one place), which is what it is for: the diagram of the
 * last text that parsed, shown while the current one is half typed, with its
 * ranges where those declarations are now.
 */
import type { TextRange } from '../findings';

/** Maps ranges of `before` to `after`. */
export function textShift(before: string, after: string): (range: TextRange) => TextRange {
  const most = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < most && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < most - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const removed = before.length - suffix - prefix;
  const added = after.length - suffix - prefix;
  // Text only inserted (or only removed) may as well be placed further left when it ends with what precedes it:
  // `"b": 0, ` typed before `"a"` reads first as `b": 0, "` inserted after the quote of `"a"`, which would cut into
  // the declaration it was typed in front of. It is placed where it starts after white space, as a person types
  // between tokens; when no place does, where it was found.
  const text = removed === 0 ? after : before;
  const length = removed === 0 ? added : removed;
  if (length > 0 && !isSpace(text.charCodeAt(prefix - 1))) {
    for (let p = prefix; p > 0 && text.charCodeAt(p + length - 1) === text.charCodeAt(p - 1); p--) {
      if (isSpace(text.charCodeAt(p - 2))) {
        prefix = p - 1;
        break;
      }
    }
  }
  // In `before`, [prefix, changedEnd) was replaced; offsets from changedEnd on move by delta.
  const changedEnd = prefix + removed;
  const delta = after.length - before.length;
  // A start inside the changed stretch (or where text was inserted) goes to where the stretch ends now; an end inside
  // it, to where it began. Either at the stretch's end moves with it.
  const start = (o: number) => (o < prefix ? o : o >= changedEnd ? o + delta : changedEnd + delta);
  const end = (o: number) => (o <= prefix ? o : o >= changedEnd ? o + delta : prefix);
  return (r) => {
    const s = start(r.offset);
    return { offset: s, length: Math.max(s, end(r.offset + r.length)) - s };
  };
}

/** Space, tab, line feed or carriage return. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
