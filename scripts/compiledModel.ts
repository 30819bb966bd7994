/**
 * Compiles the model's component and id schemas to plain functions ahead of
 * time (src/core/model/compiledModel.ts), which zod runs as their fast path
 * (`z.withParser`): what zod's `z.compile` does in the process, done once
 * here, so a process that checks one file neither generates code nor runs
 * `new Function` (which a webview's policy refuses), and its bundle's code
 * cache keeps the parsers compiled.
 *
 * A parser either builds what zod's parse of the value builds (the same
 * properties in the same order, defaults filled in, durations in
 * milliseconds) or answers INVALID, and zod's interpreter parses the value
 * again for its issues. It may answer INVALID where zod would accept (a
 * string near a length bound whose code points zod counts, a property
 * present as `undefined`): that only costs the interpreter's time, never a
 * different answer. The tests compare both on every example and on
 * thousands of altered components.
 *
 * What the model uses is compiled; anything else (a catch-all, a
 * superRefine, a string format, an overlapping union) stops the build with
 * the place it is at, rather than compiling to something that differs.
 */
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod';
import * as schema from '../src/core/model/schema';
import { def as defOf } from '../src/core/model/schemaWalk';

/** Where the compiled parsers are written. */
export const COMPILED_MODEL_PATH = path.resolve(__dirname, '..', 'src', 'core', 'model', 'compiledModel.ts');

type Schema = z.core.$ZodType;
type Def = ReturnType<typeof defOf>;

/** The functions of schema.ts by value, so the generated code can call a refinement or transform by its name. */
const NAMED = new Map<unknown, string>(Object.entries(schema).filter(([, v]) => typeof v === 'function').map(([k, v]) => [v, k]));

/** A JavaScript literal of a JSON value (defaults and literals are JSON in this model): one that JSON gives back as it is, -0 and undefined properties included. */
function literal(value: unknown, where: string): string {
  const text = JSON.stringify(value);
  if (text === undefined || !isDeepStrictEqual(JSON.parse(text), value)) throw new Error(`${where}: ${String(value)} is not a JSON value`);
  return text;
}

/** The kind of JavaScript value a schema can accept: a union is compiled only when its options accept disjoint kinds. */
function valueKind(s: Schema, where: string): string {
  const d = defOf(s);
  switch (d.type) {
    case 'string': case 'number': case 'boolean': return d.type;
    case 'array': return 'array';
    case 'object': return 'object';
    case 'pipe': return valueKind(d.in, where);
    case 'literal': case 'enum': {
      const values: unknown[] = d.type === 'literal' ? d.values : Object.values(d.entries);
      const kinds = new Set(values.map((v) => typeof v));
      if (kinds.size !== 1) throw new Error(`${where}: a literal or enum of mixed types`);
      return [...kinds][0]!;
    }
    default: throw new Error(`${where}: a union option of type ${d.type}`);
  }
}

/** The test that a value is of a kind (valueKind). */
function kindTest(kind: string, v: string): string {
  switch (kind) {
    case 'array': return `Array.isArray(${v})`;
    case 'object': return `typeof ${v} === 'object' && ${v} !== null && !Array.isArray(${v})`;
    default: return `typeof ${v} === '${kind}'`;
  }
}

/** One generated function: its lines, and a counter for its variables. */
class Body {
  readonly lines: string[] = [];
  private count = 0;
  private depth = 1;
  variable(): string {
    return `v${this.count++}`;
  }
  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }
  /** `head {`, then what follows is inside. */
  open(head: string): void {
    this.line(`${head} {`);
    this.depth++;
  }
  /** Closes a block with `tail`, which may open the next (`} else {`). */
  close(tail = '}'): void {
    this.depth--;
    this.line(tail);
    if (tail.endsWith('{')) this.depth++;
  }
}

class Compiler {
  /** Generated functions, in the order they were first needed, and by the schema each compiles. */
  private readonly functions: string[] = [];
  private readonly named = new Map<Schema, string>();
  private readonly bodies = new Map<string, string>();
  /** Module constants: regular expressions and key sets, by their text. */
  private readonly constants = new Map<string, string>();
  private readonly imported = new Set<string>();

  /** A module constant holding `text`, made once. */
  constant(prefix: string, text: string): string {
    let name = this.constants.get(text);
    if (!name) {
      name = `${prefix}${this.constants.size}`;
      this.constants.set(text, name);
    }
    return name;
  }

  /** The name of a function of schema.ts, imported by the generated module. */
  callable(fn: unknown, where: string): string {
    const name = NAMED.get(fn);
    if (!name) throw new Error(`${where}: a refinement or transform the compiled parser cannot call; declare it as a named, exported function of schema.ts`);
    if ((fn as (...a: unknown[]) => unknown).constructor.name === 'AsyncFunction') throw new Error(`${where}: ${name} is async`);
    this.imported.add(name);
    return name;
  }

  /** A function `(input) => output | INVALID` for an object or a union of objects, named and generated once (and once for schemas that compile alike). */
  function(s: Schema, where: string): string {
    let name = this.named.get(s);
    if (name) return name;
    const text = this.body(s, where);
    name = this.bodies.get(text);
    if (!name) {
      name = `parse${this.functions.length}`;
      this.functions.push(`function ${name}(input: any): any {\n${text}\n}`);
      this.bodies.set(text, name);
    }
    this.named.set(s, name);
    return name;
  }

  /** The module's function `name` for a schema (named `where` in the model). */
  exported(s: Schema, where: string, name: string): void {
    this.functions.push(`/** ${where}: what zod's parse of the value gives, or INVALID. */\nexport function ${name}(input: any): any {\n${this.body(s, where)}\n}`);
  }

  /** The body of a schema's function, which parses `input`. */
  private body(s: Schema, where: string): string {
    const body = new Body();
    body.line(`return ${this.value(s, 'input', body, where, true)};`);
    return body.lines.join('\n');
  }

  /**
   * Statements in `body` that validate `v` and make its output; returns the
   * expression of the output. Every failure returns INVALID from the function.
   */
  value(s: Schema, v: string, body: Body, where: string, top = false): string {
    const d = defOf(s);
    switch (d.type) {
      case 'string':
        body.line(`if (typeof ${v} !== 'string') return INVALID;`);
        return this.checks(s, v, body, where, 'string');
      case 'number':
        if (d.coerce) throw new Error(`${where}: a coerced number`);
        body.line(`if (typeof ${v} !== 'number' || !Number.isFinite(${v})) return INVALID;`);
        return this.checks(s, v, body, where, 'number');
      case 'boolean':
        if (d.coerce) throw new Error(`${where}: a coerced boolean`);
        body.line(`if (typeof ${v} !== 'boolean') return INVALID;`);
        return this.checks(s, v, body, where, 'boolean');
      case 'literal':
      case 'enum': {
        const values: unknown[] = d.type === 'literal' ? d.values : Object.values(d.entries);
        for (const x of values) if (typeof x !== 'string' && typeof x !== 'boolean' && !(typeof x === 'number' && Number.isFinite(x))) throw new Error(`${where}: a literal of type ${typeof x}`);
        body.line(`if (${values.map((x) => `${v} !== ${literal(x, where)}`).join(' && ')}) return INVALID;`);
        return this.checks(s, v, body, where, d.type);
      }
      case 'array': {
        const out = body.variable();
        const i = body.variable();
        body.line(`if (!Array.isArray(${v})) return INVALID;`);
        body.line(`const ${out} = new Array(${v}.length);`);
        body.open(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++)`);
        const e = body.variable();
        body.line(`const ${e} = ${v}[${i}];`);
        body.line(`${out}[${i}] = ${this.value(d.element, e, body, `${where}[]`)};`);
        body.close();
        return this.checks(s, out, body, where, 'array');
      }
      case 'optional': {
        // Outside an object, only a value that is not undefined is compiled: zod's answer for undefined is left to zod.
        body.line(`if (${v} === undefined) return INVALID;`);
        return this.value(d.innerType, v, body, where);
      }
      case 'default': {
        // As zod: undefined, or an inner output of undefined, gives the default (a new copy each time).
        const out = body.variable();
        const fallback = literal(d.defaultValue, where);
        body.line(`let ${out}: any;`);
        body.open(`if (${v} === undefined)`);
        body.line(`${out} = ${fallback};`);
        body.close('} else {');
        const inner = this.value(d.innerType, v, body, where);
        // (A value that is its own output is not undefined here.)
        body.line(inner === v ? `${out} = ${v};` : `${out} = ${inner} === undefined ? ${fallback} : ${inner};`);
        body.close();
        return out;
      }
      case 'pipe': {
        const first = this.value(d.in, v, body, where);
        const next = defOf(d.out);
        if (next.type !== 'transform') return this.value(d.out, first, body, where);
        if (next.transform.length > 1) throw new Error(`${where}: a transform that reads zod's context`);
        const out = body.variable();
        body.line(`const ${out} = ${this.callable(next.transform, where)}(${first});`);
        return this.checks(d.out, out, body, where, 'transform');
      }
      case 'union': {
        if (d.discriminator !== undefined) return this.discriminated(s, v, body, where);
        const options: Schema[] = d.options;
        const kinds = options.map((o, i) => valueKind(o, `${where}|${i}`));
        if (new Set(kinds).size !== kinds.length) throw new Error(`${where}: a union whose options accept the same kind of value (${kinds.join(', ')})`);
        // One option at most accepts a value of its kind: zod's first success is that option's.
        const out = body.variable();
        body.line(`let ${out}: any;`);
        options.forEach((o, i) => {
          if (i === 0) body.open(`if (${kindTest(kinds[i]!, v)})`);
          else body.close(`} else if (${kindTest(kinds[i]!, v)}) {`);
          body.line(`${out} = ${this.value(o, v, body, `${where}|${i}`)};`);
        });
        body.close('} else return INVALID;');
        return this.checks(s, out, body, where, 'union');
      }
      case 'object':
        if (!top) {
          const out = body.variable();
          body.line(`const ${out} = ${this.function(s, where)}(${v});`);
          body.line(`if (${out} === INVALID) return INVALID;`);
          return out;
        }
        return this.object(s, v, body, where);
      default:
        throw new Error(`${where}: zod type ${d.type} is not compiled`);
    }
  }

  /** A strict object's properties in its shape's order, as zod's parse makes them. */
  private object(s: Schema, v: string, body: Body, where: string): string {
    const d = defOf(s);
    if (!d.catchall || defOf(d.catchall).type !== 'never') throw new Error(`${where}: only strict objects are compiled`);
    const shape: Record<string, Schema> = d.shape;
    const keys = Object.keys(shape);
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new Error(`${where}: a symbol key`);
    body.line(`if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) return INVALID;`);
    const known = this.constant('KEYS', `new Set(${JSON.stringify(keys)})`);
    // A key the shape does not have (__proto__ among them) is zod's to report.
    body.line(`for (const key in ${v}) if (!${known}.has(key)) return INVALID;`);
    const out = body.variable();
    body.line(`const ${out}: any = {};`);
    for (const key of keys) {
      const at = `${where}.${key}`;
      const p = defOf(shape[key]!);
      const field = body.variable();
      const access = `${v}[${JSON.stringify(key)}]`;
      const prop = `${out}[${JSON.stringify(key)}]`;
      body.line(`const ${field} = ${access};`);
      if (p.type === 'optional') {
        // Absent: left out. Present as undefined: zod's to answer (it keeps the key).
        body.open(`if (${field} !== undefined)`);
        body.line(`${prop} = ${this.value(p.innerType, field, body, at)};`);
        body.close(`} else if (${JSON.stringify(key)} in ${v}) return INVALID;`);
      } else if (p.type === 'default') {
        body.line(`${prop} = ${this.value(shape[key]!, field, body, at)};`);
      } else {
        body.line(`if (${field} === undefined) return INVALID;`);
        body.line(`${prop} = ${this.value(shape[key]!, field, body, at)};`);
      }
    }
    return this.checks(s, out, body, where, 'object');
  }

  /** A discriminated union: the option its discriminator names. */
  private discriminated(s: Schema, v: string, body: Body, where: string): string {
    const d = defOf(s);
    const out = body.variable();
    body.line(`if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) return INVALID;`);
    body.line(`let ${out}: any;`);
    body.open(`switch (${v}[${JSON.stringify(d.discriminator)}])`);
    const seen = new Set<unknown>();
    for (const option of d.options as Schema[]) {
      const discriminator: Schema | undefined = defOf(option).shape?.[d.discriminator];
      const tag = discriminator && defOf(discriminator);
      if (tag?.type !== 'literal') throw new Error(`${where}: an option whose discriminator is not a literal`);
      for (const value of tag.values) {
        if (seen.has(value)) throw new Error(`${where}: two options for ${String(value)}`);
        seen.add(value);
      }
      const name = this.function(option, `${where}(${tag.values.join('|')})`);
      body.line(`${tag.values.map((x: unknown) => `case ${literal(x, where)}:`).join(' ')} ${out} = ${name}(${v}); break;`);
    }
    body.line('default: return INVALID;');
    body.close();
    body.line(`if (${out} === INVALID) return INVALID;`);
    return this.checks(s, out, body, where, 'union');
  }

  /** A schema's checks on its output `v`, in order; returns `v`. */
  private checks(s: Schema, v: string, body: Body, where: string, type: string): string {
    // A schema that is itself a check (z.int(), z.email()) runs itself first, as zod does.
    const d = defOf(s);
    const all = [...(d.check ? [s] : []), ...(d.checks ?? [])] as { _zod: { def: Def } }[];
    for (const check of all) {
      const c = check._zod.def;
      if (c.when && c.check !== 'min_length' && c.check !== 'max_length') throw new Error(`${where}: a check with a condition`);
      switch (c.check) {
        case 'min_length':
          if (type === 'string') {
            // zod counts code points: a string with a surrogate pair near the bound is zod's to judge.
            body.line(`if (${v}.length < ${c.minimum} || (${v}.length < ${2 * c.minimum} && ${this.constant('PATTERN', '/[\\uD800-\\uDBFF]/')}.test(${v}))) return INVALID;`);
          } else if (type === 'array') body.line(`if (${v}.length < ${c.minimum}) return INVALID;`);
          else throw new Error(`${where}: a length check on ${type}`);
          break;
        case 'max_length':
          // Past the bound in UTF-16 units, a string may still be within it in code points: zod's to judge.
          if (type !== 'string' && type !== 'array') throw new Error(`${where}: a length check on ${type}`);
          body.line(`if (${v}.length > ${c.maximum}) return INVALID;`);
          break;
        case 'greater_than':
        case 'less_than': {
          if (type !== 'number' || typeof c.value !== 'number') throw new Error(`${where}: a bound on ${type}`);
          const op = c.check === 'greater_than' ? (c.inclusive ? '>=' : '>') : (c.inclusive ? '<=' : '<');
          body.line(`if (!(${v} ${op} ${literal(c.value, where)})) return INVALID;`);
          break;
        }
        case 'number_format':
          if (c.format !== 'safeint') throw new Error(`${where}: number format ${c.format}`);
          body.line(`if (!Number.isSafeInteger(${v})) return INVALID;`);
          break;
        case 'string_format': {
          if (c.format !== 'regex' || !(c.pattern instanceof RegExp) || /[gy]/.test(c.pattern.flags)) throw new Error(`${where}: string format ${c.format}`);
          body.line(`if (!${this.constant('PATTERN', String(c.pattern))}.test(${v})) return INVALID;`);
          break;
        }
        case 'custom':
          if (typeof c.fn !== 'function' || c.when) throw new Error(`${where}: a custom check that is not a refinement (superRefine, check)`);
          body.line(`if (!${this.callable(c.fn, where)}(${v})) return INVALID;`);
          break;
        default:
          throw new Error(`${where}: check ${c.check} is not compiled`);
      }
    }
    return v;
  }

  /** The module: imports, constants, then the functions. */
  text(): string {
    const header = [
      '// Generated from src/core/model/schema.ts by `npm run generate` (scripts/compiledModel.ts); do not edit.',
      '/**',
      ' * The model\'s component and id parsers, compiled ahead of time: each builds',
      ' * what zod\'s parse of a valid value builds, or answers INVALID, and zod',
      ' * parses the value again for its issues (validate.ts installs them with',
      ' * `z.withParser`).',
      ' */',
      `import { INVALID } from 'zod';`,
      `import { ${[...this.imported].sort().join(', ')} } from './schema';`,
      '',
      ...[...this.constants].map(([text, name]) => `const ${name} = ${text};`),
      '',
    ];
    return [...header, this.functions.join('\n\n'), ''].join('\n');
  }
}

/** The text of src/core/model/compiledModel.ts. */
export function compiledModelText(): string {
  const compiler = new Compiler();
  compiler.exported(schema.Component, 'Component', 'parseComponent');
  compiler.exported(schema.Id, 'Id', 'parseId');
  return compiler.text();
}
