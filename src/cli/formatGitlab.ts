/**
 * GitLab Code Quality JSON: one issue per finding with the rule id as its
 * check name, a severity on GitLab's scale, the file relative to the project
 * with forward slashes, and a fingerprint that stays the same across runs and
 * when lines move (file, rule and JSON path, not the line), so a merge
 * request shows what it adds and what it fixes rather than churn.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../core/findings';
import { problemsOf, regionOf, type ReportFile } from './reportFile';

const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

/** Formats findings as a GitLab Code Quality report; an accepted finding is no issue. */
export function formatGitlab(files: readonly ReportFile[]): string {
  const issues: object[] = [];
  const seen = new Map<string, number>();
  for (const f of files) {
    for (const x of problemsOf(f.findings)) {
      const key = `${f.path}\u0000${x.ruleId}\u0000${JSON.stringify(x.path)}`;
      // GitLab keeps one issue per fingerprint: two findings of one rule at one place are told apart by their order.
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      issues.push({
        type: 'issue',
        description: x.message,
        check_name: x.ruleId,
        fingerprint: createHash('sha256').update(`${key}\u0000${n}`).digest('hex'),
        severity: SEVERITY[x.severity],
        location: { path: f.path, lines: { begin: regionOf(f.lines, x.range).startLine } },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
