/**
 * The PR comment of `scale diff`, read back with a CommonMark parser
 * (markdown-it with GitHub's tables): its tables' headers and cells, the
 * verdict, the diagram and the details for a change to an example, files
 * added, deleted and unreadable; a hostile change that must stay text (no
 * HTML but the comment's own, no link, no image, no extra cell, no mention
 * or reference, no Mermaid syntax from the files); a 1,000-component change
 * that must fit the size bound, say what it left out and cut nothing in
 * half; the same bytes for the same input.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffTopology } from '../../src/core/diff/diff';
import { DIFF_MARKER, diffMarkdown, type DiffMarkdownOptions } from '../../src/core/diff/markdown';
import type { FileDiff } from '../../src/core/diff/types';
import { spelledOut } from '../../src/core/text/invisible';
import { markupTokens, parseMarkdown, renderedTexts, sourceCells, tablesOf, type MdToken, type ParsedTable } from '../support/commonMark';
import { addedFile, bigChange, bigGraphSmallChange, deletedFile, ecommerceChange, HOSTILE_TEXTS, hostileChange, unparsedHead } from '../support/diffFixtures';
import { githubAutolinks } from '../support/markdownHazards';

const OPTIONS: DiffMarkdownOptions = { base: 'main', head: 'feature/catalog-cache', version: '0.1.0' };

/** What a reader sees: the word joiners that break mentions are invisible. */
const seen = (text: string) => text.replace(/\u2060/g, '');

/** The comment's parsed tables, found by their header. */
function table(tokens: readonly MdToken[], firstColumn: string): ParsedTable | undefined {
  return tablesOf(tokens).find((t) => t.header[0] === firstColumn);
}

/** The mermaid fences of a parsed comment. */
function mermaidBlocks(tokens: readonly MdToken[]): string[] {
  return tokens.filter((t) => t.type === 'fence' && t.info.trim() === 'mermaid').map((t) => t.content);
}

/** HTML the comment may hold: its marker and `<details>` blocks with Scale's own summaries. */
const ALLOWED_HTML = [/^html_block: <!-- scale-diff -->$/, /^html_block: <details><summary>[^<>&]*<\/summary>$/, /^html_block: <\/details>$/];

/** What a reader sees of the whole comment, paragraph by paragraph and cell by cell. */
const readText = (markdown: string) => renderedTexts(parseMarkdown(markdown)).map(seen).join('\n');

/** The structural checks every comment must pass: allowed HTML only, no link (but `links`) or image, every table row with its header's cell count, `<details>` balanced, fences closed. */
function assertWellFormed(markdown: string, links: readonly string[] = []): MdToken[] {
  const tokens = parseMarkdown(markdown);
  const markup = markupTokens(tokens);
  assert.deepEqual(markup.html.filter((h) => !ALLOWED_HTML.some((re) => re.test(h))), [], 'HTML other than the marker and <details>');
  assert.deepEqual(markup.links.filter((l) => !links.includes(l)), [], 'links');
  assert.deepEqual(markup.images, [], 'images');
  const lines = markdown.split('\n');
  for (const t of tablesOf(tokens)) {
    for (let i = t.lines[0]; i < t.lines[1]; i++) assert.equal(sourceCells(lines[i]!), t.header.length, `cells of line ${i + 1}: ${lines[i]}`);
    for (const row of t.rows) assert.equal(row.length, t.header.length);
  }
  assert.equal(markup.html.filter((h) => h.includes('<details>')).length, markup.html.filter((h) => h.includes('</details>')).length, '<details> balanced');
  assert.equal((markdown.match(/^```/gm) ?? []).length % 2, 0, 'fences closed');
  for (const text of renderedTexts(tokens)) assert.deepEqual(githubAutolinks(links.reduce((t, l) => t.replaceAll(l, ''), text)), [], 'GitHub autolinks');
  return tokens;
}

describe('diffMarkdown: the PR comment of scale diff', () => {
  describe('a change to the e-commerce example (web 3 → 6 instances, a catalogue cache added)', () => {
    const markdown = diffMarkdown([ecommerceChange()], OPTIONS);
    const tokens = assertWellFormed(markdown);
    const texts = renderedTexts(tokens).map(seen);

    it('starts with the hidden marker, then a heading naming both sides and the one-line verdict', () => {
      assert.equal(DIFF_MARKER, '<!-- scale-diff -->');
      assert.ok(markdown.startsWith(`${DIFF_MARKER}\n`));
      assert.equal(texts[0], 'Scale diff: main → feature/catalog-cache');
      assert.equal(texts[1], '1 finding introduced (1 warning), 2 resolved (2 errors) · web ceiling 11,429 → 22,857 rps · an API server dies: failed requests 162,583 → 4,602');
    });

    it('tables the findings introduced and resolved: rule, severity, where, message', () => {
      const t = table(tokens, 'change')!;
      assert.deepEqual(t.header, ['change', 'rule', 'severity', 'where', 'message']);
      assert.deepEqual(t.rows.map((r) => r.slice(0, 4).map(seen)), [
        ['introduced', 'single-point-of-failure', 'warning', 'components.catalog-cache'],
        ['resolved', 'capacity', 'error', 'components.web.capacity'],
        ['resolved', 'scenario-budget', 'error', 'scenarios[0].expect.failedRequestFraction'],
      ]);
      assert.equal(seen(t.rows[0]![4]!), ecommerceChange().findings.introduced[0]!.message);
    });

    it('tables the entry points whose availability, p50 or p99 moved, as scale paths writes them', () => {
      const t = table(tokens, 'entry point')!;
      assert.deepEqual(t.header, ['entry point', 'availability', 'p50', 'p99']);
      assert.deepEqual(t.rows.map((r) => r.map(seen)), [['shoppers', '99.9957% → 99.9961%', '3.1 ms → 2.4 ms', '412 ms → 287 ms']]);
    });

    it('tables the components whose numbers moved, and only those: load, utilization and ceiling before → after with the change', () => {
      const t = table(tokens, 'component')!;
      assert.deepEqual(t.header, ['component', 'load (rps)', 'utilization', 'ceiling (rps)']);
      assert.deepEqual(t.rows.map((r) => r.map(seen)), [
        ['web', '6,300', '105% → 52.5% (request rate)', '11,429 → 22,857 (+100%)'],
        ['catalog-cache (added)', '— → 3,990', '— → 7.98% (request rate)', '— → 150,376'],
        ['catalog-db', '4,590 → 1,398 (-69.5%)', '33.3% → 6.65% (request rate)', '36,090 → 180,451 (+400%)'],
      ]);
    });

    it('says what saturates first before and after', () => {
      assert.ok(texts.includes('First to saturate: web (request rate) at 11,429 rps → web (request rate) at 22,857 rps.'), texts.join('\n'));
    });

    it('tables the scenario figures and budget verdicts that changed, and leaves out the scenario that did not move', () => {
      const t = table(tokens, 'scenario')!;
      assert.deepEqual(t.header, ['scenario', 'figure', 'before', 'after']);
      assert.deepEqual(t.rows.map((r) => r.map(seen)), [
        ['an API server dies', 'failed requests', '162,583', '4,602'],
        ['an API server dies', 'failed request fraction', '11.3%', '0.32%'],
        ['an API server dies', 'rejected writes', '14,674', '0'],
        ['an API server dies', 'budget failed request fraction', 'violated (≤ 1%)', 'held (≤ 1%)'],
      ]);
    });

    it('draws the head as a Mermaid flowchart: generated node ids, the added cache and changed web styled, the added and removed calls styled', () => {
      const [chart, ...more] = mermaidBlocks(tokens);
      assert.equal(more.length, 0);
      const lines = chart!.trimEnd().split('\n');
      assert.equal(lines[0], 'flowchart LR');
      assert.ok(lines.includes('  n6["catalog#45;cache #40;cache#41;"]'), chart);
      assert.ok(lines.includes('  n3 -.-> n5'), 'the removed call web → catalog-db, dashed');
      assert.ok(lines.includes('  class n6 added') && lines.includes('  class n3 changed'), chart);
      assert.ok(lines.includes('  linkStyle 13,14 stroke:#1a7f37,stroke-width:2px') && lines.includes('  linkStyle 15 stroke:#cf222e,stroke-dasharray:5 5'), chart);
    });

    it('gives the details in <details> blocks: field changes, calls added and removed, unchanged findings', () => {
      const html = markupTokens(tokens).html;
      assert.deepEqual(html.filter((h) => h.includes('<summary>')), [
        'html_block: <details><summary>Components: 1 added, 0 removed, 1 changed</summary>',
        'html_block: <details><summary>Calls: 2 added, 1 removed, 0 changed</summary>',
        'html_block: <details><summary>Findings on both sides: 1 (1 warning)</summary>',
      ]);
      for (const item of ['catalog-cache (cache): added', 'web (service): instances 3 → 6', 'web → catalog-cache (read): added', 'web → catalog-db (read): removed']) {
        assert.ok(texts.includes(item), `${item} in\n${texts.join('\n')}`);
      }
    });

    it('says nothing was left out when everything fits', () => {
      assert.ok(!/left out/i.test(markdown));
      assert.ok(markdown.length < 60_000);
    });
  });

  it('a file added, a file deleted and a head that does not parse are each said so, with their findings introduced or resolved', () => {
    const markdown = diffMarkdown([addedFile(), deletedFile(), unparsedHead()], OPTIONS);
    const tokens = assertWellFormed(markdown);
    const texts = renderedTexts(tokens).map(seen);
    for (const line of [
      'topologies/search.scale.json (added)',
      'The change adds this file: it is compared with no file.',
      'topologies/legacy.scale.json (deleted)',
      'The change deletes this file: it is compared with no file.',
      'examples/url-shortener.scale.json (modified)',
      'The head does not parse as a topology: its findings are the syntax findings, and only what could be read is compared; the base\'s 1 other finding, and the load and paths of both sides, are not compared.',
      'Scenarios not run on the head: the file does not parse',
    ]) assert.ok(texts.includes(line), `${line} in\n${texts.join('\n')}`);
    assert.match(texts[1]!, /^examples\/url-shortener\.scale\.json does not parse on the head · 2 findings introduced \(1 error, 1 warning\), 1 resolved \(1 error\), 1 finding of the base not compared · no ceiling or scenario outcome moved where compared$/);
    const findings = tablesOf(tokens).filter((t) => t.header[0] === 'change').map((t) => t.rows.map((r) => `${r[0]} ${r[1]}`));
    assert.deepEqual(findings, [['introduced single-point-of-failure'], ['resolved multi-leader-conflicts'], ['introduced syntax']]);
  });

  describe('a hostile change: every text from the files is markup, a mention, a reference or Mermaid syntax', () => {
    // Large enough for every part, so that every hostile text is shown; the default bound is checked after.
    const markdown = diffMarkdown([hostileChange()], { ...OPTIONS, base: HOSTILE_TEXTS[5]!, head: HOSTILE_TEXTS[8]!, htmlHint: HOSTILE_TEXTS[2]!, maxChars: 1_000_000 });

    it('renders no HTML but the marker and <details>, no link, no image, no extra cell, no mention, reference or autolink', () => {
      assertWellFormed(markdown);
      assertWellFormed(diffMarkdown([hostileChange()], { ...OPTIONS, htmlHint: HOSTILE_TEXTS[2]! }));
    });

    it('shows each hostile text as written (controls spelled out) in its table cells', () => {
      const tokens = parseMarkdown(markdown);
      const rules = table(tokens, 'change')!.rows.map((r) => seen(r[1]!));
      const messages = table(tokens, 'change')!.rows.map((r) => seen(r[4]!));
      const scenarios = table(tokens, 'scenario')!.rows.map((r) => seen(r[0]!));
      for (const s of HOSTILE_TEXTS) {
        const shown = spelledOut(s).trim();
        assert.ok(rules.includes(shown), `rule ${JSON.stringify(s)}`);
        assert.ok(messages.some((m) => m === shown || m.startsWith(shown.slice(0, 250))), `message ${JSON.stringify(s)}`);
        assert.ok(scenarios.includes(shown), `scenario ${JSON.stringify(s)}`);
      }
    });

    it('keeps the verdict on one line and every `@` and `#` of the files broken by a word joiner', () => {
      const lines = markdown.split('\n');
      assert.ok(!lines[4]!.includes('\n') && lines[5] === '', 'verdict is one line');
      assert.ok(!/(?<!\\)[@#](?!\u2060)/.test(markdown.replace(/```mermaid[\s\S]*?```/g, '').replace(/^#+ /gm, '')), 'an @ or # without a joiner');
    });

    it('draws the diagram with generated node ids and labels that hold no Mermaid syntax', () => {
      const [chart] = mermaidBlocks(parseMarkdown(markdown));
      for (const line of chart!.trimEnd().split('\n').slice(1)) {
        assert.match(line, /^ {2}(?:n\d+\["(?:[A-Za-z0-9 ]|#\d+;)*"\]|n\d+ (?:-->|-\.->) n\d+|classDef (?:added|removed|changed) [a-z:#0-9,-]+(?: 5)?(?:,[a-z:#0-9-]+)*|class n\d+(?:,n\d+)* (?:added|removed|changed)|linkStyle \d+(?:,\d+)* [a-z:#0-9, -]+)$/, line);
      }
    });
  });

  describe('a change to every component of a 1,000-component topology', () => {
    const hint = 'https://github.com/acme/shop/actions/runs/42';
    const markdown = diffMarkdown([bigChange()], { ...OPTIONS, htmlHint: hint });

    it('stays within 60,000 characters and says what it left out, pointing at the full report', () => {
      assert.ok(markdown.length <= 60_000, `${markdown.length} characters`);
      const tokens = assertWellFormed(markdown, [hint]);
      const note = renderedTexts(tokens).map(seen).find((t) => t.startsWith('Left out'));
      assert.ok(note, 'a line says what was left out');
      assert.match(note, /^Left out to stay within GitHub's comment size: [\d,]+ of 1,000 components whose numbers moved, 1,000 of 1,000 lines of details; the full report: https:\/\/github\.com\/acme\/shop\/actions\/runs\/42\.$/);
      assert.deepEqual(markupTokens(tokens).links, [hint]);
    });

    it('keeps the more important parts whole: every finding, the first rows of numbers, the diagram', () => {
      const tokens = parseMarkdown(markdown);
      assert.equal(table(tokens, 'change')!.rows.length, 100);
      assert.ok(table(tokens, 'component')!.rows.length >= 20);
      assert.equal(mermaidBlocks(tokens).length, 1);
    });

    it('stays within any bound, cutting whole rows and blocks only', () => {
      for (const maxChars of [2000, 5000, 10_000, 30_000]) {
        const small = diffMarkdown([bigChange()], { ...OPTIONS, htmlHint: hint, maxChars });
        assert.ok(small.length <= maxChars, `${small.length} > ${maxChars}`);
        const tokens = assertWellFormed(small, [hint]);
        assert.ok(renderedTexts(tokens).some((t) => t.startsWith('Left out')), `${maxChars}: the note`);
      }
    });

    it('draws at most maxEdges edges, collapsed with a note', () => {
      const [chart] = mermaidBlocks(parseMarkdown(markdown));
      assert.ok((chart!.match(/ -\.?-> /g) ?? []).length <= 500);
      assert.match(readText(markdown), /The diagram shows the first 500 of the 1,000 components the change touched/);
    });
  });

  it('collapses a big graph where little changed to the changed components and their neighbours', () => {
    const markdown = diffMarkdown([bigGraphSmallChange()], OPTIONS);
    const tokens = assertWellFormed(markdown);
    const [chart] = mermaidBlocks(tokens);
    const nodes = chart!.split('\n').filter((l) => /^ {2}n\d+\[/.test(l));
    assert.equal(nodes.length, 21);
    assert.match(readText(markdown), /The diagram is collapsed to the 9 components the change touched and the 12 components next to them \(of 1,000 components and 1,498 calls\)/);
  });

  it('collapses the example\'s diagram when maxEdges is below its calls', () => {
    const markdown = diffMarkdown([ecommerceChange()], { ...OPTIONS, maxEdges: 6 });
    const [chart] = mermaidBlocks(assertWellFormed(markdown));
    assert.ok((chart!.match(/ -\.?-> /g) ?? []).length <= 6, chart);
    assert.match(readText(markdown), /The diagram is collapsed to the 3 components the change touched and the calls between them \(of 15 components and 16 calls\)/);
  });

  it('gives the same bytes for the same input', () => {
    const files = (): FileDiff[] => [ecommerceChange(), addedFile(), deletedFile(), unparsedHead(), hostileChange(), bigChange()];
    assert.equal(diffMarkdown(files(), OPTIONS), diffMarkdown(files(), OPTIONS));
  });

  it('points at the HTML page when it leaves parts out and no report link is given', () => {
    const markdown = diffMarkdown([bigChange()], { ...OPTIONS, maxChars: 5000 });
    const tokens = assertWellFormed(markdown);
    const note = renderedTexts(tokens).map(seen).find((t) => t.startsWith('Left out'));
    assert.match(note ?? '', /; scale diff --format html gives every part\.$/);
    assert.ok(markdown.includes('`scale diff --format html`'), 'the command as code');
  });

  it('links the full report only when the hint is a plain http(s) URL, and quotes any other hint as text', () => {
    const url = diffMarkdown([bigChange()], { ...OPTIONS, htmlHint: 'https://example.com/run/1', maxChars: 5000 });
    assert.deepEqual(markupTokens(parseMarkdown(url)).links, ['https://example.com/run/1']);
    const text = diffMarkdown([bigChange()], { ...OPTIONS, htmlHint: 'the scale-diff.html artifact of this run', maxChars: 5000 });
    const tokens = assertWellFormed(text);
    assert.ok(renderedTexts(tokens).some((t) => seen(t).endsWith('the full report: the scale-diff.html artifact of this run.')));
    const tricky = diffMarkdown([bigChange()], { ...OPTIONS, htmlHint: 'https://x.io/<img src=x onerror=alert(1)>', maxChars: 5000 });
    assertWellFormed(tricky);
  });

  it('rows a finding on both sides whose figures moved as "new figures", with what it read before, and says so in the verdict', () => {
    const startup = fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'startup.scale.json'), 'utf8');
    const from = '"capacity": { "rps": 1500, "connectionPool": 100, "latency": "10ms" }';
    assert.ok(startup.includes(from));
    const d = diffTopology({ label: 'main', read: { text: startup } }, { label: 'head', read: { text: startup.replace(from, from.replace('1500', '1600')) } });
    const markdown = diffMarkdown([{ ...d, path: 'startup.scale.json' }], OPTIONS);
    const tokens = assertWellFormed(markdown);
    const t = table(tokens, 'change')!;
    const db = t.rows.map((r) => r.map(seen)).find((r) => r[0] === 'new figures' && r[1] === 'capacity')!;
    assert.ok(db, JSON.stringify(t.rows.map((r) => r.slice(0, 2).map(seen))));
    assert.match(db[4]!, /^db is at 125% of capacity.* — was: db is at 133\.3% of capacity/);
    assert.match(renderedTexts(tokens).map(seen).join('\n'), /Findings introduced, resolved and with new figures/);
    assert.match(seen(renderedTexts(tokens)[1]!), /\d+ findings? with new figures/);
  });

  it('writes a comment with no file', () => {
    const markdown = diffMarkdown([], OPTIONS);
    assertWellFormed(markdown);
    assert.ok(renderedTexts(parseMarkdown(markdown)).includes('no topology file changed'));
  });
});
