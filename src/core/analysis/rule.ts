/** The contract of an analysis rule: a pure function of the topology. */
import type { Finding, Severity } from '../findings';
import type { NodeLocator } from '../model/locate';
import type { Topology } from '../model/topology';
import type { TrafficModel } from '../load/traffic';

/** What a rule sees. */
export interface RuleContext {
  topology: Topology;
  /** Finds ranges of paths in the document. */
  locator: NodeLocator;
  text: string;
  /** Seed of the scenario runs for the scenarios that name none (the project's `seed`); undefined: 1. */
  seed?: number;
  /** The load model at the workload's peak: computed once per check, on first use, and carried on its result. */
  readonly load: TrafficModel;
}

/** A finding as a rule returns it: the pipeline fills in the rule id and the configured severity. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };

/** One analysis rule (one per file in this folder, named after its id). */
export interface Rule {
  id: string;
  run(ctx: RuleContext): RuleFinding[];
}
