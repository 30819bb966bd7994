/**
 * Whether a checked file can be simulated as written: not while it has an
 * error of reading, validation, reference resolution or imports (or a rule that
 * failed), since the simulation would run a different system than the file
 * describes. The CLI's `simulate` and `report`, and the simulation panel's
 * worker, all ask here.
 */
import type { Finding } from '../findings';

/** Rules whose errors mean the file cannot be simulated as written. */
const BLOCKING_RULES: ReadonlySet<string> = new Set(['syntax', 'schema', 'unknown-reference', 'import', 'internal-error']);

/** The findings that keep a checked file from being simulated as written; those of its accepted risks say nothing of the system. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error' && BLOCKING_RULES.has(f.ruleId) && f.path[0] !== 'accepted');
}
