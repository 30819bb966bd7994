/**
 * The project configuration, `scale.config.json`, as a zod model: the one
 * source of its TypeScript types, its published JSON Schema and its checks
 * (unknown keys and wrong values are findings in the file, with
 * did-you-mean, as a topology's are). docs/config.md says where it is found
 * and how its settings rank against the others.
 */
import * as z from 'zod';
import { CONFIGURABLE_RULE_IDS } from '../ruleCatalog';
import { RuleSetting } from './schema';

/** The configuration's file name: the only one looked for. */
export const CONFIG_FILE_NAME = 'scale.config.json';

/** Patterns of `ignore` a configuration holds at most. */
export const MAX_IGNORE_PATTERNS = 1000;

/** A glob of topology files to leave out, relative to the configuration's folder and inside it. */
const IgnorePattern = z.string().min(1).max(500)
  .regex(/^[^!]/, 'A pattern cannot be negated with "!": list only what to leave out')
  .regex(/^(?![/\\]|[A-Za-z]:)/, 'Patterns are relative to the folder of scale.config.json: remove the leading "/" or drive')
  .regex(/^(?!(?:.*\/)?\.\.(?:\/|$))/, 'Patterns stay inside the folder of scale.config.json: ".." is not allowed')
  .meta({
    description: 'A glob of files to leave out, relative to the folder of scale.config.json, with "/" between folders; a pattern that matches a folder leaves out everything in it.',
    examples: ['legacy/**', '**/*.draft.scale.json'],
  });

/** The whole configuration. */
export const ScaleConfig = z.strictObject({
  $schema: z.string().meta({ description: 'The JSON Schema of this file; editors use it, Scale never fetches it.' }).optional(),
  rules: z.partialRecord(z.enum(CONFIGURABLE_RULE_IDS), RuleSetting).meta({
    description: 'Severity of rules by id for every topology under this folder, such as { "too-few-vnodes": "off" }: above the editor\'s scale.rules setting, beneath a topology\'s own rules section and a run\'s --rule.',
    examples: [{ 'too-few-vnodes': 'off', capacity: 'error' }],
  }).default({}),
  ignore: z.array(IgnorePattern).max(MAX_IGNORE_PATTERNS).meta({
    description: 'Topology files that scale check\'s folder and glob searches and the editor\'s workspace validation leave out. A file named on the command line or opened in the editor is still checked.',
    examples: [['legacy/**', 'drafts/*.scale.json']],
  }).default([]),
  seed: z.number().int().min(0).max(4_294_967_295).meta({
    description: 'Seed of the simulation for the scenarios that name none: in scale check\'s scenario budgets, scale simulate and scale report without --seed, and the editor\'s runs and simulation panel (above the editor\'s scale.simulationSeed setting). A scenario\'s own seed wins.',
    examples: [42],
  }).optional(),
}).meta({
  description: 'Settings shared by the topologies (*.scale.json) in this folder and the folders under it; a topology follows the scale.config.json nearest above it, up to the repository or workspace folder.',
});

/** A valid configuration, with its defaults filled in. */
export type ScaleConfigData = z.output<typeof ScaleConfig>;
