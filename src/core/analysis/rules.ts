/** Every analysis rule, in catalogue order. */
import type { Rule } from './rule';

/** The rules the pipeline runs; each is listed in the catalogue with its docs. */
export const ANALYSIS_RULES: readonly Rule[] = [];
