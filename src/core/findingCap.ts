/**
 * The per-file cap on findings, applied while findings are made rather than
 * after: a file with 100,000 invalid items would otherwise build 100,000
 * messages, did-you-mean searches and fixes, sort them, and keep 1,000. The
 * cap keeps the first findings in document order as they arrive (with the
 * severity settings applied) and knows, once it holds enough, the offset past
 * which no finding can be kept: producers ask before building one there, and
 * such a finding is only counted.
 */
import { RULES_BY_ID } from './ruleCatalog';
import { type Acceptance, compareFindings, type Finding, type Severity } from './findings';

/** A rule setting: a severity, or off. */
export type RuleSetting = Severity | 'off';

/** Keeps the first `limit` findings by position and counts the rest, without building what cannot be kept. */
export class FindingCap {
  private kept: Finding[] = [];
  /** Findings past `limit` that were dropped or never built. */
  private dropped = 0;
  /** Offset past which no finding can be among the first `limit`; Infinity until `limit` are held. */
  private threshold = Infinity;
  private fileSettings: ReadonlyMap<string, RuleSetting> | undefined;
  private accept: ((finding: Finding) => Acceptance | undefined) | undefined;
  private builtCount = 0;
  private errorCount = 0;

  /**
   * `userSettings`: severities beneath the file's own (the project's configuration over the user's), which win
   * once known (`useFileSettings`); `overrides`: severities over the file's own (a run's `--rule`).
   */
  constructor(
    readonly limit: number,
    private readonly userSettings?: ReadonlyMap<string, RuleSetting>,
    private readonly overrides?: ReadonlyMap<string, RuleSetting>,
  ) {}

  /** Applies the file's `rules` section from now on (known once the file is resolved; earlier findings are of rules that cannot be configured). */
  useFileSettings(settings: ReadonlyMap<string, RuleSetting> | undefined): void {
    this.fileSettings = settings;
  }

  /**
   * Marks the findings added from now on that the file accepts (`accept`
   * says by which entry); an accepted finding is kept, but is no error.
   */
  useAcceptances(accept: ((finding: Finding) => Acceptance | undefined) | undefined): void {
    this.accept = accept;
  }

  /**
   * Whether a finding of `ruleId` starting at `offset` or later can be kept:
   * when not, the `count` findings it stands for are counted (none when the
   * rule is off) and the producer skips building them.
   */
  admits(ruleId: string, offset: number, count = 1): boolean {
    if (this.setting(ruleId) === 'off') return false;
    if (offset <= this.threshold) return true;
    this.dropped += count;
    // Rules that cannot be configured (reading, validation, references) only make errors.
    if (RULES_BY_ID.get(ruleId)?.configurable === false) this.errorCount += count;
    return false;
  }

  /** Adds a finding as built; the severity settings apply, a rule set to "off" drops it. */
  add(finding: Finding): void {
    const setting = this.setting(finding.ruleId);
    if (setting === 'off') return;
    this.builtCount++;
    // Asked before the threshold: an acceptance that matches a finding past the cap still matched one.
    const accepted = this.accept?.(finding);
    if (!accepted && (setting ?? finding.severity) === 'error') this.errorCount++;
    if (finding.range.offset > this.threshold) {
      this.dropped++;
      return;
    }
    const severity = setting && setting !== finding.severity ? setting : undefined;
    this.kept.push(severity || accepted ? { ...finding, ...(severity ? { severity } : {}), ...(accepted ? { accepted } : {}) } : finding);
    // Sorting now and then keeps the work at n log(limit) and what is held at twice the cap.
    if (this.kept.length >= 2 * this.limit) this.compact();
  }

  /** Findings built so far, kept or not: what the cap saved is the difference from the total. */
  get built(): number {
    return this.builtCount;
  }

  /** Errors so far, kept or counted past the cap. */
  get errors(): number {
    return this.errorCount;
  }

  /** The first `limit` findings in document order, and how many more there are. */
  result(): { findings: Finding[]; omitted: number } {
    this.compact();
    return { findings: this.kept, omitted: this.dropped };
  }

  private compact(): void {
    this.kept.sort(compareFindings);
    if (this.kept.length < this.limit) return;
    this.dropped += this.kept.length - this.limit;
    this.kept.length = this.limit;
    // A later finding at this very offset may still sort before the last kept one (severity, rule id, message).
    this.threshold = this.kept[this.limit - 1]!.range.offset;
  }

  /** The setting a rule's findings get: the file's, else the user's; none for a rule that cannot be configured. */
  setting(ruleId: string): RuleSetting | undefined {
    if (RULES_BY_ID.get(ruleId)?.configurable === false) return undefined;
    // A run's override wins; then the file's setting, the most specific decision about this design; then the
    // project's and the user's (see docs/config.md).
    return this.overrides?.get(ruleId) ?? this.fileSettings?.get(ruleId) ?? this.userSettings?.get(ruleId);
  }
}
