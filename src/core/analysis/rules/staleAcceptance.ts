/**
 * stale-acceptance: an entry of `accepted` that accepts nothing any more —
 * its rule ran and found nothing at the place it names. It needs the other
 * rules' findings, so the pipeline judges it after them (check.ts), from what
 * they matched (acceptances.ts), rather than running it beside them.
 */
import type { Fix } from '../../findings';
import type { NodeLocator } from '../../model/locate';
import type { AcceptanceEntry } from '../acceptances';
import { removePropertyEdit } from '../edits';
import type { RuleFinding } from '../rule';

/** The rule. */
export const stale_acceptance = {
  id: 'stale-acceptance',
  /** Its findings: one per entry that matched no finding, at the place it names, with a fix that removes it. */
  findings(unmatched: readonly AcceptanceEntry[], locator: NodeLocator): RuleFinding[] {
    const count = locator.value(['accepted'])?.children?.length ?? 0;
    return unmatched.map((e) => {
      const at = [...e.acceptance.path, e.placeKey];
      // The last entry goes with its list.
      const edit = removePropertyEdit(locator, count === 1 ? ['accepted'] : e.acceptance.path);
      const fixes: Fix[] = edit ? [{ title: 'Remove this acceptance', edits: [edit], preferred: true }] : [];
      return {
        message: `Nothing to accept here any more: ${e.rule} finds nothing ${e.placeText}; remove this acceptance, or move it to where the finding is now`,
        path: at,
        range: locator.valueRange(at) ?? e.acceptance.range,
        ...(fixes.length > 0 ? { fixes } : {}),
        data: { rule: e.rule },
      };
    });
  },
};
