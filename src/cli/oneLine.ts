/**
 * Text from a file, or a file's name, as it may be printed on one line of a
 * terminal or a CI log: control characters (C0, DEL, C1, the line and
 * paragraph separators) become visible `\uXXXX` escapes, so the text can
 * neither end its line early (a CI log runs a line that starts with `::` as a
 * workflow command) nor drive the terminal. The one way every command prints
 * names, messages and paths as text; JSON, SARIF and the github format have
 * their own escaping.
 */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
