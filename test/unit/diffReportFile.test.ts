/**
 * One compared file as the HTML page of `scale diff` shows it, built from
 * the comparison on plain Node: which components each side's diagram marks
 * (by that side's ids: a renamed component under its base id on the base),
 * and every table with its rows in the words of the other formats.
 */
import assert from 'node:assert/strict';
import { fieldChangeText, fileNotes, loadRow, outcomeRows } from '../../src/core/diff/diffWords';
import type { DiffTable } from '../../src/core/report/diffReportData';
import { diffReportFile, marks } from '../../src/core/report/diffReportFile';
import { addedFile, deletedFile, ecommerceChange, expectedTableRows, HOSTILE_TEXTS, hostileChange, unparsedHead } from '../support/diffFixtures';

const tableOf = (tables: readonly DiffTable[], name: string) => tables.find((t) => t.name === name)!;

describe('diffReportFile: a compared file on the HTML page of scale diff', () => {
  describe('the e-commerce change (web 3 → 6 instances, a catalogue cache added)', () => {
    const f = ecommerceChange();
    const page = diffReportFile(f, {});

    it('marks the added cache and the changed web on the head, and only web on the base', () => {
      assert.deepEqual(marks(f, 'head'), [{ id: 'web', change: 'changed', details: ['instances 3 → 6'] }, { id: 'catalog-cache', change: 'added', details: [] }]);
      assert.deepEqual(marks(f, 'base'), [{ id: 'web', change: 'changed', details: ['instances 3 → 6'] }]);
    });

    it('has every table, in order, each with the rows the comparison gives', () => {
      assert.deepEqual(page.tables.map((t) => t.name), ['introduced', 'resolved', 'unchanged', 'components', 'calls', 'scenarios', 'settings', 'entries', 'load', 'saturation', 'outcomes']);
      assert.deepEqual(Object.fromEntries(page.tables.map((t) => [t.name, t.rows.length])), expectedTableRows(f));
    });

    it('writes the findings with the line:column of their side, and each is about its component on that side', () => {
      const resolved = tableOf(page.tables, 'resolved');
      assert.deepEqual(resolved.columns, ['severity', 'rule', 'line:column', 'where', 'finding']);
      assert.deepEqual(resolved.rows[0], { cells: ['error', 'capacity', '61:16', 'components.web.capacity', f.findings.resolved[0]!.message], tone: 'error', component: { side: 'base', id: 'web' } });
      assert.deepEqual(tableOf(page.tables, 'introduced').rows[0]!.component, { side: 'head', id: 'catalog-cache' });
      // A scenario's finding is about no component.
      assert.equal(resolved.rows[1]!.component, undefined);
    });

    it('writes the design, the load and the outcomes in the words of every format', () => {
      assert.deepEqual(tableOf(page.tables, 'components').rows.map((r) => r.cells), [['added', 'catalog-cache', 'cache', ''], ['changed', 'web', 'service', 'instances 3 → 6']]);
      assert.deepEqual(tableOf(page.tables, 'calls').rows.map((r) => r.cells), [['added', 'web → catalog-cache (read)', ''], ['added', 'catalog-cache → catalog-db (mixed)', ''], ['removed', 'web → catalog-db (read)', '']]);
      const moved = f.numbers.components.filter((c) => c.moved);
      assert.deepEqual(tableOf(page.tables, 'load').rows.map((r) => r.cells), moved.map((c) => Object.values(loadRow(c))));
      assert.deepEqual(tableOf(page.tables, 'saturation').rows.map((r) => r.cells), [['peak workload (rps)', '12,000', '12,000'], ['first to saturate', 'web (request rate) at 11,429 rps', 'web (request rate) at 22,857 rps']]);
      const outcomes = tableOf(page.tables, 'outcomes');
      assert.deepEqual(outcomes.rows.map((r) => r.cells), outcomeRows(f.scenarios[0]!).map((r) => [r.scenario, r.figure, r.before, r.after]));
      assert.equal(outcomes.rows.at(-1)!.tone, 'held', 'the budget held after the change');
      assert.equal(outcomes.note, '1 of 2 scenarios moved, run on both sides with seed 1.');
      assert.deepEqual(page.notes, fileNotes(f));
    });

    it('draws the sides it is given, and says why for a side it is not', () => {
      assert.equal(page.base.missing, 'The base was not drawn.');
      assert.equal(page.head.label, 'examples/ecommerce.scale.json');
    });
  });

  it('says that a side has no file, or does not read as a topology, instead of drawing it', () => {
    assert.equal(diffReportFile(addedFile(), {}).base.missing, 'There is no base file: the change adds it.');
    assert.equal(diffReportFile(deletedFile(), {}).head.missing, 'There is no head file: the change deletes it.');
    assert.equal(diffReportFile(unparsedHead(), {}).head.missing, 'The head does not read as a topology (the file does not parse): its findings are those of reading it.');
    assert.deepEqual(marks(deletedFile(), 'base'), [{ id: 'mainframe', change: 'removed', details: [] }]);
    assert.deepEqual(marks(deletedFile(), 'head'), []);
  });

  describe('a hostile change: every id, kind, message and value is markup', () => {
    const f = hostileChange();
    const page = diffReportFile(f, {});

    it('marks each side by its own ids: a renamed component under its base id on the base, its head id on the head', () => {
      const nodes = f.graph.nodes;
      const head = marks(f, 'head');
      const base = marks(f, 'base');
      assert.deepEqual(head.map((m) => [m.id, m.change]), nodes.filter((n) => n.status === 'added' || n.status === 'changed').map((n) => [n.id, n.status]));
      assert.deepEqual(base.map((m) => [m.id, m.change]), nodes.filter((n) => n.status === 'removed' || n.status === 'changed').map((n) => [n.status === 'changed' ? n.renamedFrom ?? n.id : n.id, n.status]));
      const renamed = nodes.find((n) => n.renamedFrom !== undefined)!;
      assert.equal(base.find((m) => m.id === renamed.renamedFrom)!.details[0], `renamed to ${renamed.id}`);
      const change = f.structure.components.changed.find((c) => c.id === renamed.id)!;
      assert.deepEqual(head.find((m) => m.id === renamed.id)!.details, [`renamed from ${renamed.renamedFrom}`, ...change.changes.map(fieldChangeText)]);
    });

    it('carries every text as it is, in the cells: the page puts them in as text', () => {
      assert.deepEqual(Object.fromEntries(page.tables.map((t) => [t.name, t.rows.length])), expectedTableRows(f));
      const cells = page.tables.flatMap((t) => t.rows.flatMap((r) => r.cells)).join('\n');
      for (const t of HOSTILE_TEXTS) assert.ok(cells.includes(t), t);
    });
  });
});
