/** Every analysis rule, in catalogue order; one file per rule, named after its id. */
import type { Rule } from '../rule';
import { capacity } from './capacity';
import { liveness_only_health_check } from './livenessOnlyHealthCheck';
import { lone_load_balancer } from './loneLoadBalancer';
import { missing_health_check } from './missingHealthCheck';

/** The rules the pipeline runs; each is listed in the catalogue with its docs. */
export const ANALYSIS_RULES: readonly Rule[] = [
  lone_load_balancer,
  missing_health_check,
  liveness_only_health_check,
  capacity,
];
