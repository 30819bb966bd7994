/**
 * A file name is text from the repository too: git allows a line break in it,
 * and a CI log runs a line that starts with `::` as a workflow command. Every
 * command and format is run as a process on files so named; every line that
 * starts with `::` must be an annotation the github format meant, and the name
 * must appear escaped wherever a path is printed.
 */
import { runScale } from '../support/cliProcess';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkUnder, writeUnder } from '../support/linkedFolders';

const ROOT = path.resolve(__dirname, '../..');

/** A legal file name that would end a line and start a workflow command. */
const NAME = 'x\n::error file=y::pwned.scale.json';
/** The name as every text output must print it. */
const ESCAPED = 'x\\u000a::error file=y::pwned.scale.json';
/** The name as a property of a workflow command (see formatGithub's escapeProperty). */
const AS_PROPERTY = 'x%0A%3A%3Aerror file=y%3A%3Apwned.scale.json';

function scale(args: string[], cwd: string): { status: number | null; output: string } {
  const r = runScale(args, cwd);
  return { status: r.status, output: r.stdout + r.stderr };
}

const TOPOLOGY = {
  version: 1,
  name: 'n',
  workload: { peakRps: 100 },
  components: { web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2 } },
};

describe('file names that carry workflow commands (process)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-names-')));
    writeUnder(dir, `bad/${NAME}`, '{ "version": 1,');
    writeUnder(dir, `latin1/${NAME}`, Buffer.from([0x7b, 0xe9, 0x7d]));
    writeUnder(dir, `calm/${NAME}`, JSON.stringify(TOPOLOGY));
    writeUnder(dir, `run/${NAME}`, JSON.stringify({ ...TOPOLOGY, scenarios: [{ name: 's', faults: [{ at: '1s', kill: 'api#1' }] }] }));
    writeUnder(dir, 'outside/secret.scale.json', JSON.stringify(TOPOLOGY));
    linkUnder(dir, `repo/links/${NAME}`, '../../outside/secret.scale.json');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runs: [string, string[], string?][] = [
    ['check text', ['check', `bad/${NAME}`]],
    ['check a folder', ['check', 'bad']],
    ['check a glob', ['check', 'bad/*.scale.json']],
    ['check json', ['check', `bad/${NAME}`, '--format', 'json']],
    ['check sarif', ['check', `bad/${NAME}`, '--format', 'sarif']],
    ['check github', ['check', 'bad', '--format', 'github']],
    ['check invalid UTF-8', ['check', `latin1/${NAME}`]],
    ['check a missing file', ['check', `missing/${NAME}`]],
    ['check a link out', ['check', '.'], 'repo'],
    ['check a named link out', ['check', `links/${NAME}`], 'repo'],
    ['simulate text', ['simulate', `run/${NAME}`]],
    ['simulate json', ['simulate', `run/${NAME}`, '--format', 'json']],
    ['simulate, no scenarios', ['simulate', `calm/${NAME}`]],
    ['simulate, no such scenario', ['simulate', `run/${NAME}`, '--scenario', 'none']],
    ['simulate, does not validate', ['simulate', `bad/${NAME}`]],
    ['simulate, invalid UTF-8', ['simulate', `latin1/${NAME}`]],
    ['headroom text', ['headroom', `calm/${NAME}`]],
    ['headroom markdown', ['headroom', `calm/${NAME}`, '--format', 'markdown']],
    ['headroom json', ['headroom', `calm/${NAME}`, '--format', 'json']],
    ['headroom, does not validate', ['headroom', `bad/${NAME}`]],
    ['report', ['report', `run/${NAME}`, '-o', `out/${NAME}.html`]],
    ['report, invalid UTF-8', ['report', `latin1/${NAME}`]],
  ];
  for (const [what, args, cwd] of runs) {
    it(`${what}: no line starts a command it did not mean, and the name is printed escaped`, () => {
      const r = scale(args, path.join(dir, cwd ?? '.'));
      // The runner trims a line's leading whitespace before it looks for `::`.
      const commands = r.output.split('\n').filter((l) => l.trimStart().startsWith('::'));
      for (const line of commands) assert.match(line, new RegExp(`^::(error|warning|notice) file=bad/${AS_PROPERTY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},line=`), `${what}: ${line}`);
      if (what === 'check github') assert.equal(commands.length, 1, r.output);
      else if (!what.includes('json') && !what.includes('sarif') && !what.includes('markdown')) assert.ok(r.output.includes(ESCAPED), `${what}:\n${r.output}`);
    });
  }

  // A name that starts with `::` needs no line break: printed first on a line (or indented under another), it is the command.
  const LEADING = '::error file=y::pwned.scale.json';
  /** The runner trims leading whitespace first: a name that starts with a space and then `::` is one too. */
  const SPACED = ' ::notice::z.scale.json';
  const leadingRuns: [string, string[]][] = [
    ['check text', ['check', LEADING]],
    ['check a folder', ['check', '.']],
    ['simulate text', ['simulate', LEADING]],
    ['headroom text', ['headroom', LEADING]],
    ['report', ['report', LEADING, '-o', `${LEADING}.html`]],
    ['check, read on standard input with its name given', ['check', '-', '--stdin-filename', LEADING]],
  ];
  for (const [what, args] of leadingRuns) {
    it(`${what}, of a file whose name starts with "::": no line starts a command, and the name is shown as ./ followed by it`, () => {
      const cwd = path.join(dir, 'leading');
      const text = JSON.stringify({ ...TOPOLOGY, components: { ...TOPOLOGY.components, api: { kind: 'service', instances: 1 } }, scenarios: [{ name: 's', faults: [{ at: '1s', kill: 'api#0' }] }] });
      writeUnder(dir, `leading/${LEADING}`, text);
      writeUnder(dir, `leading/${SPACED}`, text);
      const r = runScale(args, cwd, 60_000, args.includes('-') ? text : undefined);
      const output = r.stdout + r.stderr;
      assert.deepEqual(output.split('\n').filter((l) => l.trimStart().startsWith('::')), [], `${what}:\n${output}`);
      assert.ok(output.includes(`./${LEADING}`), `${what}:\n${output}`);
      if (what === 'check a folder') assert.ok(output.includes(`./${SPACED}`), output);
    });
  }
});
