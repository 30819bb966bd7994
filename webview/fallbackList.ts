/**
 * The readable fallback when there is no layout (it failed, timed out, or the
 * file is too large to lay out): every component with its kind, instances,
 * load, calls and findings (where an imported one comes from; compared with a
 * base, whether it was added or changed, then the components removed), as a
 * list, then the groups a collapsed diagram drew as one node each; a click
 * reveals a component in the editor (an imported one in its own file).
 * Text only through `textContent`.
 */
import type { DiagramData } from '../src/core/webviewProtocol';
import { el } from './dom';
import { num, plural } from '../src/core/text/format';
import { importedWords, loadLine } from './render';

type DiagramNode = DiagramData['nodes'][number];

/** Renders the list into `root` (replacing what was there). */
export function renderList(root: HTMLElement, data: DiagramData, reason: string, onActivate: (node: DiagramNode) => void): Map<string, HTMLElement> {
  const items = new Map<string, HTMLElement>();
  const nameOf = new Map(data.nodes.map((n) => [n.elkId, n.id] as const));
  const labelOf = new Map((data.graph?.edges ?? []).map((e) => [e.id, e.labels?.[0]?.text] as const));
  const callsOf = new Map<string, string[]>();
  for (const e of data.edges) {
    const list = callsOf.get(e.from) ?? [];
    const label = e.rps !== undefined ? labelOf.get(e.elkId) : undefined;
    list.push(`${nameOf.get(e.to) ?? '?'}${label ? ` (${label})` : ''}`);
    callsOf.set(e.from, list);
  }
  const head = el('p', reason, 'fallback-reason');
  const list = el('ul', undefined, 'component-list');
  for (const n of data.nodes) {
    const li = el('li', undefined, `component${n.imported ? ' external' : ''}${n.valid ? '' : ' invalid'}`);
    li.tabIndex = 0;
    const line = el('div', undefined, 'component-line');
    line.append(el('span', n.id, 'component-id'), el('span', `${n.kind}${n.instances !== undefined ? ` ×${num(n.instances)}` : ''}`, 'component-kind'));
    if (n.imported) line.append(el('span', importedWords(n.imported), 'component-imported'));
    const load = loadLine(n);
    if (load) line.append(el('span', load, 'component-load'));
    const status = data.change ? n.change?.status : undefined;
    if (status && status !== 'unchanged') line.append(el('span', `${status} since ${data.change!.base}`, `component-change change-${status}`));
    const { error, warning, info } = n.findings.counts;
    if (error + warning + info > 0) line.append(el('span', `${plural(error, 'error')} · ${plural(warning, 'warning')} · ${plural(info, 'info')}`, 'component-counts'));
    li.append(line);
    const calls = callsOf.get(n.elkId);
    if (calls?.length) li.append(el('div', `calls ${calls.join(', ')}`, 'component-calls'));
    if (n.findings.items.length > 0) {
      const fl = el('ul', undefined, 'finding-list');
      for (const f of n.findings.items) {
        const fi = el('li');
        fi.append(el('span', f.severity, `sev ${f.severity}`), el('span', ` ${f.ruleId} `, 'rule'), el('span', f.message));
        fl.append(fi);
      }
      li.append(fl);
    }
    li.addEventListener('click', () => onActivate(n));
    li.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') onActivate(n);
    });
    items.set(n.elkId, li);
    list.append(li);
  }
  root.replaceChildren(head, list);
  for (const c of data.collapsed?.clusters ?? []) {
    const { error, warning, info } = c.findings;
    const li = el('li', undefined, 'component cluster');
    const line = el('div', undefined, 'component-line');
    line.append(el('span', c.title, 'component-id'), el('span', `collapsed: ${plural(c.components, 'component')}`, 'component-kind'));
    if (error + warning + info > 0) line.append(el('span', `${plural(error, 'error')} · ${plural(warning, 'warning')} · ${plural(info, 'info')}`, 'component-counts'));
    li.append(line);
    list.append(li);
  }
  if (data.omittedNodes > 0) root.append(el('p', `… and ${plural(data.omittedNodes, 'more component')}`, 'fallback-reason'));
  const removed = data.change?.removedNodes ?? [];
  if (removed.length > 0) {
    root.append(el('p', `Removed since ${data.change!.base}: ${removed.map((n) => `${n.id} (${n.kind})`).join(', ')}`, 'component-change change-removed'));
  }
  return items;
}
