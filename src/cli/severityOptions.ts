/**
 * The options that judge findings by severity, read the same way by every
 * command that takes them: `--rule id=severity` and the gates (`--fail-on`,
 * `--fail-on-new`).
 */
import type { RuleSetting } from '../core/check';
import { SEVERITY_RANK, type Severity } from '../core/findings';
import { RULES_BY_ID } from '../core/ruleCatalog';
import { choiceOf, UsageError } from './usageErrors';

/** A gate's level: the lowest severity that fails, or none. */
export type GateLevel = Severity | 'none';

/** The value of a gate option, checked. */
export function gateLevel(option: string, value: string): GateLevel {
  return choiceOf(option, value, ['error', 'warning', 'info', 'none']);
}

/** Whether a finding of this severity fails a gate at `level`. */
export function fails(level: GateLevel, severity: Severity): boolean {
  return level !== 'none' && SEVERITY_RANK[severity] <= SEVERITY_RANK[level];
}

/** The `--rule id=severity` values as settings by rule id. */
export function ruleSettingsOf(values: readonly string[]): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const r of values) {
    const m = /^([a-z-]+)=(off|info|warning|error)$/.exec(r);
    if (!m || !RULES_BY_ID.has(m[1]!)) throw new UsageError(`--rule takes id=off|info|warning|error with a known rule id, not "${r}"`);
    settings.set(m[1]!, m[2] as RuleSetting);
  }
  return settings;
}
