/**
 * `scale diff --format html`: one self-contained page for every compared
 * file, written by `scale report`'s page machinery (the same script, styles,
 * CSP and data block): the verdict, then per file the base's and the head's
 * diagrams side by side, each laid out as `scale report` lays it out, with
 * the components the change added, removed or changed marked, and every
 * table of the comparison.
 */
import type { DiffInput } from '../core/diff/diff';
import { verdict } from '../core/diff/diffWords';
import type { FileDiff } from '../core/diff/types';
import type { DiffReportData } from '../core/report/diffReportData';
import { diffReportFile, drawable, type SideDiagram } from '../core/report/diffReportFile';
import { LineIndex } from '../core/text/lineIndex';
import { laidOutDiagram, reportScript } from './report';
import { pageHtml } from './reportHtml';

/** One file compared: what was read of each side, and the comparison. */
export interface Compared {
  base: DiffInput;
  head: DiffInput;
  diff: FileDiff;
}

/** The page's data: the verdict, and per file its notes, both sides drawn (each with at most `maxNodes` components) and its tables. */
export async function diffHtmlData(compared: readonly Compared[], labels: { base: string; head: string }, version: string, maxNodes?: number): Promise<DiffReportData> {
  const files = [];
  for (const c of compared) {
    const draw = async (name: 'base' | 'head'): Promise<SideDiagram | undefined> => {
      const read = c[name].read;
      if (!drawable(c.diff, name) || read === undefined || !('text' in read) || !read.checked) return undefined;
      // The check the comparison made (compare() keeps it), for the diagram's finding badges.
      return laidOutDiagram(read.checked, new LineIndex(read.text), c[name].label, maxNodes);
    };
    files.push(diffReportFile(c.diff, { base: await draw('base'), head: await draw('head') }));
  }
  return { kind: 'diff', version, base: labels.base, head: labels.head, verdict: verdict(compared.map((c) => c.diff)), files };
}

/** The page. */
export function diffHtml(data: DiffReportData): string {
  return pageHtml({ title: `Scale diff: ${data.base} → ${data.head}`, version: data.version, data, charts: false }, reportScript());
}
