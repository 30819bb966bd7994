/**
 * How messages say what a store's replication declares for a dead primary.
 * A missing failover block is its own case: saying "manual" or "none" there
 * would name a choice the file never made.
 */

/** "failover is automatic", "failover is manual", "failover is disabled" (mode "none"), or "no failover is declared". */
export function failoverText(mode: 'automatic' | 'manual' | 'none' | undefined): string {
  if (mode === undefined) return 'no failover is declared';
  return `failover is ${mode === 'none' ? 'disabled' : mode}`;
}
