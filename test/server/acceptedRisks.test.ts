/**
 * Accepted risks in the language server, through a real JSON-RPC
 * connection: an accepted finding is a hint that says why, the "Accept this
 * risk…" Quick Fix writes the entry (as a snippet that selects the
 * placeholder reason where the client applies snippet edits), and the
 * placeholder is a finding until it is replaced.
 */
import assert from 'node:assert/strict';
import { type CodeAction, type CompletionItem, type Diagnostic, DiagnosticSeverity, type Hover, type Range, type TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PLACEHOLDER_REASON } from '../../src/core/model/schema';
import { LspClient } from './lspClient';

/** A store with async failover (an async-failover-data-loss warning), and a scenario that misses its budget (a scenario-budget error). */
const TEXT = `{
  "version": 1,
  "name": "links",
  "workload": { "peakRps": 1000, "readFraction": 0.5 },
  "components": {
    "web": { "kind": "client", "calls": ["api"] },
    "api": { "kind": "service", "instances": 2, "calls": ["urls"] },
    "urls": {
      "kind": "database",
      "instances": 2,
      "replication": { "mode": "async", "replicas": 1, "lag": { "p50": "50ms", "p99": "200ms" }, "failover": { "mode": "automatic" } }
    }
  },
  "scenarios": [
    { "name": "urls primary dies", "faults": [{ "at": "10s", "kill": "urls" }], "expect": { "lostWrites": 0 } }
  ]
}
`;

const REASON = '≤ 50 writes per failover agreed with payments, see ADR-12';
const HOSTILE = '<img src=x onerror=alert(1)> **bold** [x](command:workbench.action.quit)';

/** TEXT with `accepted` as its last member. */
function accepting(entries: unknown[]): string {
  return TEXT.replace(/\n}\n$/, `,\n  "accepted": ${JSON.stringify(entries)}\n}\n`);
}

/** A diagnostic's message: the server sends plain text. */
const messageOf = (d: Diagnostic) => d.message as string;
const doc = (text: string) => TextDocument.create('x', 'jsonc', 1, text);
const rangeText = (text: string, range: Range) => text.slice(doc(text).offsetAt(range.start), doc(text).offsetAt(range.end));

/**
 * Applies a workspace edit's snippet edits as VS Code does: tab stop 1's text
 * is inserted and selected, and each line of the snippet after the first is
 * indented by the leading white space of the line it starts on. Gives the
 * text and the selection.
 */
function applySnippets(text: string, uri: string, edit: WorkspaceEdit): { text: string; selected: string } {
  const [change] = edit.documentChanges as TextDocumentEdit[];
  assert.equal(change!.textDocument.uri, uri);
  let selected = '';
  const edits = change!.edits.map((e) => {
    if (!('snippet' in e)) return e;
    const start = doc(text).offsetAt(e.range.start);
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', start - 1) + 1, start))![0];
    let out = '';
    let inPlaceholder = false;
    const value = e.snippet.value;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (c === '\\' && '$}\\'.includes(value[i + 1]!)) {
        out += value[++i];
        if (inPlaceholder) selected += value[i];
      } else if (value.startsWith('${1:', i)) {
        inPlaceholder = true;
        i += 3;
      } else if (c === '}' && inPlaceholder) inPlaceholder = false;
      else {
        assert.ok(c !== '$' && c !== '}', `unescaped ${c} in the snippet: ${value}`);
        out += c === '\n' ? `\n${indent}` : c;
        if (inPlaceholder) selected += c;
      }
    }
    return { range: e.range, newText: out };
  });
  return { text: TextDocument.applyEdits(doc(text), edits), selected };
}

describe('accepted risks in the language server (JSON-RPC)', function () {
  this.timeout(30_000);
  let client: LspClient;
  const uri = 'file:///virtual/links.scale.json';

  beforeEach(() => {
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  /** The published diagnostics once the scenario budgets are in (their finding, or the stale acceptance, arrives after the rest). */
  const settled = (accept: (d: Diagnostic[]) => boolean) => client.diagnostics(uri, accept);

  it('an accepted finding is a hint saying it is accepted and why, pointing at the entry; it is not counted', async () => {
    await client.initialize();
    const text = accepting([{ rule: 'async-failover-data-loss', component: 'urls', reason: REASON }, { rule: 'scenario-budget', scenario: 'urls primary dies', reason: HOSTILE }]);
    await client.open(uri, text);
    const diags = await settled((d) => d.some((x) => x.code === 'scenario-budget'));
    const failover = diags.find((d) => d.code === 'async-failover-data-loss')!;
    assert.equal(failover.severity, DiagnosticSeverity.Hint);
    assert.match(messageOf(failover), /^async failover of urls can lose .* — accepted: ≤ 50 writes per failover agreed with payments, see ADR-12$/);
    const entry = failover.relatedInformation!.find((r) => r.message === 'accepted here')!;
    assert.deepEqual(JSON.parse(rangeText(text, entry.location.range)), { rule: 'async-failover-data-loss', component: 'urls', reason: REASON });
    // The budget, simulated after the first publish, is accepted too; the hostile reason is plain text in it.
    const budget = diags.find((d) => d.code === 'scenario-budget')!;
    assert.equal(budget.severity, DiagnosticSeverity.Hint);
    assert.ok(messageOf(budget).endsWith(` — accepted: ${HOSTILE}`), messageOf(budget));
    assert.deepEqual(diags.filter((d) => d.severity !== DiagnosticSeverity.Hint).map((d) => d.code), []);
    const last = client.validated.filter((v) => v.uri === uri).at(-1)!;
    assert.deepEqual([last.errors, last.warnings, last.infos], [0, 0, 0]);
    // The component's hover says so, the reason as text.
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: doc(text).positionAt(text.indexOf('"urls": {') + 2) });
    const markdown = (hover.contents as { value: string }).value;
    assert.match(markdown, /- \*\*accepted\*\* `async-failover-data-loss` .* — accepted: ≤ 50 writes per failover agreed with payments\\, see ADR\\-12/);
  });

  it('an entry that accepts nothing any more is a stale-acceptance warning once the budgets it waits for are simulated', async () => {
    await client.initialize();
    const text = accepting([{ rule: 'scenario-budget', scenario: 'urls primary dies', reason: 'drill' }]).replace('"lostWrites": 0', '"lostWrites": 100000');
    await client.open(uri, text);
    const diags = await settled((d) => d.some((x) => x.code === 'stale-acceptance'));
    const stale = diags.find((d) => d.code === 'stale-acceptance')!;
    assert.equal(stale.severity, DiagnosticSeverity.Warning);
    assert.equal(rangeText(text, stale.range), '"urls primary dies"');
  });

  for (const snippets of [false, true]) {
    it(`"Accept this risk…" writes the entry with the placeholder reason${snippets ? ', selected for typing (a snippet edit)' : ' (a client without snippet edits)'}; applied, the finding is a hint and the placeholder an error`, async () => {
      await client.initialize([], {}, snippets ? { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } : {});
      await client.open(uri, TEXT);
      const diags = await settled((d) => d.some((x) => x.code === 'scenario-budget'));
      const failover = diags.find((d) => d.code === 'async-failover-data-loss')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: failover.range, context: { diagnostics: [failover] } });
      assert.deepEqual(actions.map((a) => a.title).slice(-2), ['Accept this risk…', 'Turn off async-failover-data-loss for this file']);
      const accept = actions.at(-2)!;
      assert.equal(accept.isPreferred, false);
      assert.deepEqual(accept.diagnostics, [failover]);
      let after: string;
      if (snippets) {
        assert.equal(accept.edit!.changes, undefined);
        const applied = applySnippets(TEXT, uri, accept.edit!);
        assert.equal(applied.selected, PLACEHOLDER_REASON);
        after = applied.text;
      } else {
        after = TextDocument.applyEdits(doc(TEXT), accept.edit!.changes![uri]!);
      }
      assert.ok(after.endsWith(`  ],
  "accepted": [
    {
      "rule": "async-failover-data-loss",
      "component": "urls",
      "reason": "${PLACEHOLDER_REASON}"
    }
  ]
}
`), after);
      const from = client.published.length;
      await client.change(uri, after);
      const next = await client.diagnostics(uri, (d, v) => v === 2 && d.some((x) => x.code === 'scenario-budget'), 15_000, from);
      assert.equal(next.find((d) => d.code === 'async-failover-data-loss')!.severity, DiagnosticSeverity.Hint);
      const reason = next.find((d) => d.code === 'schema')!;
      assert.equal(reason.severity, DiagnosticSeverity.Error);
      assert.equal(rangeText(after, reason.range), JSON.stringify(PLACEHOLDER_REASON));
      assert.match(messageOf(reason), /^The reason is still the placeholder/);
      // An accepted finding is not offered to be accepted again.
      const again = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: failover.range, context: { diagnostics: [] } });
      assert.ok(!again.some((a) => a.title === 'Accept this risk…'), again.map((a) => a.title).join(', '));
    });
  }

  it('a scenario\'s missed budget is accepted by the scenario\'s name, and a snippet escapes what the name holds', async () => {
    await client.initialize([], {}, { workspaceEdit: { documentChanges: true, snippetEditSupport: true } });
    const text = TEXT.replace('urls primary dies', 'costs $5 {a} \\\\ b');
    await client.open(uri, text);
    const diags = await settled((d) => d.some((x) => x.code === 'scenario-budget'));
    const budget = diags.find((d) => d.code === 'scenario-budget')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: budget.range, context: { diagnostics: [budget] } });
    const applied = applySnippets(text, uri, actions.find((a) => a.title === 'Accept this risk…')!.edit!);
    assert.deepEqual(JSON.parse(applied.text).accepted, [{ rule: 'scenario-budget', scenario: 'costs $5 {a} \\ b', reason: PLACEHOLDER_REASON }]);
    assert.equal(applied.selected, PLACEHOLDER_REASON);
  });

  it('completes component ids in an entry\'s component, and renaming a component renames it in the entries that accept its findings', async () => {
    await client.initialize();
    const text = accepting([{ rule: 'async-failover-data-loss', component: 'urls', reason: REASON }, { rule: 'capacity', path: ['components', 'urls', 'capacity'], reason: 'r' }]);
    await client.open(uri, text);
    await settled((d) => d.length > 0);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: doc(text).positionAt(text.indexOf('"component":"urls"') + '"component":"'.length) });
    assert.deepEqual(items.map((i) => i.label), ['api', 'urls', 'web']);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: doc(text).positionAt(text.indexOf('"urls": {') + 2), newName: 'links-db' });
    const renamed = JSON.parse(TextDocument.applyEdits(doc(text), edit.changes![uri]!));
    assert.deepEqual(renamed.accepted.map((a: { component?: string; path?: string[] }) => a.component ?? a.path![1]), ['links-db', 'links-db']);
  });
});
