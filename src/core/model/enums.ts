/**
 * Value lists of the format that code outside the zod model also offers or
 * checks (the simulation panel's choices and its messages): declared once
 * here, without zod, so that a page can list them without loading the model.
 */

/** How a balancer picks a backend instance, in the order the panel offers them. */
export const BALANCER_ALGORITHMS = ['roundRobin', 'weighted', 'leastConnections', 'random', 'powerOfTwoChoices', 'consistentHash'] as const;

/** How requests spread over keys. */
export const KEY_DISTRIBUTIONS = ['uniform', 'zipf', 'sequential'] as const;
