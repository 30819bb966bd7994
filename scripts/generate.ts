/**
 * Writes what is generated from the zod models and the rule catalogue: the
 * published JSON Schemas (draft-07, the widest editor support) of the format
 * and of the project configuration, the format's SchemaStore catalog entry,
 * the field tables and schema URLs of docs/format.md and the extension's
 * `scale.rules` setting; the model's parsers compiled ahead of time; the
 * GitHub Action's bundle, which GitHub runs as committed; and the third-party
 * notices of every bundle. `npm run generate` writes them; a test fails when
 * the checked-in copies differ from what this produces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { z } from 'zod';
import { RULES } from '../src/core/ruleCatalog';
import { ScaleConfig } from '../src/core/model/configSchema';
import { DURATION_JSON_PATTERN, ScaleFile } from '../src/core/model/schema';
import { COMPILED_MODEL_PATH, compiledModelText } from './compiledModel';
import { README_PATH, readmeText } from './exampleChange';
import { NOTICES_PATH, thirdPartyNoticesText } from './thirdPartyNotices';

const ROOT = path.resolve(__dirname, '..');
/** The extension manifest's path, which is also the npm package's. */
export const PACKAGE_PATH = path.join(ROOT, 'package.json');
/** Where the schema is published in the repository, and in the npm package. */
export const SCHEMA_PATH = path.join(ROOT, 'schemas', 'scale.schema.json');
/** Where the project configuration's schema is published, beside the format's. */
export const CONFIG_SCHEMA_PATH = path.join(ROOT, 'schemas', 'scale.config.schema.json');
/** The entry to add to SchemaStore's catalog (src/api/json/catalog.json there). */
export const CATALOG_ENTRY_PATH = path.join(ROOT, 'schemas', 'schemastore-catalog-entry.json');
/** The format reference whose field tables are generated. */
export const FORMAT_DOC_PATH = path.join(ROOT, 'docs', 'format.md');
/** The GitHub Action's bundle, which action.yml runs. */
export const ACTION_BUNDLE_PATH = path.join(ROOT, 'action', 'index.js');
const BEGIN = '<!-- fields:begin (generated from src/core/model/schema.ts by npm run generate; do not edit) -->';
const END = '<!-- fields:end -->';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  propertyNames?: JsonSchema;
  [k: string]: unknown;
};

/** package.json as it is now: its name and version place the schemas. */
function manifest() {
  return JSON.parse(fs.readFileSync(PACKAGE_PATH, 'utf8'));
}

/**
 * The versions one published URL serves: npm's caret range of `version`, so
 * the major from 1.0 on, and before it the minor (`0.1`), or the patch before
 * 0.1 (`0.0.3`), since a change of those may change the format.
 */
export function compatibleRange(version: string): string {
  const [major, minor, patch] = version.split(/[-+]/)[0]!.split('.');
  if (major !== '0') return major!;
  return minor !== '0' ? `0.${minor}` : `0.0.${patch}`;
}

/** A schema file's path inside the package, with forward slashes. */
function packagePath(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/**
 * A schema's public URL, its `$id`: the file inside the npm package on
 * jsDelivr, which resolves a version range itself (no redirect to follow)
 * and serves npm files from several CDNs. A file that names it keeps the
 * schema of the versions it was written for.
 */
export function schemaUrl(file = SCHEMA_PATH): string {
  const pkg = manifest();
  return `https://cdn.jsdelivr.net/npm/${pkg.name}@${compatibleRange(pkg.version)}/${packagePath(file)}`;
}

/** The JSON Schema of a zod model, as published at `file`. */
function publishedSchema(model: z.ZodType, file: string, title: string): JsonSchema {
  const schema = z.toJSONSchema(model, { target: 'draft-7', io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  return {
    $schema: schema.$schema,
    $id: schemaUrl(file),
    title,
    // The files are JSONC. JSON language servers that know nothing of Scale (VS Code's without the
    // extension, those Neovim, Helix and Zed run) read these two to accept comments and trailing commas.
    allowComments: true,
    allowTrailingCommas: true,
    ...schema,
  };
}

/** The JSON Schema of the format, as published. */
export function generateSchema(): JsonSchema {
  return publishedSchema(ScaleFile, SCHEMA_PATH, 'Scale topology');
}

/** The JSON Schema of the project configuration (scale.config.json), as published. */
export function generateConfigSchema(): JsonSchema {
  return publishedSchema(ScaleConfig, CONFIG_SCHEMA_PATH, 'Scale project configuration');
}

/** The configuration schema file's text. */
export function configSchemaText(): string {
  return JSON.stringify(generateConfigSchema(), null, 2) + '\n';
}

/** The schema file's text. */
export function schemaText(): string {
  return JSON.stringify(generateSchema(), null, 2) + '\n';
}

function typeText(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  // A typed schema's oneOf only constrains it (a fault's one action); an untyped one's lists its alternatives.
  const alts = s.type === undefined ? s.anyOf ?? s.oneOf : undefined;
  if (alts) return [...new Set(alts.map(typeText))].join(' or ');
  if (s.type === 'array') {
    const item = Array.isArray(s.items) ? 'tuple' : s.items ? typeText(s.items) : 'any';
    return `array of ${item}`;
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) return 'map';
  if (s.type === 'integer') {
    const lo = s.minimum ?? s.exclusiveMinimum;
    return lo !== undefined ? `integer ≥ ${lo}` : 'integer';
  }
  if (s.type === 'number') {
    if (s.minimum === 0 && s.maximum === 1) return 'number 0–1';
    return 'number';
  }
  if (s.type === 'string' && s.pattern === DURATION_JSON_PATTERN) return 'duration';
  return String(s.type ?? 'any');
}

/** Markdown tables of every object in the schema, by where it appears. */
export function generateFieldTables(): string {
  const out: string[] = [];
  // Shared parts (capacity, calls, replication) are inlined in the schema once per use: table each once.
  const seen = new Set<string>();
  const visit = (s: JsonSchema | undefined, title: string, childPrefix = title): void => {
    if (!s) return;
    const key = JSON.stringify(s);
    if (seen.has(key)) return;
    seen.add(key);
    for (const alt of s.anyOf ?? s.oneOf ?? []) {
      const kind = alt.properties?.kind?.const;
      if (kind !== undefined) visit(alt, `Component of kind "${kind}"`, 'component');
      else visit(alt, title, childPrefix);
    }
    if (s.properties) {
      out.push(`### ${title}`, '');
      if (s.description) out.push(s.description, '');
      out.push('| property | type | required | default | description |', '| --- | --- | --- | --- | --- |');
      for (const [name, p] of Object.entries(s.properties)) {
        const required = s.required?.includes(name) ? 'yes' : '';
        const def = p.default !== undefined ? `\`${JSON.stringify(p.default)}\`` : '';
        const desc = (p.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
        out.push(`| \`${name}\` | ${typeText(p)} | ${required} | ${def} | ${desc} |`);
      }
      out.push('');
      for (const [name, p] of Object.entries(s.properties)) {
        const child = `${title === 'File' ? '' : `${childPrefix} › `}${name}`;
        visit(p, child);
        if (p.type === 'array' && p.items && !Array.isArray(p.items)) visit(p.items, `${child}[]`);
        if (p.additionalProperties && typeof p.additionalProperties === 'object') visit(p.additionalProperties, `${child} › <id>`);
        for (const alt of p.anyOf ?? []) if (alt.type === 'object') visit(alt, child);
      }
    }
  };
  visit(generateSchema(), 'File');
  return out.join('\n').trimEnd() + '\n';
}

/** The schema's URL as docs/format.md writes it, whatever the version range. */
const SCHEMA_URL_IN_DOCS = /https:\/\/cdn\.jsdelivr\.net\/npm\/[^/\s]+\/schemas\/scale\.schema\.json/g;

/** docs/format.md with its field tables and the schema's URL regenerated. */
export function formatDocText(current: string): string {
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${FORMAT_DOC_PATH} lacks the generated-fields markers`);
  const text = `${current.slice(0, begin + BEGIN.length)}\n\n${generateFieldTables()}\n${current.slice(end)}`;
  return text.replace(SCHEMA_URL_IN_DOCS, schemaUrl());
}

/** The SchemaStore catalog entry: the schema's title, description and URL, for the files the extension's language is. */
export function catalogEntryText(): string {
  const schema = generateSchema();
  const entry = { name: schema.title, description: schema.description, fileMatch: manifest().contributes.languages[0].filenamePatterns, url: schema.$id };
  return JSON.stringify(entry, null, 2) + '\n';
}

/** package.json with the `scale.rules` setting listing every configurable rule of the catalogue. */
export function packageText(current: string): string {
  const pkg = JSON.parse(current);
  const setting = pkg.contributes.configuration.properties['scale.rules'];
  setting.properties = Object.fromEntries(RULES.filter((r) => r.configurable).map((r) => [r.id, {
    type: 'string',
    enum: ['off', 'info', 'warning', 'error'],
    markdownDescription: `${r.short} Default: \`${r.defaultSeverity}\`.`,
  }]));
  return JSON.stringify(pkg, null, 2) + '\n';
}

/** The GitHub Action's bundle as esbuild.js's action target builds it. */
export async function actionBundleText(): Promise<string> {
  const { actionTarget } = require('../esbuild.js') as { actionTarget: esbuild.BuildOptions };
  const result = await esbuild.build({ ...actionTarget, absWorkingDir: ROOT, write: false });
  return result.outputFiles[0]!.text;
}

async function main(): Promise<void> {
  fs.writeFileSync(PACKAGE_PATH, packageText(fs.readFileSync(PACKAGE_PATH, 'utf8')));
  fs.mkdirSync(path.dirname(SCHEMA_PATH), { recursive: true });
  fs.writeFileSync(SCHEMA_PATH, schemaText());
  fs.writeFileSync(CONFIG_SCHEMA_PATH, configSchemaText());
  fs.writeFileSync(CATALOG_ENTRY_PATH, catalogEntryText());
  fs.writeFileSync(COMPILED_MODEL_PATH, compiledModelText());
  if (fs.existsSync(FORMAT_DOC_PATH)) fs.writeFileSync(FORMAT_DOC_PATH, formatDocText(fs.readFileSync(FORMAT_DOC_PATH, 'utf8')));
  fs.writeFileSync(README_PATH, readmeText(fs.readFileSync(README_PATH, 'utf8'), manifest().version));
  fs.mkdirSync(path.dirname(ACTION_BUNDLE_PATH), { recursive: true });
  fs.writeFileSync(ACTION_BUNDLE_PATH, await actionBundleText());
  fs.writeFileSync(NOTICES_PATH, await thirdPartyNoticesText());
  console.log(`wrote ${path.relative(ROOT, SCHEMA_PATH)}, ${path.relative(ROOT, CONFIG_SCHEMA_PATH)}, ${path.relative(ROOT, CATALOG_ENTRY_PATH)}, ${path.relative(ROOT, COMPILED_MODEL_PATH)}, the field tables and schema URLs of ${path.relative(ROOT, FORMAT_DOC_PATH)}, the scale.rules setting of package.json, the example PR comment of README.md, ${path.relative(ROOT, ACTION_BUNDLE_PATH)} and ${path.relative(ROOT, NOTICES_PATH)}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
