/**
 * GitHub Actions workflow-command annotations. Messages escape `%`, CR and LF
 * and properties also `:` and `,`, so that text from a file can never end an
 * annotation early or start a second command. GitHub shows at most 10
 * annotations of each type per step, so the totals come last with a pointer
 * to the SARIF report.
 */
import { problemsOf, quietNote, regionOf, type ReportFile, type Totals, totalsOf, totalsText } from './reportFile';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Escapes the message part of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Formats findings as workflow commands, one per finding the file does not accept, then a totals line (of `all`, the run's totals, when --quiet shows only some). */
export function formatGithub(files: readonly ReportFile[], all?: Totals): string {
  const out: string[] = [];
  for (const f of files) {
    for (const x of problemsOf(f.findings)) {
      const r = regionOf(f.lines, x.range);
      const props = [
        `file=${escapeProperty(f.path)}`,
        `line=${r.startLine}`,
        `endLine=${r.endLine}`,
        ...(r.startLine === r.endLine ? [`col=${r.startColumn}`, `endColumn=${r.endColumn}`] : []),
        `title=${escapeProperty(`scale ${x.ruleId}`)}`,
      ];
      out.push(`::${COMMAND[x.severity]} ${props.join(',')}::${escapeData(x.message)}`);
    }
  }
  // The annotations are those of `files` (errors alone under --quiet); the totals line counts the run's.
  const annotated = totalsOf(files);
  const t = all ?? annotated;
  const shown = Math.max(annotated.error, annotated.warning, annotated.info) > 10 ? ' GitHub shows at most 10 annotations of each type per step; the SARIF report (--format sarif) has them all.' : '';
  out.push(`scale: ${totalsText(t)} in ${t.files} file${t.files === 1 ? '' : 's'}${quietNote(all)}.${shown}`);
  return out.join('\n') + '\n';
}
