/**
 * The user of the UI suites: Debian's Chromium driven by playwright-core,
 * headless, with a fresh profile, and helpers that act on the VS Code
 * workbench the way a person does (Explorer, Problems panel, light bulb,
 * hover, F12, status bar), taking a screenshot per step.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { removeTempDir, repoRoot, resultsDir, sleep, tempDir } from './processes';

/** The README's images, which the suites take. */
export const README_IMAGES_DIR = path.join(repoRoot, 'docs', 'images');

/**
 * Where Workbench.readmeImage saves, or undefined: only `npm run screenshots`
 * sets SCALE_E2E_README_IMAGES, so that the suites refresh the README's
 * images as they take their own screenshots.
 */
const readmeImagesDir = process.env.SCALE_E2E_README_IMAGES ? README_IMAGES_DIR : undefined;

/** Chromium from Debian (`apt-get install chromium`); SCALE_E2E_CHROMIUM overrides. */
export const chromiumPath = process.env.SCALE_E2E_CHROMIUM || '/usr/bin/chromium';

/** Flags for Chromium as root, headless, offline. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
];

/** A running browser with one page. */
export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console lines the page printed (errors and warnings first-hand from the workbench). */
  readonly console: string[];
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh user-data folder. */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  const profile = tempDir('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: options.viewport ?? { width: 1400, height: 1000 },
    timeout: 60_000,
    // Make keyboard shortcuts resolve as on Linux whatever the host says.
    locale: 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const lines: string[] = [];
  page.on('console', (m) => {
    if (lines.length < 5000) lines.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  // Workers (a webview's layout worker, say) print on a console of their own.
  page.on('worker', (w) => w.on('console', (m) => {
    if (lines.length < 5000) lines.push(`[worker ${m.type()}] ${m.text()}`);
  }));
  return {
    context,
    page,
    console: lines,
    async close() {
      await context.close().catch(() => undefined);
      removeTempDir(profile);
    },
  };
}

// Code that runs in the page, kept as source text: the project's TypeScript
// has no DOM types, and tsx's keepNames helper (`__name`) does not exist there.
// Playwright sends a function's source; `new Function` gives it plain source.
function pageFunction(source: string): (els: unknown[]) => unknown {
  return new Function('els', `return (${source})(els);`) as (els: unknown[]) => unknown;
}

/** Reads the rendered Problems rows: index, tree level, severity icon, visible text, accessible label. */
const PAGE_READ_PROBLEM_ROWS = pageFunction(`(els) => els.map((el) => {
  const icon = el.querySelector('.marker-icon, .codicon-error, .codicon-warning, .codicon-info');
  const cls = icon ? String(icon.className) : '';
  return {
    index: Number(el.getAttribute('data-index')),
    last: el.getAttribute('data-last-element') === 'true',
    level: Number(el.getAttribute('aria-level') || 0),
    text: el.innerText.replace(/\\s+/g, ' ').trim(),
    label: el.getAttribute('aria-label') || '',
    severity: /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : /info/.test(cls) ? 'info' : undefined,
  };
})`);

/** Reads status bar items as text, codicons given back in `$(name)` form. */
const PAGE_READ_STATUS_ITEMS = pageFunction(`(els) => els.map((el) => {
  const parts = [];
  const walker = el.ownerDocument.createTreeWalker(el, 1 | 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === 3) parts.push(n.textContent || '');
    else if (n.classList && n.classList.contains('codicon')) {
      const icon = [...n.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin');
      if (icon) parts.push('$(' + icon.slice('codicon-'.length) + ')');
    }
  }
  return { id: el.id, text: parts.join('').replace(/\\s+/g, ' ').trim(), label: el.getAttribute('aria-label') || '' };
})`);

/** One row of the Problems panel. */
export interface ProblemRow {
  /** What the row is: a file, a problem, or related information of the problem above. */
  kind: 'file' | 'problem' | 'related';
  /** error, warning or info for a problem. */
  severity: 'error' | 'warning' | 'info' | undefined;
  /** The row's visible text (message, source, code, [Ln, Col]). */
  text: string;
  /** The row's accessible label. */
  label: string;
}

/** A 1-based cursor position as the status bar shows it. */
export interface CursorPosition {
  line: number;
  column: number;
}

/** The VS Code workbench in a page, driven by keyboard and mouse. */
export class Workbench {
  private shot = 0;
  /** How the last lightBulbQuickFix opened the menu: 'light bulb' or 'Ctrl+.' (the bulb did not show). */
  lastQuickFixVia: 'light bulb' | 'Ctrl+.' | undefined;

  constructor(
    readonly page: Page,
    /** Folder for this suite's screenshots. */
    readonly shotsDir: string,
  ) {
    mkdirSync(shotsDir, { recursive: true });
  }

  /** Opens the workbench at `url` and waits until the Explorer shows the workspace. */
  static async open(page: Page, url: string, suite: string): Promise<Workbench> {
    const wb = new Workbench(page, path.join(resultsDir, suite));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
    await wb.dismissNotifications();
    return wb;
  }

  /** Saves a screenshot named after the step, numbered in order. */
  async screenshot(step: string): Promise<string> {
    const file = this.shotFile(step);
    await this.page.screenshot({ path: file }).catch(() => undefined);
    return file;
  }

  /** Saves a screenshot of one element (a webview's frame, say), numbered with the page's. */
  async screenshotOf(target: { screenshot(options: { path: string }): Promise<unknown> }, step: string): Promise<string> {
    const file = this.shotFile(step);
    await target.screenshot({ path: file }).catch(() => undefined);
    return file;
  }

  /**
   * Under `npm run screenshots`, saves the page (or one element of it, a
   * webview's frame say) as the README's image docs/images/NAME.png; a no-op
   * otherwise. Unlike a step's screenshot, a failure to save it fails the test.
   */
  async readmeImage(name: string, target?: { screenshot(options: { path: string }): Promise<unknown> }): Promise<void> {
    if (!readmeImagesDir) return;
    mkdirSync(readmeImagesDir, { recursive: true });
    const file = path.join(readmeImagesDir, `${name}.png`);
    await (target ?? this.page).screenshot({ path: file });
  }

  private shotFile(step: string): string {
    return path.join(this.shotsDir, `${String(++this.shot).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
  }

  /** Closes notification toasts that would cover the status bar or editor. */
  async dismissNotifications(): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    if (await toasts.count()) {
      await this.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    }
  }

  /**
   * Runs a command palette entry by its title. A command that asks for
   * something next in the same widget (a theme, a file) leaves it open: pass
   * `asks` to return without waiting for it to close.
   */
  async runCommand(title: string, options: { asks?: boolean } = {}): Promise<void> {
    await this.focusWorkbench();
    const input = this.page.locator('.quick-input-widget input');
    // A webview that has the focus passes keys on to the workbench, and has been seen to lose one; and a webview
    // that takes the focus back closes the palette just opened: F1 again, from the workbench, in either case.
    for (let attempt = 0; ; attempt++) {
      await this.page.keyboard.press('F1');
      const last = attempt >= 2;
      const typed = await input.waitFor({ timeout: last ? 30_000 : 5000 })
        .then(() => input.fill(`>${title}`, { timeout: last ? 30_000 : 5000 }))
        .then(() => true, (e: unknown) => {
          if (last) throw e;
          return false;
        });
      if (typed) break;
      await this.page.locator('.part.sidebar .title-label').first().click().catch(() => undefined);
    }
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: title }).first().waitFor();
    // Enter runs the highlighted entry, which may be a recently used one: walk to ours.
    for (let i = 0; i < 20; i++) {
      const focused = await rows.and(this.page.locator('.focused')).first().innerText().catch(() => '');
      if (focused.includes(title)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    if (options.asks) return;
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
  }

  private async focusWorkbench(): Promise<void> {
    if ((await this.page.locator('.quick-input-widget:visible').count()) > 0) await this.page.keyboard.press('Escape');
  }

  /** Clicks a button of the active editor's title bar by its label (a contributed `editor/title` command, say). */
  async clickEditorTitleAction(label: string): Promise<void> {
    await this.page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label*="${label}"]`).first().click();
  }

  /** Closes the editor tab whose title contains `title` (a text editor or a webview panel). */
  async closeEditor(title: string): Promise<void> {
    const tab = this.page.locator('.tabs-container .tab').filter({ hasText: title }).first();
    await tab.click();
    await this.runCommand('View: Close Editor');
    await tab.waitFor({ state: 'detached' });
  }

  /** Picks a colour theme through "Preferences: Color Theme", as a person does, by its exact name ("Dark Modern"). */
  async setColorTheme(name: string): Promise<void> {
    await this.runCommand('Preferences: Color Theme', { asks: true });
    // The list previews the theme under focus and Enter keeps it.
    await this.pickQuickItem(name);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * In the quick pick a command opened (after runCommand with `asks`), picks
   * the entry whose label is `label`, as a person types and chooses it.
   */
  async pickQuickItem(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    // The palette's text goes once the command's own pick has replaced it.
    await this.page.waitForFunction(`!(document.querySelector('.quick-input-widget input')?.value || '').startsWith('>')`);
    await input.fill(label);
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: label }).first().waitFor();
    // Walk to the one labelled so (a row may add a group label or a detail line).
    for (let i = 0; i < 20; i++) {
      const focused = await rows.and(this.page.locator('.focused')).first().innerText({ timeout: 1000 }).catch(() => '');
      if (focused.split('\n').some((line) => line.trim() === label)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * Accepts what VS Code's own save dialog (the one a browser gets) suggests,
   * as a person who just presses Enter does; returns the path it showed.
   */
  async acceptSaveDialog(): Promise<string> {
    const input = this.page.locator('.quick-input-widget input');
    // The dialog fills the input with the suggested path (folder and file name).
    await this.page.waitForFunction(`/\\.[^/\\\\]+$/.test(document.querySelector('.quick-input-widget input')?.value || '') && !(document.querySelector('.quick-input-widget input')?.value || '').startsWith('>')`);
    const suggested = await input.inputValue();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    return suggested;
  }

  /** The active editor's breadcrumbs, left to right (file path, then symbols). */
  async breadcrumbs(): Promise<string[]> {
    const items = this.page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item');
    return (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  }

  /** The top rows of the Outline view (opened through its focus command). */
  async outlineRoots(): Promise<string[]> {
    await this.runCommand('Explorer: Focus on Outline View');
    const rows = this.page.locator('.outline-pane .monaco-list-row[aria-level="1"]');
    await rows.first().waitFor();
    return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Waits for the active editor tab to be titled `title` exactly; returns the titles of every tab. */
  async waitForActiveTab(title: string, timeoutMs = 15_000): Promise<string[]> {
    const active = this.page.locator('.editor-group-container.active .tabs-container .tab.active .label-name').first();
    const deadline = Date.now() + timeoutMs;
    while ((await active.innerText().catch(() => '')).trim() !== title) {
      if (Date.now() > deadline) throw new Error(`the active tab is "${await active.innerText().catch(() => '')}", not "${title}"`);
      await sleep(200);
    }
    return this.tabTitles();
  }

  /** The titles of every editor tab. */
  async tabTitles(): Promise<string[]> {
    return (await this.page.locator('.tabs-container .tab .label-name').allInnerTexts()).map((t) => t.trim());
  }

  /** Clicks a file in the Explorer (a top-level entry of the workspace) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
    await row.waitFor();
    await row.click();
    await this.page.locator(`.tabs-container .tab.active[aria-label*="${name}"], .tabs-container .tab.active:has-text("${name}")`).first().waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** Opens a folder of the workspace's top level in the Explorer (a click, as a person expands it) and a file in it. */
  async openFileIn(folder: string, name: string): Promise<void> {
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${folder}"]`).first();
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await this.openFile(name);
  }

  /** Rename Symbol (F2) at the cursor: types the new name over the one offered and accepts it. */
  async renameSymbol(newName: string): Promise<void> {
    await this.page.keyboard.press('F2');
    const input = this.page.locator('.monaco-editor .rename-box input, .monaco-editor .rename-box .rename-input').first();
    await input.waitFor({ timeout: 15_000 });
    await input.fill(newName);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.monaco-editor .rename-box').first().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** The active text editor. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Puts the keyboard focus in the active editor without moving its cursor. */
  async focusEditor(): Promise<void> {
    await this.runCommand('View: Focus Active Editor Group');
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and waits for it; the first time, the panel is made taller. */
  async openProblems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor();
      if (!this.panelResized) {
        this.panelResized = true;
        await this.resizePanel(0.5);
      }
    }
    return panel;
  }

  private panelResized = false;

  /**
   * Drags the sash above the panel so the panel takes `fraction` of the
   * window: fewer Problems rows are virtual, so reading them scrolls less.
   */
  async resizePanel(fraction: number): Promise<void> {
    const panelBox = await this.page.locator('.part.panel').boundingBox();
    const viewport = this.page.viewportSize();
    if (!panelBox || !viewport) return;
    const sashes = this.page.locator('.monaco-sash.horizontal');
    for (let i = 0; i < (await sashes.count()); i++) {
      const box = await sashes.nth(i).boundingBox();
      if (!box || Math.abs(box.y + box.height / 2 - panelBox.y) > 4 || box.width < panelBox.width / 2) continue;
      const x = box.x + box.width / 2;
      await this.page.mouse.move(x, box.y + box.height / 2);
      await this.page.mouse.down();
      await this.page.mouse.move(x, viewport.height * (1 - fraction), { steps: 5 });
      await this.page.mouse.up();
      await this.page.mouse.move(1, 1);
      return;
    }
  }

  /**
   * Sets the text of the Problems filter box (a rule id, a message word or a
   * glob such as `**\/startup.scale.json`; '' for none).
   */
  async filterProblems(text: string): Promise<void> {
    const panel = await this.openProblems();
    const filter = this.page.locator('.part.panel .viewpane-filter input').first();
    if ((await filter.inputValue()) === text) return;
    await filter.fill(text);
    // The view applies the filter after a short debounce.
    await sleep(400);
    await panel.waitFor();
  }

  /**
   * The rows of the Problems panel, after setting its filter to `filter`.
   * The list is virtual: only the rows in view are in the DOM. When they are
   * not all in view, the list is walked from Home a page at a time with the
   * keyboard, which focuses the view and opens the problems it passes (the
   * view opens what it focuses): pass a filter narrow enough to avoid that.
   * Sticky-scroll copies of file rows are not list rows.
   */
  async problems(filter = ''): Promise<ProblemRow[]> {
    const panel = await this.openProblems();
    await this.filterProblems(filter);
    const list = panel.locator('.monaco-list').first();
    if (!(await list.isVisible().catch(() => false))) return [];
    const rows = new Map<number, ProblemRow>();
    const read = async () => {
      const seen = (await list.locator('.monaco-list-rows > .monaco-list-row').evaluateAll(PAGE_READ_PROBLEM_ROWS)) as (Omit<ProblemRow, 'kind'> & { index: number; last: boolean; level: number })[];
      const before = rows.size;
      for (const r of seen) {
        const kind = r.level === 1 ? 'file' : r.level === 2 ? 'problem' : 'related';
        rows.set(r.index, { kind, severity: kind === 'problem' ? r.severity : undefined, text: r.text, label: r.label });
      }
      return { grew: rows.size > before, complete: rows.has(0) && seen.some((r) => r.last) };
    };
    if (!(await read()).complete) {
      rows.clear();
      await this.runCommand('Focus on Problems View');
      await this.page.keyboard.press('Home');
      await sleep(100);
      for (let i = 0, idle = 0; i < 200 && idle < 10; i++) {
        const r = await read();
        if (r.complete) break;
        idle = r.grew ? 0 : idle + 1;
        await this.page.keyboard.press('PageDown');
        await sleep(50);
      }
    }
    const indices = [...rows.keys()].sort((a, b) => a - b);
    if (indices.some((index, i) => index !== i)) throw new Error(`the Problems rows read are not contiguous: ${indices.join(',')}`);
    return indices.map((index) => rows.get(index)!);
  }

  /** Waits until the Problems panel, filtered by `filter`, satisfies `check` in two reads in a row; returns those rows, or throws with the last rows seen. */
  async waitForProblems(check: (rows: ProblemRow[]) => boolean, options: { filter?: string; timeoutMs?: number } = {}): Promise<ProblemRow[]> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let rows: ProblemRow[] = [];
    let previous = '';
    while (Date.now() < deadline) {
      rows = await this.problems(options.filter);
      // Two equal reads in a row: the panel is not in the middle of a refresh.
      const snapshot = JSON.stringify(rows);
      if (snapshot === previous && check(rows)) return rows;
      previous = snapshot;
      await sleep(300);
    }
    throw new Error(`the Problems panel${options.filter ? ` (filter "${options.filter}")` : ''} did not reach the expected state in ${timeoutMs} ms; it shows:\n  ${rows.map((r) => `${r.kind === 'problem' ? r.severity : r.kind}: ${r.text}`).join('\n  ')}`);
  }

  /**
   * Clicks the first Problems row that mentions `text` (a rule id, say),
   * found through the panel's filter box (left set), which opens the
   * problem's place in the editor; with `code`, clicks the row's rule code
   * (the link after the source) instead.
   */
  async clickProblem(text: string, options: { code?: boolean } = {}): Promise<void> {
    const panel = await this.openProblems();
    await this.filterProblems(text);
    const row = panel.locator(`.monaco-list-rows > .monaco-list-row[aria-level="2"]${options.code ? ' a.monaco-link' : ''}`).filter({ hasText: text }).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
  }

  /**
   * Selects text in the active editor through the Find widget (which also
   * scrolls it into view), then narrows the selection to `length` characters
   * starting `offset` characters into the match (or puts the cursor there when
   * length is 0).
   */
  async selectInEditor(text: string, offset = 0, length = text.length - offset): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const find = this.page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
    await find.waitFor();
    // Emptied first: the widget keeps the last search, and the same text filled again does not move to its match ("? of 1").
    await find.fill('');
    await find.fill(text);
    await this.page.locator('.editor-group-container.active .find-widget .matchesCount').filter({ hasText: /^1 of/ }).waitFor({ timeout: 10_000 });
    // Escape closes the widget and leaves the match selected in the editor. Another widget (suggestions, a paste's
    // options) may take the first one: the keys that follow must reach the editor, not the find widget.
    const open = this.page.locator('.editor-group-container.active .find-widget.visible');
    for (let i = 0; i < 3 && (i === 0 || (await open.count()) > 0); i++) {
      await this.page.keyboard.press('Escape');
      await open.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
    }
    if ((await open.count()) > 0) throw new Error(`the find widget would not close: ${await this.screenshot('find widget open')}`);
    await this.page.keyboard.press('ArrowLeft');
    for (let i = 0; i < offset; i++) await this.page.keyboard.press('ArrowRight');
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
  }

  /** Types into the editor at the cursor (replacing the selection), as a person does. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 20 });
  }

  /** The text of the lines the active editor shows (not the whole document). */
  async visibleEditorText(): Promise<string> {
    return (await this.editor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  /**
   * Opens the Quick Fix menu at the cursor (Ctrl+.), returns the titles it
   * lists, and applies the first whose title matches `pick` (or closes the
   * menu when pick is undefined).
   */
  async quickFix(pick?: RegExp): Promise<string[]> {
    await this.page.keyboard.press('Control+.');
    return this.pickAction(pick);
  }

  /**
   * Clicks the light bulb the editor shows on the cursor's line (falling back
   * to Ctrl+., the light bulb's shortcut, when it does not appear in time)
   * and applies the action whose title matches `pick`.
   */
  async lightBulbQuickFix(pick?: RegExp, menuShot?: string): Promise<string[]> {
    // Other editors (hidden ones, the Output view's) have their own, hidden, light bulb widget.
    const bulb = this.page.locator('.monaco-editor .lightBulbWidget:visible').first();
    const shown = await bulb.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (shown) await bulb.click();
    else await this.page.keyboard.press('Control+.');
    this.lastQuickFixVia = shown ? 'light bulb' : 'Ctrl+.';
    return this.pickAction(pick, menuShot);
  }

  private async pickAction(pick?: RegExp, menuShot?: string): Promise<string[]> {
    const widget = this.page.locator('.action-widget');
    await widget.waitFor({ timeout: 15_000 });
    const items = widget.locator('.monaco-list-row.action');
    await items.first().waitFor({ timeout: 15_000 });
    const titles = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    if (!pick) {
      await this.page.keyboard.press('Escape');
      return titles;
    }
    if (!titles.some((t) => pick.test(t))) {
      await this.page.keyboard.press('Escape');
      throw new Error(`no Quick Fix matches ${pick}; the menu lists: ${titles.join(' | ')}`);
    }
    // The keyboard, not a click: the menu lays a pointer block over itself
    // until the mouse moves, which makes clicks flaky.
    for (let i = 0; i <= titles.length; i++) {
      const focused = (await widget.locator('.monaco-list-row.action.focused').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
      if (pick.test(focused)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    // The menu as the user sees it, with the action about to be applied focused.
    if (menuShot) await this.screenshot(menuShot);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    return titles;
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text. */
  async hoverAtCursor(): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    return this.readHover();
  }

  /** Moves the mouse over `target` (e.g. a token in the editor) and returns the hover's text. */
  async hoverOver(target: Locator): Promise<string> {
    await target.hover();
    return this.readHover();
  }

  private async readHover(): Promise<string> {
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ timeout: 15_000 });
    // Contributions arrive one provider at a time: wait for the text to settle.
    let text = '';
    for (let i = 0; i < 10; i++) {
      const next = await hover.innerText().catch(() => text);
      if (next === text && text) break;
      text = next;
      await sleep(200);
    }
    return text;
  }

  /** Closes a hover, menu or widget. */
  async escape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Go to Definition (F12) from the cursor. */
  async goToDefinition(): Promise<void> {
    await this.page.keyboard.press('F12');
  }

  /** The cursor position the status bar shows ("Ln 12, Col 5"). */
  async cursorPosition(): Promise<CursorPosition> {
    const text = await this.page.locator('[id="status.editor.selection"]').innerText();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`unexpected cursor status "${text}"`);
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** How many characters the editor's selection holds, as the status bar says ("(5 selected)"); 0 for a bare cursor. */
  async selectedLength(): Promise<number> {
    const text = await this.page.locator('[id="status.editor.selection"]').innerText();
    const m = /\((\d+) selected\)/.exec(text);
    return m ? Number(m[1]) : 0;
  }

  /** Waits until the cursor is on `line` (1-based). */
  async waitForCursorLine(line: number, timeoutMs = 10_000): Promise<CursorPosition> {
    const deadline = Date.now() + timeoutMs;
    let pos = await this.cursorPosition();
    while (pos.line !== line && Date.now() < deadline) {
      await sleep(200);
      pos = await this.cursorPosition();
    }
    return pos;
  }

  /**
   * The status bar items an extension contributed, by element id prefix
   * (VS Code ids them `<publisher>.<name>.<item id>`). Codicons such as
   * `$(error)` render as icon elements; they are given back in `$(name)` form.
   */
  async statusBarItems(idPrefix: string): Promise<{ id: string; text: string; label: string }[]> {
    return (await this.page.locator(`.statusbar-item[id^="${idPrefix}"]`).evaluateAll(PAGE_READ_STATUS_ITEMS)) as { id: string; text: string; label: string }[];
  }

  /** Waits for the text of a contributed status bar item to match. */
  async waitForStatusBar(idPrefix: string, match: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      const items = await this.statusBarItems(idPrefix);
      seen = items.map((i) => i.text);
      const hit = seen.find((t) => match.test(t));
      if (hit !== undefined) return hit;
      await sleep(300);
    }
    throw new Error(`no status bar item "${idPrefix}*" matched ${match}; seen: ${JSON.stringify(seen)}`);
  }
}
