/**
 * The hostile-text fixture (markup, script end tags and script URLs in every
 * free text of the format) drawn by the built webview under its CSP: each
 * text shows literally where the diagram puts it, nothing is made from it,
 * nothing runs, nothing is refused. The e2e suite checks the same file in a
 * real VS Code.
 */
import assert from 'node:assert/strict';
import { HOSTILE_TEXT_NAME, hostileText, hostileTextPlaces, missingHostileText, PAGE_COUNT_INJECTED, PAGE_READ_TEXTS, type HostileTextShown } from '../../support/hostileText';
import { diagramOf, openWebview, webviewAvailable } from './chromiumPage';

const URI = `file:///w/${HOSTILE_TEXT_NAME}`;

describe('webview in Chromium: hostile text in every free-text field', function () {
  this.timeout(60_000);

  it('shows each text literally where the diagram puts it; nothing is made from it, runs or is refused', async function () {
    if (!webviewAvailable) this.skip();
    const w = await openWebview({ state: JSON.stringify({ uri: URI }) });
    try {
      await w.waitFor((m) => m.type === 'ready');
      await w.post({ type: 'diagram', file: HOSTILE_TEXT_NAME, diagram: diagramOf(hostileText(), URI) });
      assert.equal((await w.waitFor((m) => m.type === 'layoutReport')).outcome, 'laidOut');
      assert.deepEqual(missingHostileText((await w.page.evaluate(PAGE_READ_TEXTS)) as HostileTextShown, hostileTextPlaces()), []);
      assert.deepEqual(await w.page.evaluate(PAGE_COUNT_INJECTED), { embedded: 0, handlers: 0, scriptUrls: 0, scriptsMentioning: 0 });
      assert.equal(await w.page.evaluate('window.__pwned'), undefined);
      const r = await w.record();
      assert.deepEqual(r.violations, [], 'CSP violations');
      assert.deepEqual(r.errors, [], 'script errors');
    } finally {
      await w.close();
    }
  });
});
