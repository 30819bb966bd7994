/**
 * The JSON Schema and the checker judge files alike. Every example is valid
 * for ajv, a draft-07 validator that is not an editor's; on a corpus of
 * tricky files ajv, VS Code's JSON service and `scale check` give the same
 * verdict, except where draft-07 cannot say what the checker judges (a
 * reference, a comparison of two values, a key repeated): each such case is
 * listed in docs/format.md, and one where the schema is stricter is listed
 * there too.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse, type ParseError } from 'jsonc-parser';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { FORMAT_DOC_PATH, SCHEMA_PATH } from '../../../scripts/generate';
import { checkText } from '../../../src/core/check';

const schemaFile = fs.readFileSync(SCHEMA_PATH, 'utf8');
const schema = JSON.parse(schemaFile);
const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** ajv in strict mode: a keyword it does not know, or a schema it finds ambiguous, is an error rather than ignored. */
function ajvValidate() {
  // Except strictRequired: the `required` of an if/then or a oneOf names properties declared beside it, not in it.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  // Read by JSON language servers, not part of draft-07: declared so that strict mode knows them.
  ajv.addVocabulary(['allowComments', 'allowTrailingCommas']);
  return ajv.compile(schema);
}

/** VS Code's JSON language service with the published schema, as a generic editor reads `*.scale.json`. */
function jsonService() {
  const ls = getLanguageService({ schemaRequestService: async () => schemaFile });
  ls.configure({ validate: true, schemas: [{ uri: schema.$id, fileMatch: ['*.scale.json'] }] });
  return async (text: string) => {
    const doc = TextDocument.create('file:///designs/corpus.scale.json', 'json', 1, text);
    return (await ls.doValidation(doc, ls.parseJSONDocument(doc))).map((d) => d.message);
  };
}

/** The findings by which `scale check` refuses a file as not being the format (not design findings). */
const FORMAT_RULES = new Set(['syntax', 'schema', 'unknown-reference']);
function checkRefuses(text: string): string[] {
  return checkText(text).findings.filter((f) => FORMAT_RULES.has(f.ruleId)).map((f) => `${f.ruleId}: ${f.message}`);
}

type File = Record<string, any>;

/** A small valid file that each case changes in one place. */
function base(): File {
  return {
    version: 1,
    name: 'corpus',
    workload: { peakRps: 1000 },
    components: {
      web: { kind: 'client', calls: ['lb'] },
      lb: { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '2s', timeout: '500ms' }, calls: ['api'] },
      api: { kind: 'service', instances: 3, calls: ['db'] },
      db: { kind: 'database', instances: 2, replication: { replicas: 2 }, sharding: { strategy: 'consistentHash', shards: 4, key: { field: 'id' } } },
      dir: { kind: 'directory', instances: 2 },
    },
    scenarios: [{ name: 'db dies', faults: [{ at: '10s', kill: 'db' }] }],
  };
}

const c = (f: File) => f.components;

/** Cases both validators must accept or both refuse: what draft-07 can say, the schema says. */
const AGREED: [string, 'valid' | 'invalid', (f: File) => void][] = [
  ['the base file', 'valid', () => {}],
  ['durations of exactly one year, in every unit', 'valid', (f) => {
    c(f).lb.healthCheck = { interval: '365d', timeout: '8760h' };
    f.scenarios[0].duration = '525600m';
    f.scenarios[0].faults[0].at = '31536000s';
    f.scenarios[0].expect = { writeDowntime: '31536000000ms', detectionTime: 31_536_000_000 };
  }],
  ['a year written with leading zeros and zero decimals', 'valid', (f) => { f.scenarios[0].duration = '000365.000d'; }],
  ['just under a year, with decimals', 'valid', (f) => { f.scenarios[0].duration = '364.9999d'; c(f).lb.healthCheck.interval = '8759.5h'; }],
  ['a day over a year', 'invalid', (f) => { f.scenarios[0].duration = '366d'; }],
  ['half a day over a year', 'invalid', (f) => { f.scenarios[0].duration = '365.5d'; }],
  ['an hour over a year', 'invalid', (f) => { c(f).lb.healthCheck.interval = '8761h'; }],
  ['a minute over a year', 'invalid', (f) => { c(f).lb.healthCheck.timeout = '525601m'; }],
  ['a health check every 0 ms', 'invalid', (f) => { c(f).lb.healthCheck.interval = 0; }],
  ['a health check every 1 ms', 'valid', (f) => { c(f).lb.healthCheck.interval = 1; }],
  ['a second over a year', 'invalid', (f) => { f.scenarios[0].faults[0].at = '31536001s'; }],
  ['a millisecond over a year, as text', 'invalid', (f) => { f.scenarios[0].faults[0].at = '31536000001ms'; }],
  ['a millisecond over a year, as a number', 'invalid', (f) => { f.scenarios[0].faults[0].at = 31_536_000_001; }],
  ['a duration with twenty digits', 'invalid', (f) => { f.scenarios[0].duration = '10000000000000000000ms'; }],
  ['a compound duration', 'invalid', (f) => { f.scenarios[0].duration = '1m30s'; }],
  ['a slow fault with its latency', 'valid', (f) => { f.scenarios[0].faults.push({ at: '20s', slow: 'api#1', latency: '2s', duration: '5s' }); }],
  ['a fault with no action', 'invalid', (f) => { f.scenarios[0].faults.push({ at: '20s' }); }],
  ['a fault with two actions', 'invalid', (f) => { f.scenarios[0].faults[0].slow = 'api'; }],
  ['a fault with every action', 'invalid', (f) => {
    Object.assign(f.scenarios[0].faults[0], { slow: 'api', restore: 'api', heal: true, partition: { between: [['db'], ['api']] }, addShards: { target: 'db', count: 1 }, removeShards: { target: 'db', count: 1 } });
  }],
  ['latency on a kill', 'invalid', (f) => { f.scenarios[0].faults[0].latency = '1s'; }],
  ['weights with the weighted algorithm', 'valid', (f) => { Object.assign(c(f).lb, { algorithm: 'weighted', weights: [2, 1, 1] }); }],
  ['weights with another algorithm', 'invalid', (f) => { Object.assign(c(f).lb, { algorithm: 'leastConnections', weights: [2, 1, 1] }); }],
  ['weights with the default algorithm', 'invalid', (f) => { c(f).lb.weights = [2, 1, 1]; }],
  ['weights all 0', 'invalid', (f) => { Object.assign(c(f).lb, { algorithm: 'weighted', weights: [0, 0, 0] }); }],
  ['external state with its session store', 'valid', (f) => { Object.assign(c(f).api, { state: 'external', sessionStore: 'db' }); }],
  ['external state with no session store', 'invalid', (f) => { c(f).api.state = 'external'; }],
  ['a session store for local state', 'invalid', (f) => { Object.assign(c(f).api, { state: 'local', sessionStore: 'db' }); }],
  ['a session store for the default state', 'invalid', (f) => { c(f).api.sessionStore = 'db'; }],
  ['directory sharding with its directory', 'valid', (f) => { c(f).db.sharding = { strategy: 'directory', directory: 'dir', shards: 4 }; c(f).api.calls.push('dir'); }],
  ['directory sharding with no directory', 'invalid', (f) => { c(f).db.sharding = { strategy: 'directory', shards: 4 }; }],
  ['a directory for ring sharding', 'invalid', (f) => { c(f).db.sharding.directory = 'dir'; }],
  ['vnodes on a ring', 'valid', (f) => { c(f).db.sharding.vnodes = 160; }],
  ['vnodes with modulo sharding', 'invalid', (f) => { Object.assign(c(f).db.sharding, { strategy: 'modulo', vnodes: 160 }); }],
  ['geographic sharding with its regions', 'valid', (f) => { c(f).db.sharding = { strategy: 'geographic', shards: 2, regions: ['us', 'eu'] }; }],
  ['geographic sharding with no regions', 'invalid', (f) => { c(f).db.sharding = { strategy: 'geographic', shards: 2 }; }],
  ['a leaderless store with its quorum', 'valid', (f) => { c(f).db.replication = { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 }, conflictResolution: 'lastWriteWins' }; }],
  ['a leaderless store with no quorum', 'invalid', (f) => { c(f).db.replication = { topology: 'leaderless', replicas: 2 }; }],
  ['a quorum on the default single leader', 'invalid', (f) => { c(f).db.replication.quorum = { n: 3, r: 2, w: 2 }; }],
  ['leaders of a multi-leader store', 'valid', (f) => { c(f).db.replication = { topology: 'multiLeader', leaders: 2, replicas: 1, conflictResolution: 'crdt' }; }],
  ['leaders of a single-leader store', 'invalid', (f) => { c(f).db.replication.leaders = 2; }],
  ['a semi-synchronous timeout', 'valid', (f) => { Object.assign(c(f).db.replication, { mode: 'semiSync', semiSyncTimeout: '10s' }); }],
  ['a semi-synchronous timeout on asynchronous replication', 'invalid', (f) => { c(f).db.replication.semiSyncTimeout = '10s'; }],
  ['a cache\'s replication follows the same rules', 'invalid', (f) => { c(f).cache = { kind: 'cache', replication: { replicas: 1, leaders: 2 } }; }],
  ['a component id "constructor"', 'invalid', (f) => { c(f).constructor = { kind: 'service' }; }],
  ['a component id "prototype"', 'invalid', (f) => { c(f).prototype = { kind: 'service' }; }],
  ['a component id starting with a dash', 'invalid', (f) => { c(f)['-api'] = { kind: 'service' }; }],
  ['a misspelt property', 'invalid', (f) => { c(f).api.instanses = 3; }],
  ['a rule that does not exist', 'invalid', (f) => { f.rules = { 'no-such-rule': 'off' }; }],
  ['an accepted risk at a component, a scenario and a path', 'valid', (f) => {
    f.accepted = [
      { rule: 'single-point-of-failure', component: 'db', reason: 'agreed, see ADR-12' },
      { rule: 'scenario-budget', scenario: 'db dies', reason: 'drill only' },
      { rule: 'capacity', path: ['components', 'api', 'instances'], reason: 'peak is a day a year' },
    ];
  }],
  ['an accepted risk with no place', 'invalid', (f) => { f.accepted = [{ rule: 'capacity', reason: 'r' }]; }],
  ['an accepted risk with two places', 'invalid', (f) => { f.accepted = [{ rule: 'capacity', component: 'db', path: ['components', 'db'], reason: 'r' }]; }],
  ['an accepted risk of a rule that cannot be accepted', 'invalid', (f) => { f.accepted = [{ rule: 'schema', component: 'db', reason: 'r' }]; }],
  ['an accepted risk with an empty reason', 'invalid', (f) => { f.accepted = [{ rule: 'capacity', component: 'db', reason: '' }]; }],
  ['an accepted risk with a reason of white space', 'invalid', (f) => { f.accepted = [{ rule: 'capacity', component: 'db', reason: ' \t\n' }]; }],
  ['an accepted risk with a reason of 1,001 characters', 'invalid', (f) => { f.accepted = [{ rule: 'capacity', component: 'db', reason: 'x'.repeat(1001) }]; }],
];

/** Cases only `scale check` refuses: what draft-07 cannot express. Each names the phrase docs/format.md lists it by. */
const CHECK_ONLY: [string, string, (f: File) => void][] = [
  ['a call to an undeclared component', 'names a component that is declared', (f) => { c(f).api.calls.push('cahce'); }],
  ['a fault on an instance the component does not have', 'instance index is below', (f) => { f.scenarios[0].faults[0].kill = 'api#7'; }],
  ['one weight per instance, counted', 'one weight per instance', (f) => { Object.assign(c(f).lb, { algorithm: 'weighted', weights: [1, 1] }); }],
  ['a sharding directory that is not a directory', 'is a `directory` component', (f) => { c(f).db.sharding = { strategy: 'directory', directory: 'api', shards: 4 }; }],
  ['shards added to an unsharded store', 'is sharded', (f) => { f.scenarios[0].faults[0] = { at: '1s', addShards: { target: 'api', count: 1 } }; }],
  ['a partition side that names nothing', 'declared region, zone or component', (f) => { f.scenarios[0].faults[0] = { at: '1s', partition: { between: [['mars'], ['api']] } }; }],
  ['a read quorum larger than n', '`r` and `w` are at most `n`', (f) => { c(f).db.replication = { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 4, w: 2 }, conflictResolution: 'crdt' }; }],
  ['a p99 lag below the p50', '`lag.p99` is at least `lag.p50`', (f) => { c(f).db.replication.lag = { p50: '50ms', p99: '10ms' }; }],
  ['two scenarios with one name', 'scenario names are unique', (f) => { f.scenarios.push({ name: 'db dies' }); }],
  ['a health check interval of "0s"', 'a health check `interval` written as a zero string', (f) => { c(f).lb.healthCheck.interval = '0s'; }],
  ['an accepted risk of an undeclared component', 'accepted risk\'s `component`', (f) => { f.accepted = [{ rule: 'capacity', component: 'bd', reason: 'r' }]; }],
  ['an accepted risk of a scenario the file does not have', '`scenario` names a scenario of the file', (f) => { f.accepted = [{ rule: 'scenario-budget', scenario: 'db died', reason: 'r' }]; }],
  ['an accepted risk at a path that leads nowhere', '`path` leads to a value of the file', (f) => { f.accepted = [{ rule: 'capacity', path: ['components', 'bd'], reason: 'r' }]; }],
  ['an accepted risk whose reason is still the placeholder', 'not the placeholder of the', (f) => { f.accepted = [{ rule: 'capacity', component: 'db', reason: 'reason: why this risk is accepted' }]; }],
];

describe('the JSON Schema and `scale check` agree', () => {
  const validate = ajvValidate();
  const docs = fs.readFileSync(FORMAT_DOC_PATH, 'utf8');
  const onlyCheck = docs.slice(docs.indexOf('### What only `scale check` judges'), docs.indexOf('## Field reference'));

  it('ajv compiles the schema in strict mode and finds every example valid', () => {
    for (const name of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json'))) {
      const errors: ParseError[] = [];
      const value = parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'), errors, { allowTrailingComma: true });
      assert.deepEqual(errors, [], name);
      assert.ok(validate(value), `${name}: ${JSON.stringify(validate.errors)}`);
    }
  });

  for (const [title, verdict, change] of AGREED) {
    it(`${verdict === 'valid' ? 'accept' : 'refuse'} ${title}`, async () => {
      const file = base();
      change(file);
      const text = JSON.stringify(file, null, 2);
      const refused = checkRefuses(text);
      assert.equal(refused.length > 0, verdict === 'invalid', `scale check: ${refused.join('; ') || 'no format finding'}`);
      assert.equal(validate(file), verdict === 'valid', `ajv: ${JSON.stringify(validate.errors)}`);
      const problems = await jsonService()(text);
      assert.equal(problems.length > 0, verdict === 'invalid', `VS Code's JSON service: ${problems.join('; ') || 'no problem'}`);
    });
  }

  for (const [title, phrase, change] of CHECK_ONLY) {
    it(`only scale check refuses ${title}, and docs/format.md says so`, () => {
      const file = base();
      change(file);
      assert.ok(checkRefuses(JSON.stringify(file)).length > 0, 'scale check accepts it');
      assert.ok(validate(file), `ajv refuses it, so the schema expresses it: move it to the agreed cases. ${JSON.stringify(validate.errors)}`);
      assert.ok(onlyCheck.includes(phrase), `docs/format.md does not list "${phrase}" under "What only \`scale check\` judges"`);
    });
  }

  it('only scale check refuses a key repeated in an object, and docs/format.md says so', () => {
    const text = JSON.stringify(base()).replace('"name":"corpus"', '"name":"corpus","name":"again"');
    assert.ok(checkRefuses(text).length > 0);
    assert.ok(validate(JSON.parse(text)));
    assert.ok(onlyCheck.includes('a key repeated in an object'));
  });

  it('only the schema refuses a duration over a year by less than a double can tell, and docs/format.md says so', () => {
    const file = base();
    file.scenarios[0].duration = '365.0000000000000001d';
    assert.deepEqual(checkRefuses(JSON.stringify(file)), []);
    assert.equal(validate(file), false);
    assert.ok(docs.includes('365.0000000000000001d'));
  });
});
