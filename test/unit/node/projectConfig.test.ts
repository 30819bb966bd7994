/**
 * Finding a topology's project configuration on disk (src/node/projectConfig):
 * the nearest scale.config.json wins, the walk stops at the repository or
 * workspace root and never reads above it, a link out of the root is
 * refused, a configuration that cannot be read is one finding, and the
 * ignore patterns leave files out.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LoadedConfig, ProjectConfigs } from '../../../src/node/projectConfig';
import { linkUnder, writeUnder } from '../../support/linkedFolders';

describe('project configuration on disk', () => {
  let tmp: string;
  const at = (rel: string) => path.join(tmp, rel);
  const write = (rel: string, content: string | Buffer) => writeUnder(tmp, rel, content);
  const config = (rel: string, rules: Record<string, string>, extra = '') => write(rel, `{ "rules": ${JSON.stringify(rules)}${extra} }`);
  const rulesOf = (c: LoadedConfig | undefined) => (c ? Object.fromEntries(c.config.rules) : undefined);

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-config-')));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the nearest configuration above a topology wins', () => {
    fs.mkdirSync(at('repo/.git'), { recursive: true });
    config('repo/scale.config.json', { capacity: 'error' });
    config('repo/team/scale.config.json', { capacity: 'off' });
    fs.mkdirSync(at('repo/team/deep/er'), { recursive: true });
    fs.mkdirSync(at('repo/other'), { recursive: true });
    const configs = new ProjectConfigs(() => []);
    assert.deepEqual(rulesOf(configs.forFile(at('repo/team/deep/er/a.scale.json'))), { capacity: 'off' });
    assert.equal(configs.forFile(at('repo/team/a.scale.json'))?.file, at('repo/team/scale.config.json'));
    assert.deepEqual(rulesOf(configs.forFile(at('repo/other/a.scale.json'))), { capacity: 'error' });
    assert.deepEqual(rulesOf(configs.forFile(at('repo/a.scale.json'))), { capacity: 'error' });
  });

  it('stops at the repository root or the workspace folder, whichever is nearer, and reads nothing above it', () => {
    config('scale.config.json', { capacity: 'error' });
    fs.mkdirSync(at('repo/.git'), { recursive: true });
    fs.mkdirSync(at('repo/ws/app'), { recursive: true });
    assert.equal(new ProjectConfigs(() => []).forFile(at('repo/ws/app/a.scale.json')), undefined);
    // A workspace folder inside the repository: the configuration at the repository's root is above it.
    config('repo/scale.config.json', { capacity: 'info' });
    assert.deepEqual(rulesOf(new ProjectConfigs(() => []).forFile(at('repo/ws/app/a.scale.json'))), { capacity: 'info' });
    assert.equal(new ProjectConfigs(() => [at('repo/ws')]).forFile(at('repo/ws/app/a.scale.json')), undefined);
    // A worktree or a submodule marks its root with a .git file.
    write('repo/ws/app/.git', 'gitdir: ../../.git/worktrees/app\n');
    assert.equal(new ProjectConfigs(() => []).forFile(at('repo/ws/app/a.scale.json')), undefined);
  });

  it('outside every root, looks only in the topology\'s own folder', () => {
    config('scale.config.json', { capacity: 'error' });
    fs.mkdirSync(at('loose'), { recursive: true });
    assert.equal(new ProjectConfigs(() => []).forFile(at('loose/a.scale.json')), undefined);
    config('loose/scale.config.json', { capacity: 'off' });
    assert.deepEqual(rulesOf(new ProjectConfigs(() => []).forFile(at('loose/a.scale.json'))), { capacity: 'off' });
  });

  it('refuses a configuration that is a link out of the root, with one finding, and follows one that stays inside', () => {
    write('outside/scale.config.json', '{ "rules": { "capacity": "off" }, "OUTSIDE_KEY": 1 }');
    fs.mkdirSync(at('repo/.git'), { recursive: true });
    linkUnder(tmp, 'repo/scale.config.json', '../outside/scale.config.json');
    const out = new ProjectConfigs(() => []).forFile(at('repo/a.scale.json'))!;
    assert.equal(out.file, at('repo/scale.config.json'));
    assert.deepEqual(out.findings.map((f) => [f.ruleId, f.severity, f.message]), [
      ['syntax', 'error', 'scale.config.json cannot be read: it is a link that leads outside the repository or workspace folder it is in, and is not followed; the topologies under it are checked with the default settings'],
    ]);
    assert.equal(out.text, '');
    assert.deepEqual(rulesOf(out), {});
    assert.doesNotMatch(JSON.stringify(out), /OUTSIDE/);

    config('repo/shared/team.json', { capacity: 'info' });
    linkUnder(tmp, 'repo/app/scale.config.json', '../shared/team.json');
    assert.deepEqual(rulesOf(new ProjectConfigs(() => []).forFile(at('repo/app/a.scale.json'))), { capacity: 'info' });
    linkUnder(tmp, 'repo/gone/scale.config.json', 'nowhere.json');
    assert.match(new ProjectConfigs(() => []).forFile(at('repo/gone/a.scale.json'))!.findings[0]!.message, /leads nowhere/);
  });

  it('a configuration that cannot be read is one finding in it, and the defaults apply', () => {
    fs.mkdirSync(at('repo/.git'), { recursive: true });
    fs.mkdirSync(at('repo/dir/scale.config.json'), { recursive: true });
    write('repo/latin1/scale.config.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    write('repo/broken/scale.config.json', '{ "rules": { "capacity": "off" ');
    for (const [folder, message] of [['dir', /cannot be read: it is not a file/], ['latin1', /not valid UTF-8/], ['broken', /expected/i]] as const) {
      const c = new ProjectConfigs(() => []).forFile(at(`repo/${folder}/a.scale.json`))!;
      assert.equal(c.findings.length, 1, folder);
      assert.match(c.findings[0]!.message, message);
      assert.deepEqual(rulesOf(c), {}, folder);
    }
  });

  it('leaves out the files its ignore patterns match, relative to its folder; a matched folder takes everything in it', () => {
    fs.mkdirSync(at('repo/.git'), { recursive: true });
    config('repo/team/scale.config.json', {}, ', "ignore": ["legacy/**", "**/*.draft.scale.json", "old", ".hidden/*.scale.json"]');
    const c = new ProjectConfigs(() => []).forFolder(at('repo/team'))!;
    assert.deepEqual(c.findings, []);
    for (const rel of ['legacy/a.scale.json', 'legacy/x/y/b.scale.json', 'svc/c.draft.scale.json', 'c.draft.scale.json', 'old/a.scale.json', 'old/deep/a.scale.json', '.hidden/h.scale.json']) {
      assert.equal(c.ignores(at(`repo/team/${rel}`)), true, rel);
    }
    for (const rel of ['a.scale.json', 'svc/legacy.scale.json', 'older/a.scale.json', 'svc/old.scale.json.bak/a.scale.json', 'x/legacy/a.scale.json']) {
      assert.equal(c.ignores(at(`repo/team/${rel}`)), false, rel);
    }
    // Nothing outside its folder is its to leave out.
    assert.equal(c.ignores(at('repo/legacy/a.scale.json')), false);
    assert.equal(c.ignores(at('repo/team')), false);
  });

  it('passes over a folder it cannot look in (a name past the system\'s limit), and never throws', () => {
    fs.mkdirSync(at('repo/.git'), { recursive: true });
    config('repo/scale.config.json', { capacity: 'off' });
    let deep = at('repo');
    while (deep.length < 4088) deep = path.join(deep, 'x'.repeat(Math.min(200, 4090 - deep.length - 1)));
    fs.mkdirSync(deep, { recursive: true });
    assert.deepEqual(rulesOf(new ProjectConfigs(() => []).forFolder(deep)), { capacity: 'off' });
  });

  it('reads each configuration once until cleared, and tells of each read', () => {
    fs.mkdirSync(at('repo/.git'), { recursive: true });
    config('repo/scale.config.json', { capacity: 'error' });
    fs.mkdirSync(at('repo/a/b'), { recursive: true });
    const read: string[] = [];
    const configs = new ProjectConfigs(() => [], (c) => read.push(c.file));
    configs.forFile(at('repo/a/b/x.scale.json'));
    configs.forFile(at('repo/a/y.scale.json'));
    configs.forFile(at('repo/z.scale.json'));
    assert.deepEqual(read, [at('repo/scale.config.json')]);
    config('repo/scale.config.json', { capacity: 'off' });
    assert.deepEqual(rulesOf(configs.forFile(at('repo/z.scale.json'))), { capacity: 'error' });
    configs.clear();
    assert.deepEqual(rulesOf(configs.forFile(at('repo/a/b/x.scale.json'))), { capacity: 'off' });
    assert.equal(read.length, 2);
  });
});
