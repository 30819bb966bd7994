/**
 * What the language service keeps of a document between requests: its check,
 * and its syntax (tree, plain value, locator, references) only within the
 * cache's budget of text; a document past it is read again for a request,
 * and every answer is the same as with the syntax kept.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createLanguageService, type DocumentInput } from '../../../src/core/service/languageService';
import { Syntax, SYNTAX_CACHE_CHARS, SyntaxCache } from '../../../src/core/service/syntaxCache';
import { invalidComponentsText } from '../../support/invalidComponents';
import { DENSE, generateTopology } from '../../bench/generateTopology';
import { isUnread } from '../../../src/core/model/parse';

const ROOT = path.resolve(__dirname, '../../..');

/** The garbage collector (a full collection). */
function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** A full garbage collection, after the current job (until which V8 keeps every WeakRef's target alive). */
async function collectGarbage(): Promise<void> {
  const gc = gcFunction();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/** Whatever the service answers about a document at a few places: hover, definition, completion, actions, outline, lenses. */
function answers(service: ReturnType<typeof createLanguageService>, doc: DocumentInput, at: number[]): unknown {
  return {
    findings: service.check(doc).findings.length,
    omitted: service.check(doc).omitted,
    hovers: at.map((o) => service.hover(doc, o)),
    definitions: at.map((o) => service.definition(doc, o)),
    references: at.map((o) => service.references(doc, o, true)),
    completions: at.map((o) => service.completions(doc, o).length),
    actions: at.map((o) => service.codeActions(doc, { offset: o, length: 0 }).map((a) => a.title)),
    symbols: service.symbols(doc)[0]!.children!.map((s) => s.children?.length),
    lenses: service.codeLenses(doc).length,
  };
}

describe('the syntax the language service keeps', function () {
  this.timeout(120_000);

  // Regression: the service kept each open document's whole check, its syntax tree, plain
  // value and indexes included: 92 MB for a 4.4 MB file of 100,000 invalid components, and
  // the language server grew from 72 MB to 300 MB when it was opened.
  it('of a document larger than its budget: none between requests, and the same answers', async () => {
    const text = invalidComponentsText(50_000);
    assert.ok(text.length > SYNTAX_CACHE_CHARS, 'the document is larger than the budget');
    const doc: DocumentInput = { uri: 'file:///w/large.scale.json', version: 1, text };
    const service = createLanguageService();
    let tree: WeakRef<object> | undefined = new WeakRef(service.check(doc).parsed.root!);
    await collectGarbage();
    assert.equal(tree.deref(), undefined, 'the checked tree is kept');

    // Requests read it again, and keep it no longer.
    // On a declaration, on a reference to it, and in a component's kind.
    const at = [text.indexOf('"c0":') + 2, text.indexOf('"c0"') + 1, text.indexOf('"kind"', text.indexOf('"c2"')) + 2];
    const again = answers(service, doc, at);
    tree = new WeakRef(service.check(doc).parsed.root!);
    await collectGarbage();
    assert.equal(tree.deref(), undefined, 'a tree read again for a request is kept');
    // The answers of a service that has just checked the document and holds its tree.
    assert.deepEqual(again, answers(createLanguageService(), doc, at));
  });

  it('of documents within its budget: kept, and the same tree for every request', async () => {
    const text = invalidComponentsText(100);
    const doc: DocumentInput = { uri: 'file:///w/small.scale.json', version: 1, text };
    const service = createLanguageService();
    const tree = new WeakRef(service.check(doc).parsed.root!);
    await collectGarbage();
    assert.ok(tree.deref(), 'the tree is kept');
    assert.equal(service.check(doc).parsed.root, tree.deref());
  });

  // Regression: the tree of every value of a 5,000-component design (~20 bytes per byte of text) was built on each
  // check, though a check without findings and the requests an editor makes read no value inside a component (the
  // reference index keeps ranges, not nodes): the language server peaked at ~410 MB while such a file was edited.
  it('of a design without findings, after its check, outline, lenses, hovers and a definition: components still unread', () => {
    const text = generateTopology(2_000, DENSE);
    const doc: DocumentInput = { uri: 'file:///w/generated.scale.json', version: 1, text };
    const service = createLanguageService();
    assert.deepEqual(service.check(doc).findings, []);
    const outline = service.symbols(doc)[0]!.children!.find((s) => s.name === 'components')!.children!;
    assert.deepEqual(outline.slice(0, 2).map((s) => s.detail), ['client', 'loadBalancer · 2 instances']);
    assert.ok(service.codeLenses(doc));
    const field = text.indexOf('"instances"', text.indexOf('"svc-3-1"')) + 2;
    assert.match(service.hover(doc, field)!.markdown, /^\*\*instances\*\*/);
    const reference = text.indexOf('"svc-3-2"', text.indexOf('"svc-3-1":')) + 2;
    assert.match(service.hover(doc, reference)!.markdown, /^\*\*svc\\-3\\-2\*\*/);
    assert.deepEqual(service.definition(doc, reference).map((l) => l.range.offset), [text.indexOf('"svc-3-2":')]);
    const components = service.check(doc).parsed.root!.children!.find((p) => p.children![0]!.value === 'components')!.children![1]!.children!;
    assert.equal(components.filter((p) => isUnread(p.children![1]!)).length, components.length);
  });

  // Regression: a document's check and syntax were replaced only once the check of its new text was made, so while
  // it was made the service held both: twice a large document's data at the peak of each check, and the language
  // server's heap grew to match (a 5,000-component file edited: ~250 MB).
  it('of a document edited: the earlier text\'s check is let go before the new one is made', () => {
    // In a process that compiles on its main thread only: see the probe for why.
    const run = spawnSync(process.execPath, ['--expose-gc', '--no-concurrent-recompilation', '--import', 'tsx', 'test/support/editedCheckRelease.ts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { held, findings } = JSON.parse(run.stdout) as { held: boolean[]; findings: number[] };
    assert.deepEqual(held, [false, false, false, false, false], 'the earlier topology is held as each edit\'s check begins');
    assert.deepEqual(findings, [0, 0, 0, 0, 0, 0]);
  });
});

describe('SyntaxCache', () => {
  it('keeps the syntax of the documents used last that fit its budget, and reads the others again', () => {
    const cache = new SyntaxCache(30);
    const a = '{"version":1}';
    const b = '{"version":2}';
    const c = '{"version":3}';
    const first = cache.get('a', a);
    cache.put('b', b, Syntax.of(b));
    assert.equal(cache.get('a', a), first, 'kept while both fit');
    // c does not fit beside both: b, used before a, goes.
    const third = cache.get('c', c);
    assert.equal(cache.get('a', a), first);
    assert.equal(cache.get('c', c), third);
    const bAgain = cache.get('b', b);
    assert.deepEqual(bAgain.parsed.value, { version: 2 });
    // Reading b again made room by letting a go, the one used longest ago.
    assert.notEqual(cache.get('a', a), first);
  });

  it('reads a document again when its text changed, and never keeps one larger than its budget', () => {
    const cache = new SyntaxCache(20);
    const before = cache.get('a', '{"version":1}');
    assert.notEqual(cache.get('a', '{"version":2}'), before);
    const large = `{"name":"${'x'.repeat(40)}"}`;
    assert.notEqual(cache.get('b', large), cache.get('b', large));
  });
});
