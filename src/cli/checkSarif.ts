/**
 * The SARIF report of `scale check` and of the GitHub Action: the rules with
 * their docs pages as help. A module of its own, loaded only when SARIF is
 * asked for (it fingerprints with node:crypto and zips with node:zlib).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../package.json';
import { formatSarif } from './formatSarif';
import type { ReportFile } from './reportFile';

/** The SARIF report of check. */
export function checkSarif(reports: readonly ReportFile[]): string {
  return formatSarif(reports, { version, ruleDoc });
}

/** A rule's docs page, shipped beside the bundle (dist/../docs/rules). */
function ruleDoc(id: string): string | undefined {
  try {
    return fs.readFileSync(path.join(__dirname, '..', 'docs', 'rules', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
