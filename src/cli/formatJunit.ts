/**
 * JUnit XML, the test-report format Jenkins, GitLab, Azure Pipelines and
 * CircleCI show: one testsuite per checked file, one failing testcase per
 * finding, and one passing testcase for a file with none, so a clean run
 * still shows what was checked; an accepted finding is a skipped testcase,
 * with the reason. Text from a file (messages, names) is
 * escaped for XML 1.0, and characters XML 1.0 cannot hold at all become
 * visible `\uXXXX` escapes.
 */
import { problemsOf, regionOf, type ReportFile, totalsOf } from './reportFile';

/** Escapes text for an XML 1.0 attribute or element; characters XML 1.0 forbids become `\uXXXX`. */
function escapeXml(s: string): string {
  return s
    // Characters outside XML 1.0's Char production: C0 controls but tab, LF, CR; lone surrogates; U+FFFE and U+FFFF.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // Attribute values normalise raw whitespace to spaces; character references keep it.
    .replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Formats findings as a JUnit XML report. */
export function formatJunit(files: readonly ReportFile[]): string {
  const t = totalsOf(files);
  const failures = t.error + t.warning + t.info;
  const tests = files.reduce((n, f) => n + Math.max(f.findings.length, 1), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scale" tests="${tests}" failures="${failures}" errors="0">`,
  ];
  for (const f of files) {
    const file = escapeXml(f.path);
    const skipped = f.findings.length - problemsOf(f.findings).length;
    out.push(`  <testsuite name="${file}" tests="${Math.max(f.findings.length, 1)}" failures="${f.findings.length - skipped}" errors="0" skipped="${skipped}">`);
    if (f.findings.length === 0) out.push(`    <testcase classname="${file}" name="no findings" file="${file}"/>`);
    for (const x of f.findings) {
      const r = regionOf(f.lines, x.range);
      const where = `${r.startLine}:${r.startColumn}`;
      const detail = escapeXml(`${f.path}:${where} ${x.severity} ${x.ruleId} ${x.message}`);
      out.push(
        `    <testcase classname="${file}" name="${escapeXml(`${x.ruleId} at ${where}`)}" file="${file}" line="${r.startLine}">`,
        x.accepted
          ? `      <skipped message="${escapeXml(`accepted: ${x.accepted.reason}`)}">${detail}</skipped>`
          : `      <failure type="${x.severity}" message="${escapeXml(x.message)}">${detail}</failure>`,
        '    </testcase>',
      );
    }
    if (f.omitted > 0) out.push(`    <system-out>${f.omitted} more findings not shown</system-out>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
