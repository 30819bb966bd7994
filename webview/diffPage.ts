/**
 * The page of `scale diff --format html`, drawn by the report's script from
 * the data the CLI embedded: the verdict, then per file the base's and the
 * head's diagrams side by side (the report's diagram frame), with the
 * components the change added, removed or changed marked by class once the
 * renderer has drawn them, and every table. Selecting a row marks its
 * component on its side's diagram; clicking a component selects its rows.
 * Every text from the files goes in through `textContent`.
 */
import type { DiffNodeMark, DiffReportData, DiffReportFile, DiffReportSide, DiffTable } from '../src/core/report/diffReportData';
import { num, plural } from '../src/core/text/format';
import { type DiagramFrame, diagramFrame, fileStem } from './diagramFrame';
import { el } from './dom';

/** Words of the marks, for the legend and the components' tooltips. */
const CHANGE_WORDS: Record<DiffNodeMark['change'], string> = {
  added: 'added by the change',
  removed: 'removed by the change',
  changed: 'changed by the change',
};

/** The page's elements, in order. */
export function diffPage(data: DiffReportData): HTMLElement[] {
  const heading = el('h1', 'Scale diff');
  const subtitle = el('p', undefined, 'subtitle');
  subtitle.append(el('code', data.base), ' → ', el('code', data.head), ` · ${plural(data.files.length, 'file')} compared`);
  const verdict = el('p', data.verdict, 'diff-verdict');
  const legend = el('p', undefined, 'legend');
  legend.setAttribute('aria-label', 'What the marks on the diagrams mean');
  for (const change of ['added', 'removed', 'changed'] as const) legend.append(el('span', CHANGE_WORDS[change], change));
  const files = data.files.map(fileSection);
  const footer = el('footer', `Written by scale ${data.version}. The same files give the same page.`);
  return [heading, subtitle, verdict, ...(files.length > 0 ? [legend] : []), ...files, footer];
}

/** A row drawn, with the component it is about. */
interface DrawnRow {
  row: HTMLTableRowElement;
  side: 'base' | 'head';
  id: string;
}

function fileSection(f: DiffReportFile): HTMLElement {
  const section = el('section', undefined, 'diff-file');
  section.append(el('h2', `${f.path} (${f.status})`));
  for (const note of f.notes) section.append(el('p', note, 'subtitle'));

  const rows: DrawnRow[] = [];
  const frames = new Map<'base' | 'head', DiagramFrame>();
  const selectRowsOf = (side: 'base' | 'head', id: string) => {
    frames.get(side)?.mark(id, false);
    let first: HTMLTableRowElement | undefined;
    for (const r of rows) {
      const on = r.side === side && r.id === id;
      r.row.classList.toggle('selected', on);
      if (on) first ??= r.row;
    }
    first?.scrollIntoView({ block: 'nearest' });
  };
  const sides = el('div', undefined, 'sides');
  for (const name of ['base', 'head'] as const) {
    const box = sideBox(f, name, f[name], (id) => selectRowsOf(name, id));
    if (box.frame) frames.set(name, box.frame);
    sides.append(box.element);
  }
  section.append(sides);

  const selectRow = (row: HTMLTableRowElement, side: 'base' | 'head', id: string) => {
    for (const r of rows) r.row.classList.toggle('selected', r.row === row);
    const frame = frames.get(side);
    for (const [other, fr] of frames) if (other !== side) fr.mark(undefined, false);
    frame?.mark(id, true);
    frame?.element.scrollIntoView({ block: 'nearest' });
  };
  for (const t of f.tables) section.append(...tableBlock(t, rows, selectRow));
  return section;
}

/** One side: its label, then its diagram with the change's marks, or why it has none. */
function sideBox(f: DiffReportFile, name: 'base' | 'head', s: DiffReportSide, onActivate: (id: string) => void): { element: HTMLElement; frame?: DiagramFrame } {
  const box = el('div', undefined, `side ${name}`);
  box.append(el('h3', `${name === 'base' ? 'Base' : 'Head'}: ${s.label}`));
  if (s.missing !== undefined || s.diagram === undefined) {
    box.append(el('p', s.missing ?? `The ${name} was not drawn.`, 'missing'));
    return { element: box };
  }
  const frame = diagramFrame({
    diagram: s.diagram,
    laidOut: s.laidOut,
    layoutNote: s.layoutNote,
    imageName: `${fileStem(f.path)}-${name}`,
    label: `Diagram of the ${name}`,
    onActivate: (node) => onActivate(node.id),
  });
  markChanges(frame, s);
  box.append(frame.element);
  return { element: box, frame };
}

/**
 * Marks the drawn components the change touched: a class per change on the
 * element the renderer made for each (found by the component's ELK id), and
 * the change in its tooltip and accessible name. Every declaration of a
 * repeated id is marked.
 */
function markChanges(frame: DiagramFrame, s: DiffReportSide): void {
  const byId = new Map(s.marks.map((m) => [m.id, m] as const));
  for (const n of s.diagram?.nodes ?? []) {
    const m = byId.get(n.id);
    const node = m && frame.nodes.get(n.elkId);
    if (!m || !node) continue;
    node.classList.add(`diff-${m.change}`);
    const words = [CHANGE_WORDS[m.change], ...m.details].join('\n');
    const title = [...node.children].find((c) => c.tagName.toLowerCase() === 'title');
    if (title) title.textContent = `${title.textContent ?? ''}\n\n${words}`;
    else node.append(el('div', words, 'component-change'));
    const label = node.getAttribute('aria-label');
    if (label !== null) node.setAttribute('aria-label', `${label}, ${CHANGE_WORDS[m.change]}`);
  }
}

/** A table's heading, then the table (or what the page says when it has no rows), then its note. */
function tableBlock(t: DiffTable, rows: DrawnRow[], select: (row: HTMLTableRowElement, side: 'base' | 'head', id: string) => void): HTMLElement[] {
  const out: HTMLElement[] = [el('h3', t.rows.length > 0 ? `${t.title} (${num(t.rows.length)})` : t.title)];
  if (t.rows.length === 0) out.push(el('p', t.empty, 'subtitle'));
  else {
    const table = el('table', undefined, 'diff-table');
    table.dataset.table = t.name;
    const head = el('tr');
    for (const c of t.columns) head.append(el('th', c));
    table.append(el('thead'), el('tbody'));
    table.tHead!.append(head);
    for (const r of t.rows) {
      const row = el('tr', undefined, r.tone ? `tone-${r.tone}` : undefined);
      for (const cell of r.cells) row.append(el('td', cell));
      const about = r.component;
      if (about) {
        row.classList.add('about');
        row.tabIndex = 0;
        row.addEventListener('click', () => select(row, about.side, about.id));
        row.addEventListener('keydown', (e) => e.key === 'Enter' && select(row, about.side, about.id));
        rows.push({ row, side: about.side, id: about.id });
      }
      table.tBodies[0]!.append(row);
    }
    out.push(table);
  }
  if (t.note !== undefined) out.push(el('p', t.note, 'subtitle'));
  return out;
}
