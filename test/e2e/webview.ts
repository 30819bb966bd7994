/**
 * Webview panels as a UI test reaches them. VS Code hosts each webview in an
 * iframe of its own (its host page, `pre/index.html`, which relays messages
 * and theme changes) that holds the extension's page in an inner iframe
 * (`#active-frame`). The host writes the extension's HTML into that frame
 * with `document.write`, so an init script never reaches the extension's
 * page: what a test watches there, it installs once the page is up.
 */
import type { ElementHandle, Frame, Page } from 'playwright-core';
import { sleep } from './processes';

/** The frames of one webview panel. */
export interface WebviewFrames {
  /** VS Code's host page of the webview: it relays the page's messages to the extension host. */
  host: Frame;
  /** The extension's page. */
  content: Frame;
  /** The inner iframe element (its sandbox attribute; screenshots of the panel alone). */
  element: ElementHandle;
}

/**
 * Waits for a visible webview panel of `extensionId` whose page has an
 * element matching `contentSelector`, and returns its frames.
 */
export async function webviewOf(page: Page, extensionId: string, contentSelector: string, timeoutMs = 30_000): Promise<WebviewFrames> {
  const outer = page.locator(`iframe.webview.ready[src*="extensionId=${extensionId}"]:visible`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (let i = 0; i < (await outer.count()); i++) {
      const inner = outer.nth(i).contentFrame().locator('iframe#active-frame');
      if (!(await inner.count())) continue;
      const host = await (await outer.nth(i).elementHandle({ timeout: 1000 }).catch(() => null))?.contentFrame();
      const element = await inner.elementHandle({ timeout: 1000 }).catch(() => null);
      const content = await element?.contentFrame();
      if (host && element && content && (await content.locator(contentSelector).count().catch(() => 0)) > 0) return { host, content, element };
    }
    await sleep(100);
  }
  throw new Error(`no visible webview of ${extensionId} showing "${contentSelector}" within ${timeoutMs} ms`);
}

/**
 * Console lines (as launchBrowser records them) that report a Content
 * Security Policy violation, from any frame. Chromium words them "Refused
 * to …" or "… violates the following Content Security Policy directive …".
 */
export function cspReports(lines: readonly string[]): string[] {
  return lines.filter((l) => /Content Security Policy|Refused to (load|execute|apply|evaluate|connect|create|frame)/i.test(l));
}

/** Starts recording `securitypolicyviolation` events in a frame's document (once per document). */
export async function watchCspViolations(frame: Frame): Promise<void> {
  await frame.evaluate(`(() => {
    if (window.__scaleCspSeen) return;
    window.__scaleCspSeen = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__scaleCspSeen.push(e.effectiveDirective + ' ' + e.blockedURI + (e.sample ? ' ' + e.sample : '')));
  })()`);
}

/** The violations recorded since watchCspViolations (directive, blocked URI, sample). */
export async function cspViolationsSeen(frame: Frame): Promise<string[]> {
  return (await frame.evaluate('window.__scaleCspSeen ? [...window.__scaleCspSeen] : null')) as string[];
}

/** The page's Content-Security-Policy (its meta tag, as VS Code left it). */
export async function pageCsp(frame: Frame): Promise<string> {
  return String(await frame.evaluate(`document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? ''`));
}

/**
 * Posts a message to the extension host as the webview's page would: the
 * page's `acquireVsCodeApi().postMessage` hands it to this function of the
 * host page (the page's own handle is acquired once and kept in a closure,
 * so a test goes through the host page).
 */
export async function postFromWebview(frames: WebviewFrames, message: unknown): Promise<void> {
  // Through JSON.parse, so that keys such as `__proto__` arrive as own properties, as in a message from a page.
  const json = message === undefined ? 'undefined' : `JSON.parse(${JSON.stringify(JSON.stringify(message))})`;
  await frames.host.evaluate(`window.__vscode_post_message__('onmessage', { message: ${json} })`);
}

/** Waits until an expression is true in a webview's page (polled with evaluate: the page's CSP refuses the eval waitForFunction needs). */
export async function untilInFrame(frame: Frame, expression: string, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await frame.evaluate(expression).catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
