/**
 * `scale headroom` run as a process: the saturation order with multiples and
 * moves for every example, the target from --to or the file, the text, JSON
 * and Markdown layouts, exit codes, usage errors, files that do not validate,
 * and file text (a path, query names and key fields) that must stay text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMENT_MARKUP, markdownHazards } from '../support/markdownHazards';
import { runScale } from '../support/cliProcess';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.scale.json')).sort();
const headroom = (args: string[], cwd = ROOT) => runScale(['headroom', ...args], cwd);

/** The multiples of the text layout's component lines, in the order printed. */
const multiples = (out: string) => [...out.matchAll(/^ +([\d,.]+)× {2}(\S+) +runs out of /gm)].map((m) => ({ id: m[2]!, multiple: Number(m[1]!.replace(/,/g, '')) }));

describe('scale headroom (process)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-headroom-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('on the startup example, prints db first with a cache in front, app next with its sessions moved out, and exits 1: both are short of the file\'s 2×', () => {
    const r = headroom(['examples/startup.scale.json']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'examples/startup.scale.json: 2,000 rps at peak today; moves sized for 2× (the file\'s growth target)',
      '',
      '    0.75×  db   runs out of request rate: its one node at 133.3% today',
      '           short of 2× (266.7% at 2×)',
      '           move: a cache in front answering at least 78% of the reads that reach it today (1,800 reads/s): 79.5% of its request rate at 2×',
      '           or:   5 replicas per primary (from 0) and serve reads from them (readsFrom "replicas"): 74.7% of its request rate at 2×, with synchronous replication (its strong consistency cannot read from lagging replicas)',
      '    0.77×  app  runs out of request rate: each instance at 130.7% today',
      '           short of 2× (261.3% at 2×)',
      '           move: move its sessions out of server memory first (state "external" with a sessionStore: any instance can then serve any user), then scale out to 10 instances (from 3; 78.4% of its request rate at 2×); the session store takes one read per request, 3,920 reads/s at 2×',
      '     5.1×  lb   runs out of request rate: its one node at 19.6% today',
      '           carries 2× (39.2% at 2×)',
      '',
      '3 components with a capacity; 2 short of 2×',
      'no capacity declared, not judged: listings, events, search, media-directory, media, inventory, orders, chat, payments-db, admin-lb, admin, legacy-reports',
      '',
    ].join('\n'));
  });

  for (const name of EXAMPLES) {
    it(`${name}: the saturation order with multiples, and a move for each component short of 10×`, () => {
      const r = headroom([`examples/${name}`, '--to', '10']);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const order = multiples(r.stdout);
      assert.ok(order.length >= 3, r.stdout);
      for (let i = 1; i < order.length; i++) assert.ok(order[i - 1]!.multiple <= order[i]!.multiple, `${order[i - 1]!.id} before ${order[i]!.id}`);
      const short = (r.stdout.match(/^ {11}short of 10×/gm) ?? []).length;
      assert.ok(short > 0);
      assert.equal((r.stdout.match(/^ {11}move: /gm) ?? []).length, short + (r.stdout.match(/^ {11}carries 10× past/gm) ?? []).length);
      assert.equal(r.status, 1, 'a component short of --to fails the run');
    });
  }

  it('without a target given or declared, sizes moves for 10× and exits 0: the report is for reading', () => {
    const r = headroom(['examples/url-shortener.scale.json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^examples\/url-shortener\.scale\.json: 40,000 rps at peak today; moves sized for 10× \(no target given or declared\)\n/);
    assert.match(r.stdout, /^ {4}2\.22× {2}api {8}runs out of request rate: each instance at 45\.1% today\n {11}short of 10× \(451\.1% at 10×\)\n {11}move: scale out to 51 instances \(from 9; 79\.6% of its request rate at 10×\)$/m);
  });

  it('--to wins over the file\'s target, and a target the design carries exits 0', () => {
    const r = headroom(['examples/startup.scale.json', '--to', '1.5']);
    assert.match(r.stdout, /moves sized for 1\.5× \(--to\)/);
    assert.equal(r.status, 1, 'db and app are past capacity today');
    const carried = headroom(['examples/ecommerce.scale.json', '--to', '1.2']);
    assert.equal(carried.status, 0, carried.stdout);
    assert.match(carried.stdout, /; none short of 1\.2×\n/);
  });

  it('--format json: the order, verdicts and moves as data, figures rounded', () => {
    const r = headroom(['examples/startup.scale.json', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.file, 'examples/startup.scale.json');
    assert.deepEqual(j.target, { multiple: 2, from: 'file' });
    assert.deepEqual(j.components.map((c: { id: string; multiple: number; verdict: string }) => [c.id, c.multiple, c.verdict]), [['db', 0.75, 'short'], ['app', 0.765306, 'short'], ['lb', 5.10204, 'carries']]);
    const [db, app] = j.components;
    assert.deepEqual({ kind: db.kind, resource: db.resource, ceilingRps: db.ceilingRps, method: db.method, busiestNode: db.busiestNode }, { kind: 'database', resource: 'rps', ceilingRps: 1500, method: 'linear', busiestNode: 'primary' });
    assert.deepEqual({ kind: db.move.kind, hitRatio: db.move.hitRatio }, { kind: 'cache', hitRatio: 0.78 });
    assert.deepEqual(app.move.count, { property: 'instances', from: 3, to: 10 });
    assert.equal(j.components[2].move, undefined);
    assert.deepEqual(j.unloaded, []);
    assert.ok(j.notJudged.includes('orders'));
  });

  it('an imported component (social-feed\'s auth, from the platform file) gets the platform\'s move: where it is declared, scaled out there, nothing set here', () => {
    const r = headroom(['examples/social-feed.scale.json', '--to', '10']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^ {7}2× {2}auth +runs out of request rate: each instance at 50% today\n {11}short of 10× \(500% at 10×\)\n {11}move: auth is declared in "\.\/platform\/platform\.scale\.json", so the move is made there, not in this file: scale out to 126 instances \(from 20; 79\.4% of its request rate at 10×\)$/m);
    // The file's own pools keep their move as it was.
    assert.match(r.stdout, /^ {11}move: scale out to 313 instances \(from 45;/m);
    const j = JSON.parse(headroom(['examples/social-feed.scale.json', '--to', '10', '--format', 'json']).stdout);
    const auth = j.components.find((c: { id: string }) => c.id === 'auth');
    assert.deepEqual({ declaredIn: auth.move.declaredIn, count: auth.move.count, set: auth.move.set }, { declaredIn: './platform/platform.scale.json', count: { property: 'instances', from: 20, to: 126 }, set: undefined });
    assert.equal(j.components.find((c: { id: string }) => c.id === 'feed-api').move.declaredIn, undefined);
  });

  it('--format markdown: a table in saturation order', () => {
    const r = headroom(['examples/startup.scale.json', '-f', 'markdown']);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '### Headroom of examples\\/startup\\.scale\\.json');
    assert.equal(lines[4], '| # | component | runs out of | at | today | at 2× | move |');
    assert.match(lines[6]!, /^\| 1 \| db \| request rate\\:⁠ its one node \| 0\\\.75× \| 133\\\.3\\% \| \*\*short\*\* \\\(266\\\.7\\%\\\) \| a cache in front answering at least 78\\% of the reads/);
    assert.match(lines[8]!, /^\| 3 \| lb \| .* \| carries \\\(39\\\.2\\%\\\) \|  \|$/);
  });

  it('keeps file text text: a hostile path (with a control character), query names and key fields in the moves, in every format', () => {
    const nasty = COMMENT_MARKUP.join(' | ');
    const file = {
      version: 1,
      name: 'hostile',
      workload: { peakRps: 1000, readFraction: 0.2, growth: 4 },
      components: {
        web: { kind: 'client', calls: ['db'] },
        db: {
          kind: 'database', capacity: { rps: 1000 },
          sharding: { strategy: 'consistentHash', shards: 2, vnodes: 160, key: { field: `::error ${nasty}`, cardinality: 1_000_000 } },
          queries: [{ name: `|<img src=x onerror=alert(1)> ::warning ${nasty}`, by: ['other'] }],
        },
      },
    };
    const name = '# a <img src=x onerror=alert(1)> %0A::error file=x::y\u0007.scale.json';
    fs.writeFileSync(path.join(dir, name), JSON.stringify(file));
    const text = headroom([name], dir);
    assert.equal(text.status, 1, text.stderr);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text.stdout), 'no control character reaches the terminal');
    assert.ok(text.stdout.split('\n').every((l) => !l.startsWith('::')), 'no line a CI log would run as a workflow command');
    assert.match(text.stdout, /does not filter on it and will ask every shard/);
    const md = headroom([name, '--format', 'markdown'], dir);
    assert.deepEqual(markdownHazards(md.stdout), []);
    for (const row of md.stdout.split('\n').filter((l) => l.startsWith('| '))) assert.equal(row.split(/(?<!\\)\|/).length, 9, row);
    const json = JSON.parse(headroom([name, '--format', 'json'], dir).stdout);
    assert.equal(json.file, name);
    assert.ok(json.components[0].move.text.includes(file.components.db.queries[0]!.name));
  });

  it('usage errors exit 2 with the command\'s words; --help exits 0', () => {
    for (const [args, message] of [
      [['examples/startup.scale.json', '--to', '0.5'], /^scale headroom: --to takes a growth multiple from 1 to 1,000,000, not "0\.5"\nRun "scale headroom --help" for usage\.\n$/],
      [['examples/startup.scale.json', '--to', 'ten'], /--to takes a growth multiple from 1 to 1,000,000, not "ten"/],
      [['examples/startup.scale.json', '--format', 'sarif'], /--format must be text, json or markdown, not "sarif"/],
      [[], /^scale headroom: headroom needs a file\n/],
      [['examples/startup.scale.json', 'examples/payments.scale.json'], /headroom takes one file, not 2/],
      [['examples/startup.scale.json', '--bogus'], /Unknown option --bogus/],
    ] as [string[], RegExp][]) {
      const r = headroom(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
    const missing = headroom(['no-such.scale.json']);
    assert.equal(missing.status, 2);
    const help = headroom(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: scale headroom <file> \[options\]/);
    assert.match(runScale(['--help'], ROOT).stdout, /scale headroom <file> \[--to N\] \[--format text\|json\|markdown\]/);
  });

  it('a file that does not validate exits 2 with its findings', () => {
    const bad = path.join(dir, 'bad.scale.json');
    fs.writeFileSync(bad, JSON.stringify({ version: 1, name: 'bad', workload: { peakRps: -1 }, components: { web: { kind: 'client', calls: ['nowhere'] } } }));
    const r = headroom([bad]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /bad\.scale\.json does not validate, so its headroom cannot be computed:\n/);
    assert.match(r.stderr, /peakRps/);
  });

  it('colours the verdicts with --color, and not by default off a terminal', () => {
    const plain = headroom(['examples/startup.scale.json']);
    assert.ok(!plain.stdout.includes('\u001b['));
    const coloured = headroom(['examples/startup.scale.json', '--color']);
    assert.match(coloured.stdout, /\u001b\[31mshort of 2× \(266\.7% at 2×\)\u001b\[39m/);
    assert.match(coloured.stdout, /\u001b\[32mcarries 2× \(39\.2% at 2×\)\u001b\[39m/);
  });
});
