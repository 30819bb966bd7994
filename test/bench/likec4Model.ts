/**
 * A generated topology in LikeC4's language, for the anchors bench: the same
 * components and calls as the *.scale.json text it is made from, as one .c4
 * file — a specification with one element kind per component kind, and a
 * model with one element per component and one relation per call.
 */

/** An element kind's name in the specification: the component's kind with a prefix, so that no kind reads as a keyword of LikeC4's grammar ("queue" is one of its shapes). */
export function likec4Kind(kind: string): string {
  return `scale_${kind}`;
}

/** The .c4 text of a generated topology (generateTopology's output: ids are letters, digits and dashes). */
export function likec4Model(topologyText: string): string {
  const { name, components } = JSON.parse(topologyText) as { name?: string; components: Record<string, { kind: string; calls?: (string | { to: string })[] }> };
  const kinds = [...new Set(Object.values(components).map((c) => c.kind))];
  const lines = [`// ${name ?? 'topology'}: made from the *.scale.json text of the same name`, 'specification {', ...kinds.map((k) => `  element ${likec4Kind(k)}`), '}', '', 'model {'];
  for (const [id, c] of Object.entries(components)) lines.push(`  ${id} = ${likec4Kind(c.kind)} '${id}'`);
  for (const [id, c] of Object.entries(components)) {
    for (const call of c.calls ?? []) lines.push(`  ${id} -> ${typeof call === 'string' ? call : call.to}`);
  }
  lines.push('}', '');
  return lines.join('\n');
}
