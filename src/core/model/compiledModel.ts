// Generated from src/core/model/schema.ts by `npm run generate` (scripts/compiledModel.ts); do not edit.
/**
 * The model's component and id parsers, compiled ahead of time: each builds
 * what zod's parse of a valid value builds, or answers INVALID, and zod
 * parses the value again for its issues (validate.ts installs them with
 * `z.withParser`).
 */
import { INVALID } from 'zod';
import { aboveZero, availabilityOrNodes, durationMs, someWeight, withinAYear } from './schema';

const KEYS0 = new Set(["kind","description","region","zones","calls","share"]);
const PATTERN1 = /[\uD800-\uDBFF]/;
const KEYS2 = new Set(["to","share","fanout","op","async"]);
const KEYS3 = new Set(["kind","description","region","zones","calls","instances","capacity","reliability","hitRatio"]);
const KEYS4 = new Set(["rps","cpuCores","cpuMsPerRequest","memoryGb","memoryMbPerRequest","connectionPool","diskIops","iopsPerRequest","latency"]);
const PATTERN5 = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const KEYS6 = new Set(["mtbf","mttr","availability"]);
const KEYS7 = new Set(["kind","description","region","zones","calls","instances","capacity","reliability","algorithm","layer","healthCheck","stickySessions","weights","hashBalanceFactor"]);
const KEYS8 = new Set(["interval","unhealthyThreshold","healthyThreshold","timeout"]);
const KEYS9 = new Set(["kind","description","region","zones","calls","instances","capacity","reliability","state","sessionStore"]);
const KEYS10 = new Set(["kind","description","region","zones","calls","instances","capacity","reliability","engine","hitRatio","ttl","fronts","sharding","replication"]);
const KEYS11 = new Set(["strategy","shards","vnodes","key","directory","regions"]);
const KEYS12 = new Set(["field","cardinality","monotonic","distribution","exponent"]);
const KEYS13 = new Set(["topology","mode","replicas","lag","readsFrom","failover","semiSyncTimeout","leaders","conflictResolution","quorum"]);
const KEYS14 = new Set(["p50","p99"]);
const KEYS15 = new Set(["mode","detection","promotion"]);
const KEYS16 = new Set(["n","r","w"]);
const KEYS17 = new Set(["kind","description","region","zones","calls","instances","capacity","reliability","engine","consistency","cap","replication","sharding","queries"]);
const KEYS18 = new Set(["name","by","share"]);
const KEYS19 = new Set(["kind","description","region","zones","calls","instances","capacity","reliability","engine","partitions","delivery","retention","replication"]);
const KEYS20 = new Set(["kind","description","region","zones","calls","instances","capacity","reliability","replication"]);
const PATTERN21 = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function parse0(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS2.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["to"];
  if (v1 === undefined) return INVALID;
  if (typeof v1 !== 'string') return INVALID;
  if (v1.length < 1 || (v1.length < 2 && PATTERN1.test(v1))) return INVALID;
  v0["to"] = v1;
  const v2 = input["share"];
  let v3: any;
  if (v2 === undefined) {
    v3 = 1;
  } else {
    if (typeof v2 !== 'number' || !Number.isFinite(v2)) return INVALID;
    if (!(v2 >= 0)) return INVALID;
    if (!(v2 <= 1)) return INVALID;
    v3 = v2;
  }
  v0["share"] = v3;
  const v4 = input["fanout"];
  let v5: any;
  if (v4 === undefined) {
    v5 = 1;
  } else {
    if (typeof v4 !== 'number' || !Number.isFinite(v4)) return INVALID;
    if (!(v4 >= 0)) return INVALID;
    if (!(v4 <= 100000)) return INVALID;
    v5 = v4;
  }
  v0["fanout"] = v5;
  const v6 = input["op"];
  let v7: any;
  if (v6 === undefined) {
    v7 = "mixed";
  } else {
    if (v6 !== "read" && v6 !== "write" && v6 !== "mixed") return INVALID;
    v7 = v6;
  }
  v0["op"] = v7;
  const v8 = input["async"];
  let v9: any;
  if (v8 === undefined) {
    v9 = false;
  } else {
    if (typeof v8 !== 'boolean') return INVALID;
    v9 = v8;
  }
  v0["async"] = v9;
  return v0;
}

function parse1(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS0.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "client") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["share"];
  if (v14 !== undefined) {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!(v14 >= 0)) return INVALID;
    if (!(v14 <= 1)) return INVALID;
    v0["share"] = v14;
  } else if ("share" in input) return INVALID;
  return v0;
}

function parse2(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS4.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["rps"];
  if (v1 !== undefined) {
    if (typeof v1 !== 'number' || !Number.isFinite(v1)) return INVALID;
    if (!(v1 > 0)) return INVALID;
    if (!(v1 <= 1000000000000)) return INVALID;
    v0["rps"] = v1;
  } else if ("rps" in input) return INVALID;
  const v2 = input["cpuCores"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'number' || !Number.isFinite(v2)) return INVALID;
    if (!(v2 > 0)) return INVALID;
    if (!(v2 <= 1000000000000)) return INVALID;
    v0["cpuCores"] = v2;
  } else if ("cpuCores" in input) return INVALID;
  const v3 = input["cpuMsPerRequest"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'number' || !Number.isFinite(v3)) return INVALID;
    if (!(v3 > 0)) return INVALID;
    if (!(v3 <= 1000000000000)) return INVALID;
    v0["cpuMsPerRequest"] = v3;
  } else if ("cpuMsPerRequest" in input) return INVALID;
  const v4 = input["memoryGb"];
  if (v4 !== undefined) {
    if (typeof v4 !== 'number' || !Number.isFinite(v4)) return INVALID;
    if (!(v4 > 0)) return INVALID;
    if (!(v4 <= 1000000000000)) return INVALID;
    v0["memoryGb"] = v4;
  } else if ("memoryGb" in input) return INVALID;
  const v5 = input["memoryMbPerRequest"];
  if (v5 !== undefined) {
    if (typeof v5 !== 'number' || !Number.isFinite(v5)) return INVALID;
    if (!(v5 > 0)) return INVALID;
    if (!(v5 <= 1000000000000)) return INVALID;
    v0["memoryMbPerRequest"] = v5;
  } else if ("memoryMbPerRequest" in input) return INVALID;
  const v6 = input["connectionPool"];
  if (v6 !== undefined) {
    if (typeof v6 !== 'number' || !Number.isFinite(v6)) return INVALID;
    if (!Number.isSafeInteger(v6)) return INVALID;
    if (!(v6 >= 1)) return INVALID;
    if (!(v6 <= 1000000)) return INVALID;
    v0["connectionPool"] = v6;
  } else if ("connectionPool" in input) return INVALID;
  const v7 = input["diskIops"];
  if (v7 !== undefined) {
    if (typeof v7 !== 'number' || !Number.isFinite(v7)) return INVALID;
    if (!(v7 > 0)) return INVALID;
    if (!(v7 <= 1000000000000)) return INVALID;
    v0["diskIops"] = v7;
  } else if ("diskIops" in input) return INVALID;
  const v8 = input["iopsPerRequest"];
  if (v8 !== undefined) {
    if (typeof v8 !== 'number' || !Number.isFinite(v8)) return INVALID;
    if (!(v8 > 0)) return INVALID;
    if (!(v8 <= 1000000000000)) return INVALID;
    v0["iopsPerRequest"] = v8;
  } else if ("iopsPerRequest" in input) return INVALID;
  const v9 = input["latency"];
  if (v9 !== undefined) {
    let v10: any;
    if (typeof v9 === 'number') {
      if (typeof v9 !== 'number' || !Number.isFinite(v9)) return INVALID;
      if (!(v9 <= 31536000000)) return INVALID;
      if (!(v9 >= 0)) return INVALID;
      v10 = v9;
    } else if (typeof v9 === 'string') {
      if (typeof v9 !== 'string') return INVALID;
      if (!PATTERN5.test(v9)) return INVALID;
      if (!withinAYear(v9)) return INVALID;
      v10 = v9;
    } else return INVALID;
    const v11 = durationMs(v10);
    v0["latency"] = v11;
  } else if ("latency" in input) return INVALID;
  return v0;
}

function parse3(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS6.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["mtbf"];
  if (v1 !== undefined) {
    let v2: any;
    if (typeof v1 === 'number') {
      if (typeof v1 !== 'number' || !Number.isFinite(v1)) return INVALID;
      if (!(v1 <= 31536000000)) return INVALID;
      if (!(v1 > 0)) return INVALID;
      v2 = v1;
    } else if (typeof v1 === 'string') {
      if (typeof v1 !== 'string') return INVALID;
      if (!PATTERN5.test(v1)) return INVALID;
      if (!withinAYear(v1)) return INVALID;
      if (!aboveZero(v1)) return INVALID;
      v2 = v1;
    } else return INVALID;
    const v3 = durationMs(v2);
    v0["mtbf"] = v3;
  } else if ("mtbf" in input) return INVALID;
  const v4 = input["mttr"];
  if (v4 !== undefined) {
    let v5: any;
    if (typeof v4 === 'number') {
      if (typeof v4 !== 'number' || !Number.isFinite(v4)) return INVALID;
      if (!(v4 <= 31536000000)) return INVALID;
      if (!(v4 > 0)) return INVALID;
      v5 = v4;
    } else if (typeof v4 === 'string') {
      if (typeof v4 !== 'string') return INVALID;
      if (!PATTERN5.test(v4)) return INVALID;
      if (!withinAYear(v4)) return INVALID;
      if (!aboveZero(v4)) return INVALID;
      v5 = v4;
    } else return INVALID;
    const v6 = durationMs(v5);
    v0["mttr"] = v6;
  } else if ("mttr" in input) return INVALID;
  const v7 = input["availability"];
  if (v7 !== undefined) {
    if (typeof v7 !== 'number' || !Number.isFinite(v7)) return INVALID;
    if (!(v7 > 0)) return INVALID;
    if (!(v7 <= 1)) return INVALID;
    v0["availability"] = v7;
  } else if ("availability" in input) return INVALID;
  if (!availabilityOrNodes(v0)) return INVALID;
  return v0;
}

function parse4(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS3.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "cdn") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["instances"];
  let v15: any;
  if (v14 === undefined) {
    v15 = 1;
  } else {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!Number.isSafeInteger(v14)) return INVALID;
    if (!(v14 >= 1)) return INVALID;
    if (!(v14 <= 1000000)) return INVALID;
    v15 = v14;
  }
  v0["instances"] = v15;
  const v16 = input["capacity"];
  if (v16 !== undefined) {
    const v17 = parse2(v16);
    if (v17 === INVALID) return INVALID;
    v0["capacity"] = v17;
  } else if ("capacity" in input) return INVALID;
  const v18 = input["reliability"];
  if (v18 !== undefined) {
    const v19 = parse3(v18);
    if (v19 === INVALID) return INVALID;
    v0["reliability"] = v19;
  } else if ("reliability" in input) return INVALID;
  const v20 = input["hitRatio"];
  let v21: any;
  if (v20 === undefined) {
    v21 = 0;
  } else {
    if (typeof v20 !== 'number' || !Number.isFinite(v20)) return INVALID;
    if (!(v20 >= 0)) return INVALID;
    if (!(v20 <= 1)) return INVALID;
    v21 = v20;
  }
  v0["hitRatio"] = v21;
  return v0;
}

function parse5(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS8.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["interval"];
  if (v1 === undefined) return INVALID;
  let v2: any;
  if (typeof v1 === 'number') {
    if (typeof v1 !== 'number' || !Number.isFinite(v1)) return INVALID;
    if (!(v1 <= 31536000000)) return INVALID;
    if (!(v1 > 0)) return INVALID;
    v2 = v1;
  } else if (typeof v1 === 'string') {
    if (typeof v1 !== 'string') return INVALID;
    if (!PATTERN5.test(v1)) return INVALID;
    if (!withinAYear(v1)) return INVALID;
    if (!aboveZero(v1)) return INVALID;
    v2 = v1;
  } else return INVALID;
  const v3 = durationMs(v2);
  v0["interval"] = v3;
  const v4 = input["unhealthyThreshold"];
  let v5: any;
  if (v4 === undefined) {
    v5 = 3;
  } else {
    if (typeof v4 !== 'number' || !Number.isFinite(v4)) return INVALID;
    if (!Number.isSafeInteger(v4)) return INVALID;
    if (!(v4 >= 1)) return INVALID;
    if (!(v4 <= 100)) return INVALID;
    v5 = v4;
  }
  v0["unhealthyThreshold"] = v5;
  const v6 = input["healthyThreshold"];
  let v7: any;
  if (v6 === undefined) {
    v7 = 2;
  } else {
    if (typeof v6 !== 'number' || !Number.isFinite(v6)) return INVALID;
    if (!Number.isSafeInteger(v6)) return INVALID;
    if (!(v6 >= 1)) return INVALID;
    if (!(v6 <= 100)) return INVALID;
    v7 = v6;
  }
  v0["healthyThreshold"] = v7;
  const v8 = input["timeout"];
  if (v8 !== undefined) {
    let v9: any;
    if (typeof v8 === 'number') {
      if (typeof v8 !== 'number' || !Number.isFinite(v8)) return INVALID;
      if (!(v8 <= 31536000000)) return INVALID;
      if (!(v8 >= 0)) return INVALID;
      v9 = v8;
    } else if (typeof v8 === 'string') {
      if (typeof v8 !== 'string') return INVALID;
      if (!PATTERN5.test(v8)) return INVALID;
      if (!withinAYear(v8)) return INVALID;
      v9 = v8;
    } else return INVALID;
    const v10 = durationMs(v9);
    v0["timeout"] = v10;
  } else if ("timeout" in input) return INVALID;
  return v0;
}

function parse6(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS7.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "loadBalancer") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["instances"];
  let v15: any;
  if (v14 === undefined) {
    v15 = 1;
  } else {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!Number.isSafeInteger(v14)) return INVALID;
    if (!(v14 >= 1)) return INVALID;
    if (!(v14 <= 1000000)) return INVALID;
    v15 = v14;
  }
  v0["instances"] = v15;
  const v16 = input["capacity"];
  if (v16 !== undefined) {
    const v17 = parse2(v16);
    if (v17 === INVALID) return INVALID;
    v0["capacity"] = v17;
  } else if ("capacity" in input) return INVALID;
  const v18 = input["reliability"];
  if (v18 !== undefined) {
    const v19 = parse3(v18);
    if (v19 === INVALID) return INVALID;
    v0["reliability"] = v19;
  } else if ("reliability" in input) return INVALID;
  const v20 = input["algorithm"];
  let v21: any;
  if (v20 === undefined) {
    v21 = "roundRobin";
  } else {
    if (v20 !== "roundRobin" && v20 !== "weighted" && v20 !== "leastConnections" && v20 !== "random" && v20 !== "powerOfTwoChoices" && v20 !== "consistentHash") return INVALID;
    v21 = v20;
  }
  v0["algorithm"] = v21;
  const v22 = input["layer"];
  let v23: any;
  if (v22 === undefined) {
    v23 = "L7";
  } else {
    if (v22 !== "L4" && v22 !== "L7") return INVALID;
    v23 = v22;
  }
  v0["layer"] = v23;
  const v24 = input["healthCheck"];
  if (v24 !== undefined) {
    const v25 = parse5(v24);
    if (v25 === INVALID) return INVALID;
    v0["healthCheck"] = v25;
  } else if ("healthCheck" in input) return INVALID;
  const v26 = input["stickySessions"];
  let v27: any;
  if (v26 === undefined) {
    v27 = false;
  } else {
    if (typeof v26 !== 'boolean') return INVALID;
    v27 = v26;
  }
  v0["stickySessions"] = v27;
  const v28 = input["weights"];
  if (v28 !== undefined) {
    if (!Array.isArray(v28)) return INVALID;
    const v29 = new Array(v28.length);
    for (let v30 = 0; v30 < v28.length; v30++) {
      const v31 = v28[v30];
      if (typeof v31 !== 'number' || !Number.isFinite(v31)) return INVALID;
      if (!(v31 >= 0)) return INVALID;
      if (!(v31 <= 1000000)) return INVALID;
      v29[v30] = v31;
    }
    if (v29.length < 1) return INVALID;
    if (!someWeight(v29)) return INVALID;
    v0["weights"] = v29;
  } else if ("weights" in input) return INVALID;
  const v32 = input["hashBalanceFactor"];
  if (v32 !== undefined) {
    if (typeof v32 !== 'number' || !Number.isFinite(v32)) return INVALID;
    if (!(v32 >= 1)) return INVALID;
    if (!(v32 <= 100)) return INVALID;
    v0["hashBalanceFactor"] = v32;
  } else if ("hashBalanceFactor" in input) return INVALID;
  return v0;
}

function parse7(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS9.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "service") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["instances"];
  let v15: any;
  if (v14 === undefined) {
    v15 = 1;
  } else {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!Number.isSafeInteger(v14)) return INVALID;
    if (!(v14 >= 1)) return INVALID;
    if (!(v14 <= 1000000)) return INVALID;
    v15 = v14;
  }
  v0["instances"] = v15;
  const v16 = input["capacity"];
  if (v16 !== undefined) {
    const v17 = parse2(v16);
    if (v17 === INVALID) return INVALID;
    v0["capacity"] = v17;
  } else if ("capacity" in input) return INVALID;
  const v18 = input["reliability"];
  if (v18 !== undefined) {
    const v19 = parse3(v18);
    if (v19 === INVALID) return INVALID;
    v0["reliability"] = v19;
  } else if ("reliability" in input) return INVALID;
  const v20 = input["state"];
  let v21: any;
  if (v20 === undefined) {
    v21 = "stateless";
  } else {
    if (v20 !== "stateless" && v20 !== "local" && v20 !== "external") return INVALID;
    v21 = v20;
  }
  v0["state"] = v21;
  const v22 = input["sessionStore"];
  if (v22 !== undefined) {
    if (typeof v22 !== 'string') return INVALID;
    if (v22.length < 1 || (v22.length < 2 && PATTERN1.test(v22))) return INVALID;
    v0["sessionStore"] = v22;
  } else if ("sessionStore" in input) return INVALID;
  return v0;
}

function parse8(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS12.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["field"];
  if (v1 === undefined) return INVALID;
  if (typeof v1 !== 'string') return INVALID;
  if (v1.length < 1 || (v1.length < 2 && PATTERN1.test(v1))) return INVALID;
  v0["field"] = v1;
  const v2 = input["cardinality"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'number' || !Number.isFinite(v2)) return INVALID;
    if (!Number.isSafeInteger(v2)) return INVALID;
    if (!(v2 >= 1)) return INVALID;
    if (!(v2 <= 9007199254740991)) return INVALID;
    v0["cardinality"] = v2;
  } else if ("cardinality" in input) return INVALID;
  const v3 = input["monotonic"];
  let v4: any;
  if (v3 === undefined) {
    v4 = false;
  } else {
    if (typeof v3 !== 'boolean') return INVALID;
    v4 = v3;
  }
  v0["monotonic"] = v4;
  const v5 = input["distribution"];
  if (v5 !== undefined) {
    if (v5 !== "uniform" && v5 !== "zipf" && v5 !== "sequential") return INVALID;
    v0["distribution"] = v5;
  } else if ("distribution" in input) return INVALID;
  const v6 = input["exponent"];
  if (v6 !== undefined) {
    if (typeof v6 !== 'number' || !Number.isFinite(v6)) return INVALID;
    if (!(v6 > 0)) return INVALID;
    if (!(v6 <= 10)) return INVALID;
    v0["exponent"] = v6;
  } else if ("exponent" in input) return INVALID;
  return v0;
}

function parse9(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS11.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["strategy"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "modulo" && v1 !== "range" && v1 !== "consistentHash" && v1 !== "directory" && v1 !== "geographic") return INVALID;
  v0["strategy"] = v1;
  const v2 = input["shards"];
  if (v2 === undefined) return INVALID;
  if (typeof v2 !== 'number' || !Number.isFinite(v2)) return INVALID;
  if (!Number.isSafeInteger(v2)) return INVALID;
  if (!(v2 >= 1)) return INVALID;
  if (!(v2 <= 1000000)) return INVALID;
  v0["shards"] = v2;
  const v3 = input["vnodes"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'number' || !Number.isFinite(v3)) return INVALID;
    if (!Number.isSafeInteger(v3)) return INVALID;
    if (!(v3 >= 1)) return INVALID;
    if (!(v3 <= 10000)) return INVALID;
    v0["vnodes"] = v3;
  } else if ("vnodes" in input) return INVALID;
  const v4 = input["key"];
  if (v4 !== undefined) {
    const v5 = parse8(v4);
    if (v5 === INVALID) return INVALID;
    v0["key"] = v5;
  } else if ("key" in input) return INVALID;
  const v6 = input["directory"];
  if (v6 !== undefined) {
    if (typeof v6 !== 'string') return INVALID;
    if (v6.length < 1 || (v6.length < 2 && PATTERN1.test(v6))) return INVALID;
    v0["directory"] = v6;
  } else if ("directory" in input) return INVALID;
  const v7 = input["regions"];
  if (v7 !== undefined) {
    if (!Array.isArray(v7)) return INVALID;
    const v8 = new Array(v7.length);
    for (let v9 = 0; v9 < v7.length; v9++) {
      const v10 = v7[v9];
      if (typeof v10 !== 'string') return INVALID;
      if (v10.length < 1 || (v10.length < 2 && PATTERN1.test(v10))) return INVALID;
      if (v10.length > 128) return INVALID;
      v8[v9] = v10;
    }
    if (v8.length < 1) return INVALID;
    v0["regions"] = v8;
  } else if ("regions" in input) return INVALID;
  return v0;
}

function parse10(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS14.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["p50"];
  if (v1 === undefined) return INVALID;
  let v2: any;
  if (typeof v1 === 'number') {
    if (typeof v1 !== 'number' || !Number.isFinite(v1)) return INVALID;
    if (!(v1 <= 31536000000)) return INVALID;
    if (!(v1 >= 0)) return INVALID;
    v2 = v1;
  } else if (typeof v1 === 'string') {
    if (typeof v1 !== 'string') return INVALID;
    if (!PATTERN5.test(v1)) return INVALID;
    if (!withinAYear(v1)) return INVALID;
    v2 = v1;
  } else return INVALID;
  const v3 = durationMs(v2);
  v0["p50"] = v3;
  const v4 = input["p99"];
  if (v4 === undefined) return INVALID;
  let v5: any;
  if (typeof v4 === 'number') {
    if (typeof v4 !== 'number' || !Number.isFinite(v4)) return INVALID;
    if (!(v4 <= 31536000000)) return INVALID;
    if (!(v4 >= 0)) return INVALID;
    v5 = v4;
  } else if (typeof v4 === 'string') {
    if (typeof v4 !== 'string') return INVALID;
    if (!PATTERN5.test(v4)) return INVALID;
    if (!withinAYear(v4)) return INVALID;
    v5 = v4;
  } else return INVALID;
  const v6 = durationMs(v5);
  v0["p99"] = v6;
  return v0;
}

function parse11(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS15.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["mode"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "automatic" && v1 !== "manual" && v1 !== "none") return INVALID;
  v0["mode"] = v1;
  const v2 = input["detection"];
  if (v2 !== undefined) {
    let v3: any;
    if (typeof v2 === 'number') {
      if (typeof v2 !== 'number' || !Number.isFinite(v2)) return INVALID;
      if (!(v2 <= 31536000000)) return INVALID;
      if (!(v2 >= 0)) return INVALID;
      v3 = v2;
    } else if (typeof v2 === 'string') {
      if (typeof v2 !== 'string') return INVALID;
      if (!PATTERN5.test(v2)) return INVALID;
      if (!withinAYear(v2)) return INVALID;
      v3 = v2;
    } else return INVALID;
    const v4 = durationMs(v3);
    v0["detection"] = v4;
  } else if ("detection" in input) return INVALID;
  const v5 = input["promotion"];
  if (v5 !== undefined) {
    let v6: any;
    if (typeof v5 === 'number') {
      if (typeof v5 !== 'number' || !Number.isFinite(v5)) return INVALID;
      if (!(v5 <= 31536000000)) return INVALID;
      if (!(v5 >= 0)) return INVALID;
      v6 = v5;
    } else if (typeof v5 === 'string') {
      if (typeof v5 !== 'string') return INVALID;
      if (!PATTERN5.test(v5)) return INVALID;
      if (!withinAYear(v5)) return INVALID;
      v6 = v5;
    } else return INVALID;
    const v7 = durationMs(v6);
    v0["promotion"] = v7;
  } else if ("promotion" in input) return INVALID;
  return v0;
}

function parse12(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS16.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["n"];
  if (v1 === undefined) return INVALID;
  if (typeof v1 !== 'number' || !Number.isFinite(v1)) return INVALID;
  if (!Number.isSafeInteger(v1)) return INVALID;
  if (!(v1 >= 1)) return INVALID;
  if (!(v1 <= 100)) return INVALID;
  v0["n"] = v1;
  const v2 = input["r"];
  if (v2 === undefined) return INVALID;
  if (typeof v2 !== 'number' || !Number.isFinite(v2)) return INVALID;
  if (!Number.isSafeInteger(v2)) return INVALID;
  if (!(v2 >= 1)) return INVALID;
  if (!(v2 <= 100)) return INVALID;
  v0["r"] = v2;
  const v3 = input["w"];
  if (v3 === undefined) return INVALID;
  if (typeof v3 !== 'number' || !Number.isFinite(v3)) return INVALID;
  if (!Number.isSafeInteger(v3)) return INVALID;
  if (!(v3 >= 1)) return INVALID;
  if (!(v3 <= 100)) return INVALID;
  v0["w"] = v3;
  return v0;
}

function parse13(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS13.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["topology"];
  let v2: any;
  if (v1 === undefined) {
    v2 = "singleLeader";
  } else {
    if (v1 !== "singleLeader" && v1 !== "multiLeader" && v1 !== "leaderless") return INVALID;
    v2 = v1;
  }
  v0["topology"] = v2;
  const v3 = input["mode"];
  let v4: any;
  if (v3 === undefined) {
    v4 = "async";
  } else {
    if (v3 !== "async" && v3 !== "semiSync" && v3 !== "sync") return INVALID;
    v4 = v3;
  }
  v0["mode"] = v4;
  const v5 = input["replicas"];
  if (v5 === undefined) return INVALID;
  if (typeof v5 !== 'number' || !Number.isFinite(v5)) return INVALID;
  if (!Number.isSafeInteger(v5)) return INVALID;
  if (!(v5 >= 0)) return INVALID;
  if (!(v5 <= 100)) return INVALID;
  v0["replicas"] = v5;
  const v6 = input["lag"];
  if (v6 !== undefined) {
    const v7 = parse10(v6);
    if (v7 === INVALID) return INVALID;
    v0["lag"] = v7;
  } else if ("lag" in input) return INVALID;
  const v8 = input["readsFrom"];
  let v9: any;
  if (v8 === undefined) {
    v9 = "primary";
  } else {
    if (v8 !== "primary" && v8 !== "replicas" && v8 !== "any") return INVALID;
    v9 = v8;
  }
  v0["readsFrom"] = v9;
  const v10 = input["failover"];
  if (v10 !== undefined) {
    const v11 = parse11(v10);
    if (v11 === INVALID) return INVALID;
    v0["failover"] = v11;
  } else if ("failover" in input) return INVALID;
  const v12 = input["semiSyncTimeout"];
  if (v12 !== undefined) {
    let v13: any;
    if (typeof v12 === 'number') {
      if (typeof v12 !== 'number' || !Number.isFinite(v12)) return INVALID;
      if (!(v12 <= 31536000000)) return INVALID;
      if (!(v12 >= 0)) return INVALID;
      v13 = v12;
    } else if (typeof v12 === 'string') {
      if (typeof v12 !== 'string') return INVALID;
      if (!PATTERN5.test(v12)) return INVALID;
      if (!withinAYear(v12)) return INVALID;
      v13 = v12;
    } else return INVALID;
    const v14 = durationMs(v13);
    v0["semiSyncTimeout"] = v14;
  } else if ("semiSyncTimeout" in input) return INVALID;
  const v15 = input["leaders"];
  if (v15 !== undefined) {
    if (typeof v15 !== 'number' || !Number.isFinite(v15)) return INVALID;
    if (!Number.isSafeInteger(v15)) return INVALID;
    if (!(v15 >= 1)) return INVALID;
    if (!(v15 <= 100)) return INVALID;
    v0["leaders"] = v15;
  } else if ("leaders" in input) return INVALID;
  const v16 = input["conflictResolution"];
  if (v16 !== undefined) {
    if (v16 !== "lastWriteWins" && v16 !== "crdt" && v16 !== "applicationMerge" && v16 !== "none") return INVALID;
    v0["conflictResolution"] = v16;
  } else if ("conflictResolution" in input) return INVALID;
  const v17 = input["quorum"];
  if (v17 !== undefined) {
    const v18 = parse12(v17);
    if (v18 === INVALID) return INVALID;
    v0["quorum"] = v18;
  } else if ("quorum" in input) return INVALID;
  return v0;
}

function parse14(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS10.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "cache") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["instances"];
  let v15: any;
  if (v14 === undefined) {
    v15 = 1;
  } else {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!Number.isSafeInteger(v14)) return INVALID;
    if (!(v14 >= 1)) return INVALID;
    if (!(v14 <= 1000000)) return INVALID;
    v15 = v14;
  }
  v0["instances"] = v15;
  const v16 = input["capacity"];
  if (v16 !== undefined) {
    const v17 = parse2(v16);
    if (v17 === INVALID) return INVALID;
    v0["capacity"] = v17;
  } else if ("capacity" in input) return INVALID;
  const v18 = input["reliability"];
  if (v18 !== undefined) {
    const v19 = parse3(v18);
    if (v19 === INVALID) return INVALID;
    v0["reliability"] = v19;
  } else if ("reliability" in input) return INVALID;
  const v20 = input["engine"];
  if (v20 !== undefined) {
    if (typeof v20 !== 'string') return INVALID;
    if (v20.length < 1 || (v20.length < 2 && PATTERN1.test(v20))) return INVALID;
    if (v20.length > 64) return INVALID;
    v0["engine"] = v20;
  } else if ("engine" in input) return INVALID;
  const v21 = input["hitRatio"];
  let v22: any;
  if (v21 === undefined) {
    v22 = 0;
  } else {
    if (typeof v21 !== 'number' || !Number.isFinite(v21)) return INVALID;
    if (!(v21 >= 0)) return INVALID;
    if (!(v21 <= 1)) return INVALID;
    v22 = v21;
  }
  v0["hitRatio"] = v22;
  const v23 = input["ttl"];
  if (v23 !== undefined) {
    let v24: any;
    if (typeof v23 === 'number') {
      if (typeof v23 !== 'number' || !Number.isFinite(v23)) return INVALID;
      if (!(v23 <= 31536000000)) return INVALID;
      if (!(v23 >= 0)) return INVALID;
      v24 = v23;
    } else if (typeof v23 === 'string') {
      if (typeof v23 !== 'string') return INVALID;
      if (!PATTERN5.test(v23)) return INVALID;
      if (!withinAYear(v23)) return INVALID;
      v24 = v23;
    } else return INVALID;
    const v25 = durationMs(v24);
    v0["ttl"] = v25;
  } else if ("ttl" in input) return INVALID;
  const v26 = input["fronts"];
  if (v26 !== undefined) {
    if (typeof v26 !== 'string') return INVALID;
    if (v26.length < 1 || (v26.length < 2 && PATTERN1.test(v26))) return INVALID;
    v0["fronts"] = v26;
  } else if ("fronts" in input) return INVALID;
  const v27 = input["sharding"];
  if (v27 !== undefined) {
    const v28 = parse9(v27);
    if (v28 === INVALID) return INVALID;
    v0["sharding"] = v28;
  } else if ("sharding" in input) return INVALID;
  const v29 = input["replication"];
  if (v29 !== undefined) {
    const v30 = parse13(v29);
    if (v30 === INVALID) return INVALID;
    v0["replication"] = v30;
  } else if ("replication" in input) return INVALID;
  return v0;
}

function parse15(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS18.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["name"];
  if (v1 === undefined) return INVALID;
  if (typeof v1 !== 'string') return INVALID;
  if (v1.length < 1 || (v1.length < 2 && PATTERN1.test(v1))) return INVALID;
  v0["name"] = v1;
  const v2 = input["by"];
  if (v2 === undefined) return INVALID;
  if (!Array.isArray(v2)) return INVALID;
  const v3 = new Array(v2.length);
  for (let v4 = 0; v4 < v2.length; v4++) {
    const v5 = v2[v4];
    if (typeof v5 !== 'string') return INVALID;
    if (v5.length < 1 || (v5.length < 2 && PATTERN1.test(v5))) return INVALID;
    v3[v4] = v5;
  }
  if (v3.length < 1) return INVALID;
  v0["by"] = v3;
  const v6 = input["share"];
  if (v6 !== undefined) {
    if (typeof v6 !== 'number' || !Number.isFinite(v6)) return INVALID;
    if (!(v6 >= 0)) return INVALID;
    if (!(v6 <= 1)) return INVALID;
    v0["share"] = v6;
  } else if ("share" in input) return INVALID;
  return v0;
}

function parse16(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS17.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "database") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["instances"];
  let v15: any;
  if (v14 === undefined) {
    v15 = 1;
  } else {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!Number.isSafeInteger(v14)) return INVALID;
    if (!(v14 >= 1)) return INVALID;
    if (!(v14 <= 1000000)) return INVALID;
    v15 = v14;
  }
  v0["instances"] = v15;
  const v16 = input["capacity"];
  if (v16 !== undefined) {
    const v17 = parse2(v16);
    if (v17 === INVALID) return INVALID;
    v0["capacity"] = v17;
  } else if ("capacity" in input) return INVALID;
  const v18 = input["reliability"];
  if (v18 !== undefined) {
    const v19 = parse3(v18);
    if (v19 === INVALID) return INVALID;
    v0["reliability"] = v19;
  } else if ("reliability" in input) return INVALID;
  const v20 = input["engine"];
  if (v20 !== undefined) {
    if (typeof v20 !== 'string') return INVALID;
    if (v20.length < 1 || (v20.length < 2 && PATTERN1.test(v20))) return INVALID;
    if (v20.length > 64) return INVALID;
    v0["engine"] = v20;
  } else if ("engine" in input) return INVALID;
  const v21 = input["consistency"];
  let v22: any;
  if (v21 === undefined) {
    v22 = "strong";
  } else {
    if (v21 !== "strong" && v21 !== "readYourWrites" && v21 !== "monotonicReads" && v21 !== "eventual") return INVALID;
    v22 = v21;
  }
  v0["consistency"] = v22;
  const v23 = input["cap"];
  if (v23 !== undefined) {
    if (v23 !== "CP" && v23 !== "AP") return INVALID;
    v0["cap"] = v23;
  } else if ("cap" in input) return INVALID;
  const v24 = input["replication"];
  if (v24 !== undefined) {
    const v25 = parse13(v24);
    if (v25 === INVALID) return INVALID;
    v0["replication"] = v25;
  } else if ("replication" in input) return INVALID;
  const v26 = input["sharding"];
  if (v26 !== undefined) {
    const v27 = parse9(v26);
    if (v27 === INVALID) return INVALID;
    v0["sharding"] = v27;
  } else if ("sharding" in input) return INVALID;
  const v28 = input["queries"];
  if (v28 !== undefined) {
    if (!Array.isArray(v28)) return INVALID;
    const v29 = new Array(v28.length);
    for (let v30 = 0; v30 < v28.length; v30++) {
      const v31 = v28[v30];
      const v32 = parse15(v31);
      if (v32 === INVALID) return INVALID;
      v29[v30] = v32;
    }
    v0["queries"] = v29;
  } else if ("queries" in input) return INVALID;
  return v0;
}

function parse17(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS19.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "queue") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["instances"];
  let v15: any;
  if (v14 === undefined) {
    v15 = 1;
  } else {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!Number.isSafeInteger(v14)) return INVALID;
    if (!(v14 >= 1)) return INVALID;
    if (!(v14 <= 1000000)) return INVALID;
    v15 = v14;
  }
  v0["instances"] = v15;
  const v16 = input["capacity"];
  if (v16 !== undefined) {
    const v17 = parse2(v16);
    if (v17 === INVALID) return INVALID;
    v0["capacity"] = v17;
  } else if ("capacity" in input) return INVALID;
  const v18 = input["reliability"];
  if (v18 !== undefined) {
    const v19 = parse3(v18);
    if (v19 === INVALID) return INVALID;
    v0["reliability"] = v19;
  } else if ("reliability" in input) return INVALID;
  const v20 = input["engine"];
  if (v20 !== undefined) {
    if (typeof v20 !== 'string') return INVALID;
    if (v20.length < 1 || (v20.length < 2 && PATTERN1.test(v20))) return INVALID;
    if (v20.length > 64) return INVALID;
    v0["engine"] = v20;
  } else if ("engine" in input) return INVALID;
  const v21 = input["partitions"];
  if (v21 !== undefined) {
    if (typeof v21 !== 'number' || !Number.isFinite(v21)) return INVALID;
    if (!Number.isSafeInteger(v21)) return INVALID;
    if (!(v21 >= 1)) return INVALID;
    if (!(v21 <= 1000000)) return INVALID;
    v0["partitions"] = v21;
  } else if ("partitions" in input) return INVALID;
  const v22 = input["delivery"];
  let v23: any;
  if (v22 === undefined) {
    v23 = "atLeastOnce";
  } else {
    if (v22 !== "atMostOnce" && v22 !== "atLeastOnce" && v22 !== "exactlyOnce") return INVALID;
    v23 = v22;
  }
  v0["delivery"] = v23;
  const v24 = input["retention"];
  if (v24 !== undefined) {
    let v25: any;
    if (typeof v24 === 'number') {
      if (typeof v24 !== 'number' || !Number.isFinite(v24)) return INVALID;
      if (!(v24 <= 31536000000)) return INVALID;
      if (!(v24 >= 0)) return INVALID;
      v25 = v24;
    } else if (typeof v24 === 'string') {
      if (typeof v24 !== 'string') return INVALID;
      if (!PATTERN5.test(v24)) return INVALID;
      if (!withinAYear(v24)) return INVALID;
      v25 = v24;
    } else return INVALID;
    const v26 = durationMs(v25);
    v0["retention"] = v26;
  } else if ("retention" in input) return INVALID;
  const v27 = input["replication"];
  if (v27 !== undefined) {
    const v28 = parse13(v27);
    if (v28 === INVALID) return INVALID;
    v0["replication"] = v28;
  } else if ("replication" in input) return INVALID;
  return v0;
}

function parse18(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  for (const key in input) if (!KEYS20.has(key)) return INVALID;
  const v0: any = {};
  const v1 = input["kind"];
  if (v1 === undefined) return INVALID;
  if (v1 !== "directory") return INVALID;
  v0["kind"] = v1;
  const v2 = input["description"];
  if (v2 !== undefined) {
    if (typeof v2 !== 'string') return INVALID;
    if (v2.length > 4000) return INVALID;
    v0["description"] = v2;
  } else if ("description" in input) return INVALID;
  const v3 = input["region"];
  if (v3 !== undefined) {
    if (typeof v3 !== 'string') return INVALID;
    if (v3.length < 1 || (v3.length < 2 && PATTERN1.test(v3))) return INVALID;
    if (v3.length > 128) return INVALID;
    v0["region"] = v3;
  } else if ("region" in input) return INVALID;
  const v4 = input["zones"];
  if (v4 !== undefined) {
    if (!Array.isArray(v4)) return INVALID;
    const v5 = new Array(v4.length);
    for (let v6 = 0; v6 < v4.length; v6++) {
      const v7 = v4[v6];
      if (typeof v7 !== 'string') return INVALID;
      if (v7.length < 1 || (v7.length < 2 && PATTERN1.test(v7))) return INVALID;
      if (v7.length > 128) return INVALID;
      v5[v6] = v7;
    }
    if (v5.length < 1) return INVALID;
    v0["zones"] = v5;
  } else if ("zones" in input) return INVALID;
  const v8 = input["calls"];
  if (v8 !== undefined) {
    if (!Array.isArray(v8)) return INVALID;
    const v9 = new Array(v8.length);
    for (let v10 = 0; v10 < v8.length; v10++) {
      const v11 = v8[v10];
      let v12: any;
      if (typeof v11 === 'string') {
        if (typeof v11 !== 'string') return INVALID;
        if (v11.length < 1 || (v11.length < 2 && PATTERN1.test(v11))) return INVALID;
        v12 = v11;
      } else if (typeof v11 === 'object' && v11 !== null && !Array.isArray(v11)) {
        const v13 = parse0(v11);
        if (v13 === INVALID) return INVALID;
        v12 = v13;
      } else return INVALID;
      v9[v10] = v12;
    }
    v0["calls"] = v9;
  } else if ("calls" in input) return INVALID;
  const v14 = input["instances"];
  let v15: any;
  if (v14 === undefined) {
    v15 = 1;
  } else {
    if (typeof v14 !== 'number' || !Number.isFinite(v14)) return INVALID;
    if (!Number.isSafeInteger(v14)) return INVALID;
    if (!(v14 >= 1)) return INVALID;
    if (!(v14 <= 1000000)) return INVALID;
    v15 = v14;
  }
  v0["instances"] = v15;
  const v16 = input["capacity"];
  if (v16 !== undefined) {
    const v17 = parse2(v16);
    if (v17 === INVALID) return INVALID;
    v0["capacity"] = v17;
  } else if ("capacity" in input) return INVALID;
  const v18 = input["reliability"];
  if (v18 !== undefined) {
    const v19 = parse3(v18);
    if (v19 === INVALID) return INVALID;
    v0["reliability"] = v19;
  } else if ("reliability" in input) return INVALID;
  const v20 = input["replication"];
  if (v20 !== undefined) {
    const v21 = parse13(v20);
    if (v21 === INVALID) return INVALID;
    v0["replication"] = v21;
  } else if ("replication" in input) return INVALID;
  return v0;
}

/** Component: what zod's parse of the value gives, or INVALID. */
export function parseComponent(input: any): any {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
  let v0: any;
  switch (input["kind"]) {
    case "client": v0 = parse1(input); break;
    case "cdn": v0 = parse4(input); break;
    case "loadBalancer": v0 = parse6(input); break;
    case "service": v0 = parse7(input); break;
    case "cache": v0 = parse14(input); break;
    case "database": v0 = parse16(input); break;
    case "queue": v0 = parse17(input); break;
    case "directory": v0 = parse18(input); break;
    default: return INVALID;
  }
  if (v0 === INVALID) return INVALID;
  return v0;
}

/** Id: what zod's parse of the value gives, or INVALID. */
export function parseId(input: any): any {
  if (typeof input !== 'string') return INVALID;
  if (!PATTERN21.test(input)) return INVALID;
  return input;
}
