/**
 * The panel's script (browser): waits for the host's data after saying it is
 * ready, validates every message, and renders the outline and findings with
 * DOM text nodes only — nothing from the file is ever parsed as HTML.
 */
import { z } from 'zod';
import { HostMessage, type PanelState, type WebviewMessage } from '../src/core/webviewProtocol';

// Under the webview's CSP zod must not probe `eval`.
z.config({ jitless: true });

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  setState(state: PanelState): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

(() => {
  // The handle stays in this closure: nothing else on the page can reach it.
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root')!;
  const initial = document.body.dataset.state;
  if (initial) vscode.setState(JSON.parse(initial) as PanelState);

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const revealOnClick = (li: HTMLElement, line: number, character: number) => {
    li.tabIndex = 0;
    const go = () => vscode.postMessage({ type: 'reveal', line, character });
    li.addEventListener('click', go);
    li.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') go();
    });
  };

  function render(msg: Extract<HostMessage, { type: 'outline' }>): void {
    root.replaceChildren();
    root.append(el('h2', msg.file));
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of msg.findings) counts[f.severity]++;
    root.append(el('p', `${counts.error} errors · ${counts.warning} warnings · ${counts.info} infos`));

    root.append(el('h2', `Components (${msg.components.length})`));
    const comps = el('ul');
    for (const c of msg.components) {
      const li = el('li');
      li.append(el('span', c.id));
      const own = msg.findings.filter((f) => f.component === c.id);
      li.append(el('span', c.detail + (own.length ? ` · ${own.length} finding${own.length === 1 ? '' : 's'}` : ''), 'detail'));
      revealOnClick(li, c.line, c.character);
      comps.append(li);
    }
    root.append(comps);

    if (msg.scenarios.length) {
      root.append(el('h2', `Scenarios (${msg.scenarios.length})`));
      const list = el('ul');
      for (const s of msg.scenarios) {
        const li = el('li', s.name);
        revealOnClick(li, s.line, s.character);
        list.append(li);
      }
      root.append(list);
    }

    root.append(el('h2', `Findings (${msg.findings.length})`));
    const list = el('ul');
    for (const f of msg.findings) {
      const li = el('li');
      li.append(el('span', f.severity, f.severity), el('span', ` ${f.ruleId}`, 'rule'), el('span', f.message));
      revealOnClick(li, f.line, f.character);
      list.append(li);
    }
    root.append(list);
  }

  window.addEventListener('message', (event: MessageEvent) => {
    const parsed = HostMessage.safeParse(event.data);
    if (!parsed.success) return;
    if (parsed.data.type === 'outline') render(parsed.data);
  });
  vscode.postMessage({ type: 'ready' });
})();
