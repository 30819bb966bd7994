/** Every analysis rule, in catalogue order; one file per rule, named after its id. */
import type { Rule } from '../rule';
import { async_failover_data_loss } from './asyncFailoverDataLoss';
import { capacity } from './capacity';
import { cross_shard_query } from './crossShardQuery';
import { directory_spof } from './directorySpof';
import { headroom } from './headroom';
import { hot_key } from './hotKey';
import { liveness_only_health_check } from './livenessOnlyHealthCheck';
import { lone_load_balancer } from './loneLoadBalancer';
import { low_cardinality_shard_key } from './lowCardinalityShardKey';
import { missing_health_check } from './missingHealthCheck';
import { modulo_sharding } from './moduloSharding';
import { monotonic_range_shard_key } from './monotonicRangeShardKey';
import { multi_leader_conflicts } from './multiLeaderConflicts';
import { quorum_consistency } from './quorumConsistency';
import { single_point_of_failure } from './singlePointOfFailure';
import { slo } from './slo';
import { stale_read } from './staleRead';
import { stateful_behind_load_balancer } from './statefulBehindLoadBalancer';
import { sync_replication_availability } from './syncReplicationAvailability';
import { too_few_vnodes } from './tooFewVnodes';
import { scenario_budget } from './scenarioBudget';
import { unreachable_component } from './unreachableComponent';

/** The rules the pipeline runs; each is listed in the catalogue with its docs. */
export const ANALYSIS_RULES: readonly Rule[] = [
  lone_load_balancer,
  single_point_of_failure,
  stateful_behind_load_balancer,
  low_cardinality_shard_key,
  monotonic_range_shard_key,
  modulo_sharding,
  too_few_vnodes,
  directory_spof,
  async_failover_data_loss,
  sync_replication_availability,
  stale_read,
  multi_leader_conflicts,
  quorum_consistency,
  missing_health_check,
  liveness_only_health_check,
  capacity,
  headroom,
  slo,
  hot_key,
  cross_shard_query,
  unreachable_component,
  scenario_budget,
];
