/**
 * The whole validation pipeline over one text: read (syntax, nesting, numbers,
 * duplicate keys), validate against the model, bound the scenarios, resolve
 * references, run the analysis rules, apply severity settings and the file's
 * accepted risks. A pure function: no I/O, no clock.
 */
import { RULES_BY_ID } from './ruleCatalog';
import { coverageOf, type CoverageGap } from './load/coverage';
import { plural, roundedData } from './text/format';
import type { Rule, RuleContext } from './analysis/rule';
import { type Acceptances, resolveAcceptances } from './analysis/acceptances';
import { lazyLoad } from './analysis/ruleContext';
import type { TrafficModel } from './load/traffic';
import { ANALYSIS_RULES } from './analysis/rules/index';
import { holdsBudgets, scenario_budget } from './analysis/rules/scenarioBudget';
import { stale_acceptance } from './analysis/rules/staleAcceptance';
import { FindingCap, type RuleSetting } from './findingCap';
import type { Finding } from './findings';
import { type ImportContext, type ImportedCheck, type ImportedFile, ImportingLocator, placeImported, resolveImports } from './model/imports';
import { NodeLocator } from './model/locate';
import { parseDocument, type ParsedDocument } from './model/parse';
import { boundScenarios } from './model/scenarioBounds';
import { resolveTopology, type Topology } from './model/topology';
import { ScaleFile } from './model/schema';
import { issuesToFindings, validateDocument } from './model/validate';

/** Findings reported at most per file; the rest are counted in `omitted`. */
export const MAX_FINDINGS = 1000;

export type { RuleSetting } from './findingCap';

/** Options of a check. */
export interface CheckOptions {
  /** Severity settings beneath the file's own `rules` section: the project's configuration over the user's settings. */
  ruleSettings?: ReadonlyMap<string, RuleSetting>;
  /** Severity settings over the file's own `rules` section, for one run (`--rule`). */
  ruleOverrides?: ReadonlyMap<string, RuleSetting>;
  /** Seed of the scenario budgets' runs for the scenarios that name none (the project's `seed`); default 1. */
  seed?: number;
  /** The rules to run (tests inject failing rules); defaults to every rule. */
  rules?: readonly Rule[];
  /**
   * False: the scenario-budget rule (the check's simulations) is left out, for
   * a caller that runs it apart, off its validation path (a language server:
   * scenarioBudgetsDue, scenarioBudgetFindings, withFindings).
   */
  scenarioBudgets?: boolean;
  /** How the file's imports are read; without it, an import is a finding that says they are not followed. */
  imports?: ImportContext;
}

/** What checking a text gives. */
export interface CheckResult {
  /** Findings in document order, at most MAX_FINDINGS. */
  findings: Finding[];
  /** Findings left out past MAX_FINDINGS. */
  omitted: number;
  parsed: ParsedDocument;
  locator: NodeLocator;
  /** The resolved topology, when the file is valid enough to analyse. */
  topology: Topology | undefined;
  /**
   * Errors of reading, validation and reference resolution: while there are
   * any, the topology is not the system the file describes (a dangling call
   * is an edge left out), so its scenarios are not simulated.
   */
  modelErrors: number;
  /** What the file does not give enough for the load model to judge (empty without a topology). */
  coverage: CoverageGap[];
  /**
   * The load model at the workload's peak, computed once for the check (the
   * rules, hover and diagram read this one); undefined without a topology.
   */
  readonly load: TrafficModel | undefined;
  /** The file's accepted risks that name a place of it: findings added to the check later (withFindings) are matched against them. */
  acceptances: Acceptances | undefined;
  /** The files its imports read (all depths), by the key the import host gave: related locations with a `file` are in them. */
  imported: ReadonlyMap<string, ImportedFile>;
}

/** Checks one document text; never throws. */
export function checkText(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parseDocument(text);
  const locator = new NodeLocator(parsed.root);
  // Findings go to the cap as they are made: past it they are counted, not built.
  const cap = new FindingCap(MAX_FINDINGS, options.ruleSettings, options.ruleOverrides);
  for (const f of parsed.findings) cap.add(f);
  let topology: Topology | undefined;
  let load: (() => TrafficModel) | undefined;
  let modelErrors = 0;
  let acceptances: Acceptances | undefined;
  let imported: ReadonlyMap<string, ImportedFile> = NO_FILES;
  if (!parsed.fatal) {
    const validated = validateDocument(parsed, locator, cap);
    if (validated.data) {
      const validationErrors = cap.errors;
      const bounded = boundScenarios({ scenarios: validated.data.scenarios, indices: validated.scenarioIndices }, locator, cap);
      validated.data.scenarios = bounded.scenarios;
      const boundErrors = cap.errors - validationErrors;
      const parts = resolveImports(validated.data, validated.importIndices, locator, cap, options.imports, checkImported);
      imported = parts.files;
      for (const name of parts.unavailable) validated.invalidComponents.add(name);
      const resolved = resolveTopology(validated.data, locator, cap, validated.invalidComponents, bounded.indices, parsed.reported, parts);
      // Scenarios past the file's bounds are left out, not misread: the rest is still the system the file describes.
      // What the accepted risks get wrong says nothing of the system: left out of the errors that do (the reader's,
      // such as a control character in a reason, are reported already), the model's reported once those are counted.
      modelErrors = cap.errors - boundErrors - parsed.findings.filter((f) => f.severity === 'error' && f.path[0] === 'accepted').length;
      issuesToFindings(validated.acceptanceIssues, parsed, locator, cap, ScaleFile);
      const accepted = resolveAcceptances(resolved, validated.acceptedIndices, locator, cap, parsed.reported);
      acceptances = accepted;
      // With an invalid workload, references are still checked, but no load figure would be true.
      if (validated.analyzable) {
        topology = resolved;
        cap.useFileSettings(topology.ruleSettings);
        cap.useAcceptances((f) => accepted.match(f));
        const simulate = options.scenarioBudgets !== false && modelErrors === 0;
        const rules = options.rules ?? (simulate ? ANALYSIS_RULES : ANALYSIS_RULES.filter((r) => r !== scenario_budget));
        const loadOf = lazyLoad(topology);
        load = loadOf;
        // Imported components are read where they are declared, and their findings placed on the import.
        const importing = parts.nodes.size > 0 ? topology : undefined;
        const ruleLocator = importing ? new ImportingLocator(locator, importing, parts.files) : locator;
        const place = importing && ((f: Finding) => placeImported(f, importing, locator));
        const ran = runRules(rules, new CheckContext(topology, ruleLocator, text, options.seed, loadOf), cap, place);
        if (modelErrors > 0 && !options.rules) notSimulated(topology, locator, modelErrors, cap);
        // Budgets a check made without them has none of are judged too: the rule would find nothing.
        if (!options.rules && !holdsBudgets(topology)) ran.add(scenario_budget.id);
        // While the file has errors, rules find less than the design holds (a dangling call is an edge left out): no acceptance is stale then.
        if (modelErrors === 0) reportStale(accepted, (id) => ran.has(id) && cap.setting(id) !== 'off', locator, cap);
      }
    } else issuesToFindings(validated.acceptanceIssues, parsed, locator, cap, ScaleFile);
  }
  const { findings, omitted } = cap.result();
  // The rules' model when they made one; made on first use otherwise (a check with no rules).
  return withLoad({ findings, omitted, parsed, locator, topology, modelErrors, coverage: topology ? coverageOf(topology) : [], acceptances, imported }, load);
}

/**
 * What the rules read of a check, its load model made on first use: by a
 * getter on the prototype, not one made per check. V8 keeps what an own
 * accessor's function holds (here the whole check: its topology, syntax tree
 * and load model) alive through every minor collection until a full one, so
 * each check's data was copied through the young generation and promoted:
 * with a getter per check, about a fifth of a 500-component check's time
 * went to minor collections.
 */
class CheckContext implements RuleContext {
  constructor(
    readonly topology: Topology,
    readonly locator: NodeLocator,
    readonly text: string,
    readonly seed: number | undefined,
    private readonly loadOf: () => TrafficModel,
  ) {}

  get load(): TrafficModel {
    return this.loadOf();
  }
}

/** Where a check's result keeps the function that makes its load model. */
const LOAD = Symbol('makes the load model of this check');

type WithLoad = Omit<CheckResult, 'load'> & { [LOAD]?: () => TrafficModel };

/** The getter of every check result's `load`: one function, for the reason CheckContext gives. */
function resultLoad(this: WithLoad): TrafficModel | undefined {
  return this[LOAD]?.();
}

/**
 * A check's result with its load model, made on first use. The model's
 * function is kept apart from checkText: one made there would hold all of the
 * check's variables (the syntax tree among them) for as long as the result is
 * kept. `load` stays an own, enumerable property, so a copy made with spread
 * carries the model.
 */
function withLoad(result: WithLoad, load: (() => TrafficModel) | undefined): CheckResult {
  if (load) Object.defineProperty(result, LOAD, { value: load });
  return Object.defineProperty(result, 'load', { get: resultLoad, enumerable: true }) as CheckResult;
}

const NO_FILES: ReadonlyMap<string, ImportedFile> = new Map();

/** An imported file checked for what its importer needs: read, validated and resolved with its own imports, without analysis. */
function checkImported(text: string, context: ImportContext): ImportedCheck {
  const r = checkText(text, { rules: [], imports: context });
  const errors = r.findings.filter((f) => f.severity === 'error');
  return {
    text,
    locator: r.locator,
    topology: r.topology,
    errors: r.topology ? r.modelErrors : Math.max(1, errors.length + r.omitted),
    firstError: errors[0],
    files: r.imported,
  };
}

/** Says, once, that a file's scenario budgets were not judged because its errors change the system it describes. */
function notSimulated(topology: Topology, locator: NodeLocator, errors: number, cap: FindingCap): void {
  if (!holdsBudgets(topology)) return;
  const range = locator.keyRange(['scenarios']) ?? locator.nearestRange(['scenarios']).range;
  if (!cap.admits(scenario_budget.id, range.offset)) return;
  cap.add({
    ruleId: scenario_budget.id,
    severity: 'info',
    message: `Scenario budgets not simulated: the file has ${plural(errors, 'error')} of reading, validation or references, and a simulation would run a different system than it describes; fix ${errors === 1 ? 'it' : 'them'} first`,
    path: ['scenarios'],
    range,
    data: { errors },
  });
}

/** Whether a check made without scenario budgets leaves some to run: the file declares budgets, and the rule is not off. */
export function scenarioBudgetsDue(result: Pick<CheckResult, 'topology' | 'modelErrors'>, ruleSettings?: ReadonlyMap<string, RuleSetting>): boolean {
  const topology = result.topology;
  if (!topology || result.modelErrors > 0 || !holdsBudgets(topology)) return false;
  return (topology.ruleSettings.get(scenario_budget.id) ?? ruleSettings?.get(scenario_budget.id)) !== 'off';
}

/** The scenario-budget findings of a text (its scenario runs, `seed` and `imports` as a check's), before severity settings; a failing run is one internal-error finding. */
export function scenarioBudgetFindings(text: string, seed?: number, imports?: ImportContext): Finding[] {
  const checked = checkText(text, { rules: [], imports });
  if (!checked.topology || checked.modelErrors > 0) return [];
  const out = new FindingCap(Infinity);
  const topology = checked.topology;
  runRules([scenario_budget], new CheckContext(topology, checked.locator, text, seed, () => checked.load!), out);
  return out.result().findings;
}

/** A check's result with findings made apart added (its scenario budgets), with the severity settings applied and capped as one check would have. */
export function withFindings(result: CheckResult, extra: readonly Finding[], ruleSettings?: ReadonlyMap<string, RuleSetting>): CheckResult {
  const cap = new FindingCap(MAX_FINDINGS, ruleSettings);
  cap.useFileSettings(result.topology?.ruleSettings);
  const accepted = result.acceptances?.fresh();
  cap.useAcceptances(accepted && ((f) => accepted.match(f)));
  for (const f of result.findings) cap.add(f);
  for (const f of extra) cap.add(f);
  // The scenario budgets were the findings the check had left to judge.
  if (accepted && result.modelErrors === 0) reportStale(accepted, (id) => id === scenario_budget.id && cap.setting(id) !== 'off', result.locator, cap);
  const { findings, omitted } = cap.result();
  return { ...result, findings, omitted: result.omitted + omitted };
}

/** Reports the accepted risks that matched no finding of a rule `judged` says made all of its findings. */
function reportStale(acceptances: Acceptances, judged: (ruleId: string) => boolean, locator: NodeLocator, out: FindingCap): void {
  const severity = RULES_BY_ID.get(stale_acceptance.id)!.defaultSeverity;
  for (const f of stale_acceptance.findings(acceptances.unmatched(judged), locator)) out.add({ ...f, ruleId: stale_acceptance.id, severity: f.severity ?? severity });
}

/**
 * Runs each rule inside a guard: a rule that throws becomes one internal-error
 * finding, the others still run. Gives the ids of the rules that ran to the end.
 */
function runRules(rules: readonly Rule[], ctx: RuleContext, out: FindingCap, place?: (f: Finding) => Finding): Set<string> {
  const ran = new Set<string>();
  for (const rule of rules) {
    // A rule turned off makes nothing anyone sees: its work (an SLO's paths, a ring's imbalance) is not done.
    if (out.setting(rule.id) === 'off') continue;
    const severity = RULES_BY_ID.get(rule.id)?.defaultSeverity ?? 'warning';
    try {
      for (const f of rule.run(ctx)) {
        // Figures are rounded here, once for every rule, so that no data carries float residue (999.9999999999998).
        const finding: Finding = { ...f, ruleId: rule.id, severity: f.severity ?? severity, ...(f.data ? { data: roundedData(f.data) } : {}) };
        out.add(place ? place(finding) : finding);
      }
      ran.add(rule.id);
    } catch (e) {
      out.add({
        ruleId: 'internal-error',
        severity: 'error',
        message: `Rule ${rule.id} failed on this file (${e instanceof Error ? e.message : String(e)}); the other rules still ran`,
        path: [],
        range: { offset: 0, length: 0 },
        data: { rule: rule.id },
      });
    }
  }
  return ran;
}
