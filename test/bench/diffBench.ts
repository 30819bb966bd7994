/**
 * `scale diff` budgets: the PR comment (Markdown) of a change to every
 * component of a 1,000-component topology is built in at most 200 ms, its
 * Mermaid diagram collapsed and the comment cut to GitHub's size.
 */

import { diffMarkdown } from '../../src/core/diff/markdown';
import { bigChange } from '../support/diffFixtures';
import { type BenchSuite, msPerCall } from './harness';

export const diffSuite: BenchSuite = {
  name: 'diff',
  run() {
    const files = [bigChange(1000)];
    let length = 0;
    const ms = msPerCall(() => {
      length = diffMarkdown(files, { base: 'main', head: 'HEAD', version: '0.0.0', htmlHint: 'https://example.com/report' }).length;
    });
    return [{ name: 'PR comment (Markdown) of a 1,000-component change', value: ms, unit: 'ms', budget: { max: 200 }, detail: `${length} characters` }];
  },
};
