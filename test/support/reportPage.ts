/**
 * The pages `scale report` and `scale diff --format html` write, read back:
 * their inline pieces (CSP, scripts, styles, data block) as text, and the
 * page opened from disk in headless Chromium with its CSP violations, script
 * errors and requests recorded.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM } from '../unit/webview/chromiumPage';

/** The inline scripts and styles of a page, its CSP and its data block. */
export function pagePieces(html: string) {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;|&quot;/g, "'") ?? '';
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1]!, body: m[2]! }));
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const data = JSON.parse(scripts.find((s) => s.attrs.includes('application/json'))!.body);
  return { csp, scripts, styles, data };
}

/** A CSP source that admits exactly this inline text. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** A page opened from disk, with what went wrong in it and what it asked for. */
export interface OpenedPage {
  page: Page;
  /** CSP violations (events and console reports) and script errors so far. */
  violations: () => Promise<string[]>;
  /** Every URL the page requested. */
  requests: string[];
}

/** Opens a written page from disk, once its heading is drawn. */
export async function openPage(browser: Browser, file: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light', acceptDownloads: true });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript({ content: "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));" });
  await page.goto(`file://${file}`);
  await page.locator('h1').waitFor();
  const violations = async () => [...problems, ...((await page.evaluate('window.__violations')) as string[])];
  return { page, violations, requests };
}

/**
 * Headless Chromium and a temporary folder for a suite of page tests (named `prefix`), made before it and removed
 * after it; the suite skips where Chromium is not installed.
 */
export function usePageBrowser(prefix: string): { browser: () => Browser; dir: () => string } {
  let browser: Browser | undefined;
  let dir: string | undefined;
  before(async function () {
    if (!fs.existsSync(CHROMIUM)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return { browser: () => browser!, dir: () => dir! };
}
