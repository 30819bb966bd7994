/**
 * Hover Markdown quotes the file (ids, zones, regions, descriptions, engines,
 * query and scenario names, finding messages): an editor renders it, so no
 * link, image, autolink or HTML may come out of file text. Checked on every
 * token of files made of hostile strings, and of the hostile-text fixture.
 */
import assert from 'node:assert/strict';
import { createScanner } from 'jsonc-parser';
import { RULES } from '../../../src/core/ruleCatalog';
import { createLanguageService, type DocumentInput } from '../../../src/core/service/languageService';
import { escapeMarkdown } from '../../../src/core/text/markdown';
import { hostileText } from '../../support/hostileText';
import { MARKDOWN_MARKUP, markdownHazards } from '../../support/markdownHazards';

/** A topology that validates, with a hostile string in every free text. */
function validTopology(texts: readonly string[]): string {
  const components: Record<string, unknown> = { users: { kind: 'client', calls: texts.map((_, i) => `web${i}`) } };
  texts.forEach((s, i) => {
    components[`web${i}`] = { kind: 'service', instances: 2, description: s, region: s, zones: [s, `${s} b`], calls: [`db${i}`, `cache${i}`] };
    components[`db${i}`] = {
      kind: 'database', engine: s, instances: 2, description: s, region: s, zones: [s],
      sharding: { strategy: 'consistentHash', shards: 4, key: { field: s, cardinality: 100 } },
      queries: [{ name: s, by: [s] }],
    };
    components[`cache${i}`] = { kind: 'cache', engine: s, description: s };
  });
  const scenarios = texts.map((s, i) => ({ name: `${s} ${i}`, description: s, faults: [{ at: '1s', kill: `db${i}` }], expect: { writeDowntime: '1s' } }));
  const rules = Object.fromEntries(RULES.filter((r) => r.configurable).map((r) => [r.id, r.defaultSeverity]));
  return JSON.stringify({ version: 1, name: texts[0], description: texts[1], workload: { peakRps: 1000, readFraction: 0.9 }, components, scenarios, rules }, null, 2);
}

/** A topology whose ids, references, kinds and rule names are hostile strings. */
function invalidTopology(texts: readonly string[]): string {
  const components: Record<string, unknown> = { users: { kind: 'client', calls: [...texts, ...texts.map((s) => `${s}?`)] } };
  for (const s of texts) components[s] = { kind: s, instances: 2, zones: [s], calls: [s], sessionStore: s, fronts: s, sharding: { strategy: 'directory', directory: s } };
  const scenarios = texts.map((s) => ({ name: s, faults: [{ at: '1s', kill: `${s}#1` }, { at: '2s', partition: { between: [[s], [`${s}!`]] } }] }));
  return JSON.stringify({ version: 1, name: texts[0], workload: { peakRps: 1000 }, components, scenarios, rules: Object.fromEntries(texts.map((s) => [s, 'off'])) }, null, 2);
}

/** Every hover over a document: inside each token (a hover is about a token, the same all along it). */
function everyHover(doc: DocumentInput): { offset: number; markdown: string }[] {
  const service = createLanguageService();
  const out: { offset: number; markdown: string }[] = [];
  const scanner = createScanner(doc.text, false);
  // Only the end of the text is an empty token (jsonc-parser's SyntaxKind is a const enum, out of reach here).
  while ((scanner.scan(), scanner.getTokenLength() > 0)) {
    const offset = scanner.getTokenOffset() + Math.min(1, scanner.getTokenLength() - 1);
    const markdown = service.hover(doc, offset)?.markdown;
    if (markdown !== undefined) out.push({ offset, markdown });
  }
  return out;
}

/** Markdown with its backslash escapes removed: the text a renderer shows. */
const shown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('hover Markdown: file text is shown as text', function () {
  this.timeout(60_000);

  it('the scan finds each hostile string as written, and nothing once it is escaped', () => {
    for (const s of MARKDOWN_MARKUP) {
      assert.notDeepEqual(markdownHazards(s), [], s);
      assert.deepEqual(markdownHazards(escapeMarkdown(s)), [], s);
      assert.equal(shown(escapeMarkdown(s)), s);
    }
  });

  for (const [name, text] of [
    ['a valid file with hostile descriptions, zones, regions, engines, query and scenario names', validTopology(MARKDOWN_MARKUP)],
    ['a file with hostile ids, references, kinds and rule names', invalidTopology(MARKDOWN_MARKUP)],
    ['the hostile-text fixture', hostileText()],
  ] as const) {
    it(`no hover on any token of ${name} renders a link, image, autolink or HTML`, () => {
      const hovers = everyHover({ uri: 'file:///w/hostile.scale.json', version: 1, text });
      assert.ok(hovers.length >= 6, `${hovers.length} hovers`);
      for (const h of hovers) assert.deepEqual(markdownHazards(h.markdown), [], `hover at ${h.offset}:\n${h.markdown}`);
    });
  }

  it('a component\'s hover shows its id, zones, region, description and findings literally', () => {
    const text = validTopology(MARKDOWN_MARKUP);
    const service = createLanguageService();
    const doc = { uri: 'file:///w/hostile.scale.json', version: 1, text };
    MARKDOWN_MARKUP.forEach((s, i) => {
      const web = service.hover(doc, text.indexOf(`"web${i}": {`) + 1)!.markdown;
      assert.ok(shown(web).includes(`zones ${s}, ${s} b`), web);
      assert.ok(shown(web).includes(`region ${s}`), web);
      assert.ok(shown(web).includes(`\n\n${s}\n\n`), web);
      const db = service.hover(doc, text.indexOf(`"db${i}": {`) + 1)!.markdown;
      assert.ok(shown(db).includes(`shard key ${s} has`), db);
    });
    const bad = invalidTopology(MARKDOWN_MARKUP);
    const invalid = { uri: 'file:///w/ids.scale.json', version: 1, text: bad };
    for (const s of MARKDOWN_MARKUP) {
      const h = service.hover(invalid, bad.indexOf(`${JSON.stringify(s)}: {`) + 1)!.markdown;
      assert.ok(shown(h).startsWith(`**${s}**`), h);
    }
  });

  it('a rule\'s hover in the rules section renders no link or HTML', () => {
    const text = validTopology(MARKDOWN_MARKUP);
    const service = createLanguageService();
    const doc = { uri: 'file:///w/hostile.scale.json', version: 1, text };
    for (const r of RULES.filter((x) => x.configurable)) {
      const h = service.hover(doc, text.lastIndexOf(`"${r.id}":`) + 1)!.markdown;
      assert.match(h, new RegExp(`^\\*\\*${r.id}\\*\\*`));
      assert.deepEqual(markdownHazards(h), [], h);
    }
  });
});
