/**
 * What documents' texts read into, kept for the documents used last within a
 * budget of text. A syntax tree with its plain value and indexes takes about
 * twenty times its text in memory (a 4.4 MB file of 100,000 components, 100
 * MB): kept for every open document for as long as it is open, the language
 * server held that much per file. Past the budget, a document's syntax is read
 * again when a request needs it: reading is deterministic, so it is the same
 * tree.
 */
import { NodeLocator } from '../model/locate';
import { parseDocument, type ParsedDocument } from '../model/parse';
import { indexReferences, type ReferenceIndex } from '../model/references';

/** Text whose syntax is kept, in all: the documents used last that fit (typical files are a few kilobytes). */
export const SYNTAX_CACHE_CHARS = 2 * 1024 * 1024;

/** A text's syntax: its tree and plain value, a locator over the tree, and its references once asked for. */
export class Syntax {
  private references: ReferenceIndex | undefined;

  constructor(
    readonly parsed: ParsedDocument,
    readonly locator: NodeLocator,
  ) {}

  /** Reads a text. */
  static of(text: string): Syntax {
    const parsed = parseDocument(text);
    return new Syntax(parsed, new NodeLocator(parsed.root));
  }

  /** Where component ids are declared and referenced, indexed on first use. */
  get index(): ReferenceIndex {
    return (this.references ??= indexReferences(this.parsed.root));
  }
}

/** The syntax of documents by uri, kept for those used last within `budget` characters of text. */
export class SyntaxCache {
  /** In order of use, the last used last. */
  private readonly kept = new Map<string, { text: string; syntax: Syntax }>();
  private chars = 0;

  constructor(private readonly budget = SYNTAX_CACHE_CHARS) {}

  /** The syntax of a document's text: kept, or read (and kept if it fits). */
  get(uri: string, text: string): Syntax {
    const hit = this.kept.get(uri);
    if (hit && hit.text === text) {
      this.kept.delete(uri);
      this.kept.set(uri, hit);
      return hit.syntax;
    }
    const syntax = Syntax.of(text);
    this.put(uri, text, syntax);
    return syntax;
  }

  /** Keeps a document's syntax already read (a check's) if its text fits, in place of any earlier. */
  put(uri: string, text: string, syntax: Syntax): void {
    this.delete(uri);
    if (text.length > this.budget) return;
    this.kept.set(uri, { text, syntax });
    this.chars += text.length;
    for (const [other, entry] of this.kept) {
      if (this.chars <= this.budget) break;
      this.kept.delete(other);
      this.chars -= entry.text.length;
    }
  }

  /** Forgets a document's syntax. */
  delete(uri: string): void {
    const entry = this.kept.get(uri);
    if (!entry) return;
    this.kept.delete(uri);
    this.chars -= entry.text.length;
  }

  /** Forgets every document's syntax. */
  clear(): void {
    this.kept.clear();
    this.chars = 0;
  }
}
