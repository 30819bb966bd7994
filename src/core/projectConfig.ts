/**
 * Checking a project configuration's text (`scale.config.json`): read as a
 * topology is (JSONC, bounded size and depth, duplicate keys, reserved
 * names), validated against its zod model with the same findings and
 * did-you-mean, and reduced to the settings that apply. A configuration is
 * used as far as it is valid: an invalid entry (a rule, an ignore pattern,
 * the seed) is left out and its default applies; one that does not read at
 * all gives the defaults. A pure function: no I/O.
 */
import { MAX_FINDINGS, type RuleSetting } from './check';
import { FindingCap } from './findingCap';
import type { Finding } from './findings';
import { ScaleConfig } from './model/configSchema';
import { NodeLocator } from './model/locate';
import { parseDocument } from './model/parse';
import { issuesToFindings } from './model/validate';

/** The settings of a configuration that apply. */
export interface ProjectConfig {
  /** Severities by rule id: beneath a topology's own `rules`, above the user's. */
  rules: ReadonlyMap<string, RuleSetting>;
  /** Globs of topology files left out of searches, relative to the configuration's folder. */
  ignore: readonly string[];
  /** Seed of the scenarios that name none. */
  seed?: number;
}

/** What applies without a configuration, or with one that does not read. */
export const DEFAULT_PROJECT_CONFIG: ProjectConfig = Object.freeze({ rules: new Map(), ignore: [] });

/** A configuration's findings (the first MAX_FINDINGS, and how many more) and the settings that apply. */
export interface ConfigCheck {
  config: ProjectConfig;
  findings: Finding[];
  omitted: number;
}

/** Checks a configuration's text; never throws. */
export function checkConfigText(text: string): ConfigCheck {
  const parsed = parseDocument(text, 'configuration');
  const cap = new FindingCap(MAX_FINDINGS);
  for (const f of parsed.findings) cap.add(f);
  let config = DEFAULT_PROJECT_CONFIG;
  if (!parsed.fatal) {
    let result = ScaleConfig.safeParse(parsed.value);
    if (!result.success) {
      issuesToFindings(result.error.issues, parsed, new NodeLocator(parsed.root), cap, ScaleConfig);
      result = ScaleConfig.safeParse(withoutInvalid(parsed.value as Record<string, unknown>, result.error.issues));
    }
    if (result.success) {
      const { rules, ignore, seed } = result.data;
      config = { rules: new Map(Object.entries(rules).filter((e): e is [string, RuleSetting] => e[1] !== undefined)), ignore, ...(seed !== undefined ? { seed } : {}) };
    }
  }
  return { config, ...cap.result() };
}

/**
 * The value without what its issues concern: an unknown key, a rule entry, an
 * ignore pattern, a top-level setting. What is left is valid, and applies.
 */
function withoutInvalid(value: Record<string, unknown>, issues: readonly { code: string; path: PropertyKey[]; keys?: string[] }[]): Record<string, unknown> {
  const dropped = new Set<string>();
  for (const issue of issues) {
    const paths = issue.code === 'unrecognized_keys' ? (issue.keys ?? []).map((k) => [...issue.path, k]) : [issue.path];
    // A setting's entry (a rule, a pattern) goes alone; anything deeper takes its entry with it.
    for (const p of paths) dropped.add(JSON.stringify(p.slice(0, 2)));
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (dropped.has(JSON.stringify([key]))) continue;
    const keep = (k: string | number) => !dropped.has(JSON.stringify([key, k]));
    if (Array.isArray(member)) out[key] = member.filter((_, i) => keep(i));
    else if (member !== null && typeof member === 'object') out[key] = Object.fromEntries(Object.entries(member).filter(([k]) => keep(k)));
    else out[key] = member;
  }
  return out;
}

/**
 * The severities beneath a topology's own `rules` section: the project's
 * configuration (the team's decision) over the user's settings (a personal
 * default). A file's section and a run's `--rule` rank above both (see
 * FindingCap).
 */
export function ruleSettingsBeneathFile(user: ReadonlyMap<string, RuleSetting> | undefined, project: ProjectConfig | undefined): ReadonlyMap<string, RuleSetting> {
  return new Map([...(user ?? []), ...(project?.rules ?? [])]);
}
