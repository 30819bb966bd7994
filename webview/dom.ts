/** Small DOM helpers of the webview's pages: elements whose text goes in as `textContent`, never as markup. */

/** An element with optional text and class. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** A toolbar button with its accessible label as tooltip. */
export function button(text: string, label: string): HTMLButtonElement {
  const b = el('button', text);
  b.type = 'button';
  b.title = label;
  b.setAttribute('aria-label', label);
  return b;
}

/** A table of rows of text cells, with a header. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], cls: string): HTMLTableElement {
  const t = el('table', undefined, cls);
  const h = el('tr');
  for (const c of head) h.append(el('th', c));
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(h);
  for (const r of rows) {
    const tr = el('tr');
    for (const c of r) tr.append(el('td', c));
    t.tBodies[0]!.append(tr);
  }
  return t;
}
