/** The terminal format: `file:line:col severity rule-id message` (`accepted` in place of the severity, the reason after the message), then a summary. */
import { oneLine } from './oneLine';
import { type Paint, painter } from './terminalColor';
import { fileOf, quietNote, regionOf, type ReportFile, type Totals, totalsOf, totalsText } from './reportFile';

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'cyan' } as const;

/**
 * Formats findings for a terminal; `paint` colours severities (plain by
 * default). `all`: the run's totals when `files` shows only some of its
 * findings (--quiet): the summary counts every finding and says what is not
 * shown, so that it never reads "No findings" over warnings it hid.
 */
export function formatText(files: readonly ReportFile[], paint: Paint = painter(false), all?: Totals): string {
  const lines: string[] = [];
  for (const f of files) {
    const file = oneLine(f.path);
    for (const x of f.findings) {
      const r = regionOf(f.lines, x.range);
      const level = x.accepted ? paint('dim', 'accepted') : paint(SEVERITY_STYLE[x.severity], x.severity);
      lines.push(`${file}:${r.startLine}:${r.startColumn} ${level} ${paint('dim', x.ruleId)} ${oneLine(x.message)}${x.accepted ? paint('dim', ` — accepted: ${oneLine(x.accepted.reason)}`) : ''}`);
      for (const rel of x.related ?? []) {
        const where = fileOf(f, rel);
        const rr = regionOf(where.lines, rel.range);
        lines.push(`    ${where === f ? file : oneLine(where.path)}:${rr.startLine}:${rr.startColumn} ${paint('dim', oneLine(rel.message))}`);
      }
    }
    if (f.omitted > 0) lines.push(`${file}: ${f.omitted} more findings not shown`);
  }
  const t = all ?? totalsOf(files);
  const summary = `${totalsText(t)} in ${t.files} file${t.files === 1 ? '' : 's'}${t.omitted ? ` (${t.omitted} more not shown)` : ''}${quietNote(all)}`;
  const problems = t.error + t.warning + t.info;
  lines.push(problems + t.accepted === 0 ? paint('green', `No findings in ${t.files} file${t.files === 1 ? '' : 's'}`) : problems === 0 ? paint('green', summary) : summary);
  // What was not judged, once per file, so that "No findings" is not read as "everything was checked".
  for (const f of files) {
    for (const gap of f.coverage ?? []) {
      const named = gap.components.slice(0, 5).join(', ') + (gap.components.length > 5 ? ` and ${gap.components.length - 5} more` : '');
      lines.push(paint('dim', `  ${oneLine(f.path)}: ${gap.text} (${oneLine(named)})`));
    }
  }
  return lines.join('\n') + '\n';
}
