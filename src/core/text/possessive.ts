/** The possessive of a name in messages. */

/** "api's", but "clients'" and "DNS'": a name ending in s takes the apostrophe alone. */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}
