/**
 * The one-pass reader of well-formed text against the general reading
 * (jsonc-parser's parseTree, then the walk that builds the value): on every
 * text it reads, the same tree node for node (types, offsets, lengths, colon
 * offsets, values, parent links; components and scenarios left unread when
 * there is nothing to report in them, and read on first use), the same value,
 * and the same findings in the same order.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'jsonc-parser';
import { isUnread, parseDocument, readWellFormed } from '../../../src/core/model/parse';
import { DENSE, generateTopology } from '../../bench/generateTopology';
import { EXAMPLES_DIR } from '../../support/exampleImports';
import { hostileText } from '../../support/hostileText';
import { mixedInvalidText, mutantsOf } from '../../support/invalidComponents';

/** A node as plain data: every field jsonc-parser sets, children recursively; throws where a child's parent is not its node. */
function shape(node: Node): unknown {
  const out: Record<string, unknown> = { type: node.type, offset: node.offset, length: node.length };
  if (node.colonOffset !== undefined) out.colonOffset = node.colonOffset;
  if (node.value !== undefined || node.type === 'null') out.value = Object.is(node.value, -0) ? '-0' : node.value;
  if (node.children) {
    out.children = node.children.map((c) => {
      assert.equal(c.parent, node, `the parent of the child at ${c.offset} is its node`);
      return shape(c);
    });
  }
  return out;
}

/** The one-pass reading and the general one of a text agree, when the one-pass reader reads it. */
function agree(text: string, name: string): boolean {
  const general = parseDocument(text, 'topology', { onePass: false });
  const onePass = parseDocument(text);
  assert.deepEqual(onePass.findings, general.findings, `${name}: findings`);
  assert.deepEqual(onePass.value, general.value, `${name}: value`);
  assert.deepEqual([...onePass.reported], [...general.reported], `${name}: reported`);
  assert.deepEqual([...onePass.droppedIds], [...general.droppedIds], `${name}: dropped ids`);
  assert.equal(onePass.fatal, general.fatal, `${name}: fatal`);
  if (onePass.root || general.root) assert.deepEqual(shape(onePass.root!), shape(general.root!), `${name}: tree`);
  return readWellFormed(text) !== undefined;
}

/** A topology whose components hold `bodies` (each the text of one component's value), framed with or without a comment. */
function withBodies(bodies: readonly string[], comment: boolean): string {
  const members = bodies.map((b, i) => `    "c${i}": ${b}`).join(',\n');
  return `{${comment ? ' // a comment: the file is not plain JSON\n' : '\n'}  "version": 1, "name": "t", "workload": { "peakRps": 100 },\n  "components": {\n${members}\n  },\n  "scenarios": [${bodies.slice(0, 3).join(', ')}]\n}\n`;
}

/** Component bodies that take every path of the skim that leaves a body unread, and of those that build it. */
const BODIES = [
  '{ "kind": "service", "instances": 2, "calls": ["a", { "to": "b", "share": 0.5 }] }',
  '{}',
  '[]',
  '[1, [2, [3, {}]], "x", true, false, null]',
  '{ "kind": "service", "instances": 0 }',
  '{ "ratio": 0.000, "n": 10.25, "m": -3 }',
  '{ "tiny": -0 }',
  '{ "tiny": -0.0 }',
  '{ "big": 12345678901234567890 }',
  '{ "big": 123456789012345 }',
  '{ "big": 1234567890123456 }',
  '{ "exp": 1e3, "under": 1e-400, "over": 1e400 }',
  '{ "fraction": 9007199254740993.5 }',
  '{ "s": "an \\"escaped\\" string", "t": "a \\u0000 NUL" }',
  '{ "s": "\\ud800" }',
  '{ "__proto__": { "x": 1 }, "y": 2 }',
  '{ "constructor": 1 }',
  '{ "prototype": [1] }',
  '{ "a": 1, "a": 2 }',
  '{ "Aa": 1, "BB": 2 }',
  '{ "inner": { "Aa": 1, "BB": 2, "Aa": 3 } }',
  `{ ${Array.from({ length: 20 }, (_, i) => `"k${i}": ${i}`).join(', ')} }`,
  `{ ${Array.from({ length: 20 }, (_, i) => `"k${i % 18}": ${i}`).join(', ')} }`,
  '{ "a": 1, }',
  '[1, 2, ]',
  '{ "a": /* note */ 1 }',
  '{ "a": 1 // note\n }',
  '{ "a" : 1 ,"b" :\t[ 2 ,3 ] }',
  '{ "deep": ' + '['.repeat(40) + ']'.repeat(40) + ' }',
];

describe('the one-pass reader agrees with the general reading', () => {
  it('on each example', () => {
    for (const name of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.scale.json'))) {
      assert.ok(agree(fs.readFileSync(path.join(EXAMPLES_DIR, name), 'utf8'), name), `${name} is read in one pass`);
    }
  });

  it('on generated topologies of both wirings', () => {
    assert.ok(agree(generateTopology(300), 'base'));
    assert.ok(agree(generateTopology(300, DENSE), 'dense'));
  });

  it('on component bodies that are left unread and those that are built, in plain JSON and in JSONC', () => {
    for (const comment of [false, true]) {
      for (const [i, body] of BODIES.entries()) agree(withBodies([body], comment), `body ${i}${comment ? ' (JSONC)' : ''}`);
      assert.ok(agree(withBodies(BODIES.filter((b) => !b.includes('1e400') && !b.includes('{ "a": 1, }') && !b.includes('[1, 2, ]')), comment), 'every body'));
    }
  });

  it('on the hostile text, components invalid in every way, and seeded mutants of an example', () => {
    agree(hostileText(), 'hostile text');
    agree(mixedInvalidText(300), 'mixed invalid');
    const example = fs.readFileSync(path.join(EXAMPLES_DIR, 'ecommerce.scale.json'), 'utf8');
    mutantsOf(example, 60, 11).forEach((m, i) => agree(m, `mutant ${i}`));
  });

  it('leaves unread the components with nothing to report, and reads each when first asked, as the general reading has it', () => {
    const text = withBodies(BODIES, false);
    const read = readWellFormed(text)!;
    const components = read.root.children!.find((p) => p.children![0]!.value === 'components')!.children![1]!;
    const unread = () => components.children!.filter((p) => isUnread(p.children![1]!)).map((p) => p.children![0]!.value);
    assert.deepEqual(unread(), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c9', 'c27', 'c28']);
    const first = components.children![0]!.children![1]!;
    assert.equal(first.children!.length, 3);
    assert.deepEqual(unread(), ['c1', 'c2', 'c3', 'c4', 'c5', 'c9', 'c27', 'c28']);
  });
});
