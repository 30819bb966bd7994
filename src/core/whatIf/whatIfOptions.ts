/**
 * What a what-if may change, and when its faults happen: the choices the
 * simulation panel offers and its messages validate. Kept apart from the
 * engine (whatIf.ts), so that the webview's page can offer them without
 * loading the simulator, which runs in its worker.
 */
import type { ComponentData } from '../model/schema';

/** A balancer's algorithm, as the format names it. */
export type BalancerAlgorithm = Extract<ComponentData, { kind: 'loadBalancer' }>['algorithm'];

/** Every algorithm a balancer may use, in the order the panel offers them. */
export { BALANCER_ALGORITHMS } from '../model/enums';

/** How long a what-if run lasts, when its faults happen, and when "restore" brings an instance back. */
export const WHAT_IF_DURATION_MS = 60_000;
export const WHAT_IF_FAULT_AT_MS = 10_000;
export const WHAT_IF_RESTORE_AT_MS = 40_000;
/** Per-request time of an instance the what-if slows down (the engine's assumption for a slow fault that gives none). */
export const WHAT_IF_SLOW_LATENCY_MS = 5_000;
