/** What the load model could not judge, said once: the check's coverage and the component's hover. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { componentMarkdown } from '../../../src/core/service/languageService';

const text = JSON.stringify({
  version: 1,
  name: 'gaps',
  workload: { peakRps: 1000 },
  components: {
    web: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, calls: ['api'] },
    api: { kind: 'service', instances: 3, capacity: { rps: 500 }, calls: ['db', 'kv'] },
    db: { kind: 'database', capacity: { rps: 900 }, sharding: { strategy: 'range', shards: 4, key: { field: 'id' } } },
    kv: { kind: 'cache', hitRatio: 0.9, capacity: { rps: 900 }, sharding: { strategy: 'consistentHash', shards: 4, vnodes: 160, key: { field: 'id', cardinality: 5000 } } },
  },
});

describe('coverage of the load model', () => {
  it('names the components with no capacity (clients need none) and the sharded stores with no key cardinality', () => {
    const { coverage } = checkText(text);
    assert.deepEqual(coverage.map((g) => [g.judgement, g.components, g.of, g.text]), [
      ['capacity', ['lb'], 4, 'capacity not checked for 1 of 4 components: no capacity declared'],
      ['shardSkew', ['db'], 2, 'hottest shard not measured for 1 of 2 sharded stores: no key cardinality declared, shards taken as even'],
    ]);
  });

  it('says it in the hover of each such component, and nothing for a component fully declared', () => {
    const result = checkText(text);
    assert.match(componentMarkdown('lb', result), /No capacity is declared: its load is computed but not compared with anything\./);
    assert.match(componentMarkdown('db', result), /Its shard key declares no cardinality: its shards are taken as evenly loaded\./);
    assert.doesNotMatch(componentMarkdown('api', result), /No capacity|no cardinality/);
    assert.doesNotMatch(componentMarkdown('kv', result), /No capacity|no cardinality/);
    assert.doesNotMatch(componentMarkdown('web', result), /No capacity/);
  });

  it('is empty for a file that does not validate (nothing was judged, and the findings say why)', () => {
    const broken = readFileSync(path.resolve(__dirname, '..', '..', '..', 'examples', 'startup.scale.json'), 'utf8').replace('"kind": "service"', '"kind": "servic"');
    assert.deepEqual(checkText(broken).coverage.filter((g) => g.components.includes('app')), []);
  });
});

describe('the load model on a check result', () => {
  it('is computed once per check and is the one the rules judged: the same object on every read', () => {
    const result = checkText(text);
    const first = result.load!;
    assert.equal(result.load, first);
    assert.equal(first.loads.get('api')!.reads + first.loads.get('api')!.writes, 1000);
  });

  it('is absent without a topology', () => {
    assert.equal(checkText('{ "version": 1 }').load, undefined);
  });
});
