/**
 * THIRD_PARTY_NOTICES.md: every package whose code the shipped bundles carry
 * (the extension, language server and webview in the .vsix; the CLI, report
 * script and server in the npm package; the GitHub Action's action/index.js),
 * with its version, licence, source and licence text as the package ships
 * it. The packages are read from esbuild's metafiles, so a dependency that
 * starts (or stops) being bundled changes the file; `npm run generate` writes
 * it and a test fails when the committed copy is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
/** Where the notices are written, beside the README. */
export const NOTICES_PATH = path.join(ROOT, 'THIRD_PARTY_NOTICES.md');

/** The licence files a package may ship, and the notices some ship beside them. */
const LICENCE_FILE = /^(licen[cs]e|copying|notice|third-?party-?notices)([.-][\w.-]*)?$/i;
/** Licences that ask for the source to be offered along with the object code the bundles carry. */
const SOURCE_LICENCE = /^(EPL|MPL|CDDL|L?GPL)-/;
/** The MIT licence's text, for an MIT package that ships no licence file. */
const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

/** The package folder of a bundled file (relative to the root): the path to its last node_modules/NAME; undefined for the project's own files. */
export function packageDirOf(file: string): string | undefined {
  return /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
}

/** The files whose code a bundle's metafile says ended up in its output, the inlined workers' included. */
async function bundledFiles(metafile: esbuild.Metafile): Promise<string[]> {
  const { workerOptions } = require('../esbuild.js') as { workerOptions: (entry: string) => esbuild.BuildOptions };
  const files: string[] = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0 || input.startsWith('(disabled):')) continue;
      // A worker that inlineWorkerPlugin inlines as text: its own bundle's files are in this one.
      const worker = /^inline-worker:(.*)$/.exec(input)?.[1];
      if (worker === undefined) files.push(input);
      else files.push(...(await bundledFiles((await esbuild.build({ ...workerOptions(worker), absWorkingDir: ROOT })).metafile!)));
    }
  }
  return files;
}

/** Each shipped bundle (its output file) with the package folders it carries code of. */
async function packagesByBundle(): Promise<Map<string, Set<string>>> {
  const { targets, actionTarget } = require('../esbuild.js') as { targets: esbuild.BuildOptions[]; actionTarget: esbuild.BuildOptions };
  const builds = await Promise.all([...targets, actionTarget].map(async (target) => {
    const result = await esbuild.build({ ...target, absWorkingDir: ROOT, write: false, metafile: true });
    const dirs = (await bundledFiles(result.metafile!)).map(packageDirOf).filter((d) => d !== undefined);
    // Every target writes one file (the CLI too: three bundles, a target each).
    return [target.outfile!, new Set(dirs)] as const;
  }));
  return new Map(builds);
}

/** The https address of a package.json `repository` (a URL, `github:owner/name` or `owner/name`). */
function repositoryUrl(repository: unknown): string | undefined {
  const raw = typeof repository === 'string' ? repository : (repository as { url?: string } | undefined)?.url;
  if (!raw) return undefined;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  return raw.replace(/^git\+/, '').replace(/^(git|ssh):\/\/(git@)?/, 'https://').replace(/^git@([^:]+):/, 'https://$1/').replace(/\.git$/, '');
}

/** One bundled package, as its notice gives it. */
interface BundledPackage {
  name: string;
  version: string;
  licence: string;
  author: string | undefined;
  repository: string | undefined;
  /** The shipped bundles that carry its code. */
  bundles: string[];
  /** Its licence and notice files: name and text. */
  files: { name: string; text: string }[];
}

function readPackage(dir: string, bundles: string[]): BundledPackage {
  const abs = path.resolve(ROOT, dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8'));
  const licence: string = typeof pkg.license === 'string' ? pkg.license
    : pkg.license?.type ?? (pkg.licenses as { type: string }[] | undefined)?.map((l) => l.type).join(' OR ') ?? 'UNKNOWN';
  const author = typeof pkg.author === 'string' ? pkg.author.replace(/\s*[<(].*$/, '') : pkg.author?.name;
  const files = fs.readdirSync(abs).filter((f) => LICENCE_FILE.test(f) && fs.statSync(path.join(abs, f)).isFile()).sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(abs, f), 'utf8').replace(/\r\n?/g, '\n').replace(/\s+$/, '') }));
  return { name: pkg.name, version: pkg.version, licence, author, repository: repositoryUrl(pkg.repository), bundles, files };
}

/** A fenced block longer than any run of backticks in the text, so that no licence can close it early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function noticeOf(p: BundledPackage): string {
  // An "A OR B" licence is taken under its first choice.
  const used = p.licence.replace(/^\(|\)$/g, '').split(' OR ')[0]!;
  const lines = [`## ${p.name} ${p.version}`, ''];
  lines.push(`- Licence: ${p.licence}${used !== p.licence ? ` (used under ${used})` : ''}`);
  if (p.repository) lines.push(`- Source: ${p.repository}`);
  lines.push(`- Bundled into: ${p.bundles.map((b) => `\`${b}\``).join(', ')}`);
  lines.push('');
  if (SOURCE_LICENCE.test(used)) {
    lines.push(`The bundles carry ${p.name} as its npm package publishes it, in object form (bundled and, in releases, minified). Its source code is available from ${p.repository ?? 'its project'} and in its npm package, https://www.npmjs.com/package/${p.name}/v/${p.version}, under the ${used} licence, whose text follows.`, '');
  }
  if (p.files.length === 0) {
    if (used !== 'MIT') throw new Error(`${p.name} ${p.version} is bundled but ships no licence file for its licence ${p.licence}: read its terms and say here how to give them`);
    lines.push(`The package ships no licence file; its package.json declares the MIT licence${p.author ? ` and names ${p.author} as its author` : ''}:`, '');
    lines.push(fenced(`${p.author ? `Copyright (c) ${p.author}\n\n` : ''}${MIT_TEXT}`), '');
  }
  for (const f of p.files) lines.push(`${f.name}:`, '', fenced(f.text), '');
  return lines.join('\n');
}

/** THIRD_PARTY_NOTICES.md as the current bundles and node_modules give it: sorted, with no machine paths. */
export async function thirdPartyNoticesText(): Promise<string> {
  const byBundle = await packagesByBundle();
  const bundles = [...byBundle.keys()].sort();
  const byDir = new Map<string, string[]>();
  for (const [bundle, dirs] of byBundle) for (const dir of dirs) byDir.set(dir, [...(byDir.get(dir) ?? []), bundle]);
  const packages = [...byDir].map(([dir, bundles]) => readPackage(dir, [...bundles].sort()));
  // Two copies of one version (in two node_modules folders) are one notice.
  const unique = new Map<string, BundledPackage>();
  for (const p of packages) {
    const key = `${p.name}@${p.version}`;
    const seen = unique.get(key);
    unique.set(key, seen ? { ...seen, bundles: [...new Set([...seen.bundles, ...p.bundles])].sort() } : p);
  }
  const sorted = [...unique.values()].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en', { numeric: true }));
  const head = [
    '# Third-party notices',
    '',
    '<!-- Generated by npm run generate (scripts/thirdPartyNotices.ts) from the bundles\' esbuild metafiles; do not edit. -->',
    '',
    `Scale's own code is under the MIT licence (see LICENSE). Its bundles, which the VS Code extension, the npm package and the GitHub Action ship (${bundles.map((b) => `\`${b}\``).join(', ')}), also carry code from the packages below.`,
    'Each is listed with its version, its licence, where its source is, the bundles that carry it, and the licence and notice files it ships.',
    '',
    ...sorted.map((p) => `- [${p.name} ${p.version}](#${anchor(`${p.name} ${p.version}`)}) — ${p.licence}`),
    '',
  ];
  return [...head, ...sorted.map(noticeOf)].join('\n').replace(/\n+$/, '\n');
}

/** GitHub's anchor of a heading. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

if (require.main === module) {
  thirdPartyNoticesText().then(
    (text) => {
      fs.writeFileSync(NOTICES_PATH, text);
      console.log(`wrote ${path.relative(ROOT, NOTICES_PATH)}`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
