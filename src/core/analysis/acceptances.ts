/**
 * Accepted risks: the entries of a file's `accepted` list, resolved to the
 * places they name and matched against findings as a check makes them
 * (FindingCap.useAcceptances), so that every reader of a check (the editor,
 * the CLI's formats, the report, diff) sees the same findings accepted, with
 * the same reasons. An entry that names nothing of the file is an
 * `unknown-reference` finding, an empty or placeholder reason a `schema`
 * finding; an entry that matched no finding of a rule that ran is judged by
 * `stale-acceptance` (rules/staleAcceptance.ts).
 */
import type { FindingCap } from '../findingCap';
import type { Acceptance, Finding, JsonPath, TextEdit, TextRange } from '../findings';
import type { NodeLocator } from '../model/locate';
import { pathKey } from '../model/parse';
import { ACCEPTABLE_RULE_IDS } from '../ruleCatalog';
import { type AcceptedRiskData, PLACEHOLDER_REASON } from '../model/schema';
import { type Topology, unknownRef } from '../model/topology';
import { pathText } from '../model/validate';
import { didYouMean } from '../text/didYouMean';
import { quoted } from '../text/invisible';
import { appendItemEdit, setPropertyEdit } from './edits';

/** An entry of `accepted` that names a place of the file. */
export interface AcceptanceEntry {
  /** Its index in the file's `accepted` list. */
  index: number;
  rule: string;
  /** The findings at this path, or inside it, are the ones it accepts. */
  place: JsonPath;
  /** The property that names the place: a stale entry is reported at its value. */
  placeKey: AcceptanceKey;
  /** The place in words, after the rule's name: "on urls", "in scenario \"failover\"", "at workload.keys". */
  placeText: string;
  /** What an accepted finding carries: the reason, and where the entry is. */
  acceptance: Acceptance;
}

/** The properties that can name an entry's place. */
type AcceptanceKey = 'component' | 'scenario' | 'path';

/** Unknown components and scenarios given a did-you-mean; past this, the search over every name is not worth its cost. */
const MAX_SUGGESTIONS = 50;

const ACCEPTABLE: ReadonlySet<string> = new Set(ACCEPTABLE_RULE_IDS);

/** A file's usable entries, matched against findings; remembers which matched one. */
export class Acceptances {
  private readonly byRule = new Map<string, AcceptanceEntry[]>();
  private readonly matched = new Set<AcceptanceEntry>();

  constructor(readonly entries: readonly AcceptanceEntry[]) {
    for (const e of entries) {
      const list = this.byRule.get(e.rule);
      if (list) list.push(e);
      else this.byRule.set(e.rule, [e]);
    }
  }

  /** What accepts a finding: the first entry that covers it; every entry that does has matched. */
  match(finding: Finding): Acceptance | undefined {
    const list = this.byRule.get(finding.ruleId);
    if (!list) return undefined;
    let first: AcceptanceEntry | undefined;
    for (const e of list) {
      if (!startsWith(finding.path, e.place)) continue;
      this.matched.add(e);
      first ??= e;
    }
    return first?.acceptance;
  }

  /** The entries that matched nothing, of the rules whose findings were all made (`judged`). */
  unmatched(judged: (ruleId: string) => boolean): AcceptanceEntry[] {
    return this.entries.filter((e) => !this.matched.has(e) && judged(e.rule));
  }

  /** The same entries with none matched yet, for a check's findings gathered again with others (withFindings). */
  fresh(): Acceptances {
    return new Acceptances(this.entries);
  }
}

/**
 * Resolves the validated entries of `accepted` (`indices`: each one's index in
 * the file): an entry naming a component, scenario or path the file does not
 * have is reported and left out; an empty or placeholder reason is reported,
 * and the entry still accepts, so that the finding it was written for moves
 * to the reason still to write. Entries naming a component or scenario that
 * is declared but invalid are left out quietly: the declaration has the finding.
 */
export function resolveAcceptances(topology: Topology, indices: readonly number[], locator: NodeLocator, findings: FindingCap, reported: ReadonlySet<string>): Acceptances {
  const entries: AcceptanceEntry[] = [];
  let suggested = 0;
  const suggest = (name: string, candidates: () => Iterable<string>) => (suggested++ < MAX_SUGGESTIONS ? didYouMean(name, candidates()) : undefined);
  // The first scenario of each name (a repeated name is a finding of its own): built on the first entry naming one.
  let scenarios: Map<string, number> | undefined;
  const scenarioIndex = () => (scenarios ??= new Map([...topology.scenarios].reverse().map((s) => [s.data.name, s.index])));
  const rangeAt = (path: JsonPath): TextRange => locator.valueRange(path) ?? locator.nearestRange(path).range;

  topology.file.accepted.forEach((a, k) => {
    const path: JsonPath = ['accepted', indices[k] ?? k];
    const reason = a.reason.trim();
    if (reason === '' || reason === PLACEHOLDER_REASON) {
      const reasonPath = [...path, 'reason'];
      findings.add({
        ruleId: 'schema',
        severity: 'error',
        message: reason === ''
          ? 'An accepted risk needs a reason: write why it is accepted (who agreed, what bounds the risk, where it is recorded)'
          : 'The reason is still the placeholder: write why this risk is accepted (who agreed, what bounds the risk, where it is recorded)',
        path: reasonPath,
        range: rangeAt(reasonPath),
      });
    }
    const place = placeOf(a, path);
    if (place) entries.push({ index: path[1] as number, rule: a.rule, ...place, acceptance: { reason: a.reason, path, range: rangeAt(path) } });
  });
  return new Acceptances(entries);

  function placeOf(a: AcceptedRiskData, path: JsonPath): Pick<AcceptanceEntry, 'place' | 'placeKey' | 'placeText'> | undefined {
    if (a.component !== undefined) {
      const id = a.component;
      if (topology.components.has(id)) return { place: ['components', id], placeKey: 'component', placeText: `on ${id}` };
      const at = [...path, 'component'];
      if (!topology.invalidComponents.has(id) && !reported.has(pathKey(at)) && findings.admits('unknown-reference', rangeAt(at).offset)) {
        findings.add(unknownRef(id, at, 'The acceptance', locator, suggest(id, () => topology.components.keys())));
      }
      return undefined;
    }
    if (a.scenario !== undefined) {
      const name = a.scenario;
      const index = scenarioIndex().get(name);
      if (index !== undefined) return { place: ['scenarios', index], placeKey: 'scenario', placeText: `in scenario ${quoted(name)}` };
      const at = [...path, 'scenario'];
      if (!declaredScenario(locator, name) && !reported.has(pathKey(at)) && findings.admits('unknown-reference', rangeAt(at).offset)) {
        findings.add(unknownRef(name, at, 'The acceptance', locator, suggest(name, () => scenarioIndex().keys()), '', undefined, 'a scenario of this file'));
      }
      return undefined;
    }
    const place = a.path!;
    if (locator.value(place)) return { place, placeKey: 'path', placeText: `at ${pathText(place)}` };
    const at = [...path, 'path'];
    if (findings.admits('unknown-reference', rangeAt(at).offset)) {
      findings.add({ ruleId: 'unknown-reference', severity: 'error', message: `The acceptance's path ${quoted(pathText(place))} names nothing in this file`, path: at, range: rangeAt(at) });
    }
    return undefined;
  }
}

/** Whether a scenario of that name is written in the file, valid or not (an invalid one is left out of the topology). */
function declaredScenario(locator: NodeLocator, name: string): boolean {
  return (locator.value(['scenarios'])?.children ?? []).some((s) => s.type === 'object' && s.children?.some((p) => p.children?.[0]?.value === 'name' && p.children[1]?.value === name));
}

/** Whether `path` is `prefix` or lies inside it. */
function startsWith(path: JsonPath, prefix: JsonPath): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/** The "Accept this risk" edit: an entry added to `accepted`, and the placeholder reason in it to type over. */
export interface AcceptEdit {
  edit: TextEdit;
  /** The placeholder reason: a span of `edit.newText`. */
  placeholder: TextRange;
}

/**
 * The edit that accepts a finding at its place (its component, its scenario
 * by name, or its path), with a placeholder reason, in `accepted` (created
 * when the file has none) laid out like the file; undefined for a finding
 * that cannot be accepted (of a rule that cannot be configured, already
 * accepted, or about a whole section).
 */
export function acceptFindingEdit(finding: Finding, topology: Topology | undefined, locator: NodeLocator, text: string): AcceptEdit | undefined {
  if (finding.accepted || !ACCEPTABLE.has(finding.ruleId)) return undefined;
  const [section, key] = finding.path;
  let place: Partial<Record<AcceptanceKey, unknown>>;
  if (section === 'components' && typeof key === 'string') place = { component: key };
  else {
    const name = section === 'scenarios' ? topology?.scenarios.find((s) => s.index === key)?.data.name : undefined;
    // By name when the name is the scenario's own (the first of that name), else by path.
    if (name !== undefined && topology!.scenarios.find((s) => s.data.name === name)!.index === key) place = { scenario: name };
    else if (finding.path.length >= 2) place = { path: finding.path };
    else return undefined;
  }
  const entry = { rule: finding.ruleId, ...place, reason: PLACEHOLDER_REASON };
  const list = locator.value(['accepted']);
  const edit = !list ? setPropertyEdit(locator, text, [], 'accepted', [entry]) : list.type === 'array' ? appendItemEdit(locator, text, ['accepted'], entry) : undefined;
  if (!edit) return undefined;
  // The reason is the entry's last value: the placeholder is found from the end, whatever the names before it hold.
  return { edit, placeholder: { offset: edit.newText.lastIndexOf(JSON.stringify(PLACEHOLDER_REASON)) + 1, length: PLACEHOLDER_REASON.length } };
}
