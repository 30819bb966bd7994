/**
 * The structure an editor shows of any JSON text, for `*.scale.json` files
 * served under a language of their own (so no JSON service of the editor's
 * serves them): folding ranges and selection ranges, from VS Code's JSON
 * language service. Schema completions, hovers and diagnostics are the core's
 * (one source: the schema the core validates with).
 */
import { getLanguageService } from 'vscode-json-languageservice';
import type { FoldingRange, Position, SelectionRange } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_FILE_CHARS, withinReadLimits } from '../core/model/parse';

const json = getLanguageService({});

/** Foldable objects, arrays and block comments; at most `rangeLimit` of them (the client's bound). */
export function foldingRanges(doc: TextDocument, rangeLimit?: number): FoldingRange[] {
  if (doc.getText().length > MAX_FILE_CHARS) return [];
  return json.getFoldingRanges(doc, rangeLimit === undefined ? {} : { rangeLimit });
}

/** For each position, the nested ranges an editor's expand-selection steps through: value, property, object… */
export function selectionRanges(doc: TextDocument, positions: Position[]): SelectionRange[] {
  if (!withinReadLimits(doc.getText())) return positions.map((p) => ({ range: { start: p, end: p } }));
  return json.getSelectionRanges(doc, positions, json.parseJSONDocument(doc));
}
