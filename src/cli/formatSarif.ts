/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: every rule with its
 * short and full description and help; results with relative, percent-encoded
 * URIs under %SRCROOT%, 1-based regions in UTF-16 columns, related locations,
 * fixes, and fingerprints that survive edits elsewhere in the file; an
 * accepted finding is a result suppressed in source, its reason the
 * justification, so code scanning shows it dismissed with why. Within
 * GitHub's limits: 25,000 results per run and 10 MB gzipped per file; past
 * them the report is cut and says so in a notification.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { RULES, ruleDocPath } from '../core/ruleCatalog';
import type { Finding, Severity } from '../core/findings';
import { fileOf, regionOf, type ReportFile, type ShownFile } from './reportFile';

/** GitHub's limit on results in one run. */
export const MAX_SARIF_RESULTS = 25_000;
/** GitHub's limit on the gzipped size of one SARIF file. */
export const MAX_SARIF_GZIP_BYTES = 10 * 1000 * 1000;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** What the SARIF writer needs to know about the tool. */
export interface SarifTool {
  version: string;
  informationUri?: string;
  /** A rule's documentation page (Markdown), when the docs are at hand. */
  ruleDoc?: (id: string) => string | undefined;
}

/** Percent-encodes a relative path segment by segment (spaces, `#`, `%`, non-ASCII). */
export function relativeUri(p: string): string {
  return p.split(/[\\/]/).map((seg) => encodeURIComponent(seg)).join('/');
}

/** The artifact location of a file: relative to %SRCROOT% when inside the working folder, a file URI otherwise. */
function artifactLocation(p: string): { uri: string; uriBaseId?: string } {
  return path.isAbsolute(p) ? { uri: pathToFileURL(p).href } : { uri: relativeUri(p), uriBaseId: '%SRCROOT%' };
}

/** A readable PascalCase name for a rule; SARIF wants it to differ from the id even ignoring case. */
function ruleName(id: string): string {
  const name = id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return id.includes('-') ? name : `${name}Check`;
}

/** A fingerprint of a finding that stays put when unrelated lines move: rule, file and JSON path. */
function fingerprint(file: string, f: Finding): string {
  return createHash('sha256').update(`${f.ruleId}\u0000${file}\u0000${JSON.stringify(f.path)}\u0000${f.message.replace(/[\d.,]+/g, '#')}`).digest('hex').slice(0, 32);
}

/** Builds the SARIF log object. */
export function buildSarif(files: readonly ReportFile[], tool: SarifTool): object {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const rules = RULES.map((r) => ({
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.short },
    fullDescription: { text: r.full.slice(0, 1024) },
    help: {
      text: `${r.full}\n\nDocumentation: ${ruleDocPath(r.id)}`,
      markdown: tool.ruleDoc?.(r.id) ?? `${r.full}\n\nDocumentation: [${ruleDocPath(r.id)}](${ruleDocPath(r.id)})`,
    },
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: { tags: ['architecture'], configurable: r.configurable },
  }));

  const location = (file: ShownFile, range: Finding['range']) => ({
    physicalLocation: {
      artifactLocation: artifactLocation(file.path),
      region: { ...regionOf(file.lines, range), charOffset: range.offset, charLength: range.length },
    },
  });

  const results: object[] = [];
  let total = 0;
  files.forEach((file) => {
    for (const f of file.findings) {
      total++;
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [location(file, f.range)],
        partialFingerprints: { 'scaleFinding/v1': fingerprint(file.path, f) },
      };
      if (result.ruleIndex === -1) delete result.ruleIndex;
      if (f.related?.length) {
        result.relatedLocations = f.related.map((r, i) => ({ id: i + 1, ...location(fileOf(file, r), r.range), message: { text: r.message } }));
      }
      if (f.fixes?.length) {
        result.fixes = f.fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [{
            artifactLocation: artifactLocation(file.path),
            replacements: fix.edits.map((e) => ({
              deletedRegion: { charOffset: e.offset, charLength: e.length },
              insertedContent: { text: e.newText },
            })),
          }],
        }));
      }
      if (f.data) result.properties = { ...f.data };
      if (f.accepted) result.suppressions = [{ kind: 'inSource', status: 'accepted', justification: f.accepted.reason, location: location(file, f.accepted.range) }];
      results.push(result);
    }
  });
  const omitted = files.reduce((n, f) => n + f.omitted, 0);

  const notifications: object[] = [];
  if (omitted > 0) {
    notifications.push({ level: 'note', message: { text: `${omitted} findings past the per-file cap are not in this report.` } });
  }
  let kept = results;
  if (kept.length > MAX_SARIF_RESULTS) kept = kept.slice(0, MAX_SARIF_RESULTS);
  const log = (rs: object[]) => ({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'scale', semanticVersion: tool.version, version: tool.version, ...(tool.informationUri ? { informationUri: tool.informationUri } : {}), rules } },
      automationDetails: { id: 'scale/check/' },
      columnKind: 'utf16CodeUnits',
      results: rs,
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: rs.length < total
          ? [...notifications, { level: 'warning', message: { text: `Report cut to ${rs.length} of ${total} results to stay within code scanning's limits (${MAX_SARIF_RESULTS} results, ${MAX_SARIF_GZIP_BYTES / 1e6} MB gzipped).` } }]
          : notifications,
      }],
    }],
  });
  // Halve until the gzipped log fits.
  let out = log(kept);
  while (kept.length > 0 && gzipSync(JSON.stringify(out)).length > MAX_SARIF_GZIP_BYTES) {
    kept = kept.slice(0, Math.floor(kept.length / 2));
    out = log(kept);
  }
  return out;
}

/** Serializes the SARIF log. */
export function formatSarif(files: readonly ReportFile[], tool: SarifTool): string {
  return JSON.stringify(buildSarif(files, tool), null, 2) + '\n';
}
