/**
 * Imports across files in a real VS Code (code-server + Chromium, the harness
 * of ui.test.ts) on a copy of examples/, where a platform file
 * (platform/platform.scale.json) is imported by two designs (payments and
 * social-feed): their findings cover the platform's parts, on the import;
 * Rename Symbol (F2) on a platform component, in the platform file, renames
 * it in one edit there and in both importers, neither of them open; once
 * saved, their imports still read, and the Problems panel has nothing about
 * them. Screenshots: test-results/e2e/cross-file-rename/.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ProblemRow, Workbench } from './browser';
import { sleep } from './processes';
import { useUiSuite } from './uiSuite';
import type { ExamplesWorkspace } from './workspace';

const PLATFORM = 'platform/platform.scale.json';
const IMPORTERS = ['payments.scale.json', 'social-feed.scale.json'];
/** What the import rule and an unresolved reference say: none of it may show once the rename is done. */
const BROKEN = /Cannot import|declares no component|does not export|unknown-reference/;

describe('a platform component renamed across the files that import it (code-server + Chromium)', function () {
  const suite = useUiSuite('cross-file-rename', { openFile: 'url-shortener.scale.json' });
  let wb: Workbench;
  let ws: ExamplesWorkspace;
  before(() => {
    ({ wb, ws } = suite);
  });
  const read = (rel: string) => readFileSync(ws.file(rel), 'utf8');
  const problemsOf = (rows: ProblemRow[], file: string) => {
    const at = rows.findIndex((r) => r.kind === 'file' && r.text.startsWith(file));
    if (at < 0) return [];
    const end = rows.findIndex((r, i) => i > at && r.kind === 'file');
    return rows.slice(at + 1, end < 0 ? undefined : end).filter((r) => r.kind === 'problem');
  };

  it('checks both importers with the platform file: its auth-db is a single point of failure on their import, and nothing is broken', async () => {
    for (const file of IMPORTERS) {
      const rows = await wb.waitForProblems((all) => problemsOf(all, file).some((r) => /auth-db is a single point of failure/.test(r.text)), { filter: `**/${file}`, timeoutMs: 90_000 });
      assert.deepEqual(problemsOf(rows, file).filter((r) => BROKEN.test(r.text)).map((r) => r.text), [], file);
    }
    await wb.filterProblems('');
    await wb.screenshot('importers checked with the platform');
  });

  it('F2 on auth in the platform file renames it there and in both importers, in one edit; saved, every file still checks', async () => {
    for (const file of IMPORTERS) assert.match(read(file), /"components": \["auth", "events"\]/, `${file} imports auth as the test expects`);
    await wb.openFileIn('platform', 'platform.scale.json');
    ws.lineOf(PLATFORM, '"auth": {');
    await wb.selectInEditor('"auth": {', 1, 0);
    await wb.renameSymbol('identity');
    await wb.screenshot('platform after the rename');
    await wb.runCommand('File: Save All');
    // The importers were not open: the rename edited and saved them all the same.
    const deadline = Date.now() + 30_000;
    while (!IMPORTERS.every((f) => read(f).includes('"identity"')) || !read(PLATFORM).includes('"identity": {')) {
      if (Date.now() > deadline) throw new Error(`the rename did not reach every file: ${[PLATFORM, ...IMPORTERS].map((f) => `${f}: ${/"identity"/.test(read(f))}`).join(', ')}`);
      await sleep(300);
    }
    assert.match(read(PLATFORM), /"exports": \["identity", "events"\]/);
    for (const file of [PLATFORM, ...IMPORTERS]) assert.doesNotMatch(read(file), /"auth[#"]/, `${file} still names auth`);
    for (const file of IMPORTERS) assert.match(read(file), /"components": \["identity", "events"\]/, file);
    // What the files hold now checks as it did: the platform's finding still on each import, nothing broken.
    for (const file of IMPORTERS) {
      const rows = await wb.waitForProblems((all) => problemsOf(all, file).some((r) => /\(identity depends on it\): auth-db is a single point of failure/.test(r.text)) && !problemsOf(all, file).some((r) => BROKEN.test(r.text)), { filter: `**/${file}`, timeoutMs: 60_000 });
      assert.ok(problemsOf(rows, file).length > 0, file);
    }
    await wb.filterProblems('');
    await wb.screenshot('problems after the rename');
  });
});
