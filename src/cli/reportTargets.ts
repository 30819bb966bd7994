/**
 * The reports one run writes, as `scale check` and `scale diff` take them:
 * `--format` repeatable, each with its `--output` (or `-f FORMAT=FILE`), so
 * that one run — one check, one comparison with its scenarios simulated once —
 * gives every format a CI job needs.
 */
import * as path from 'node:path';
import type { parseArgs } from 'node:util';
import { choiceOf, UsageError } from './usageErrors';

/** One report a run writes: its format, and its file (standard output when undefined). */
export interface ReportTarget<F extends string> {
  format: F;
  file?: string;
}

/** The tokens `parseArgs` gives with `tokens: true`. */
type Tokens = NonNullable<ReturnType<typeof parseArgs>['tokens']>;

/**
 * The reports asked for, in order. `-f FORMAT=FILE` names both; an
 * `--output` goes with the nearest `--format` before it (with one format,
 * wherever it stands, as ESLint's single `-o` does); no `--format` is the
 * first of `formats`. Two reports to one file (`cwd` resolves their names)
 * and two to standard output are usage errors.
 */
export function reportTargets<F extends string>(tokens: Tokens, formats: readonly F[], cwd: string): ReportTarget<F>[] {
  const targets: ReportTarget<F>[] = [];
  const pending: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'format') {
      const eq = t.value.indexOf('=');
      const format = eq < 0 ? t.value : t.value.slice(0, eq);
      targets.push({ format: choiceOf('--format', format, formats), ...(eq < 0 ? {} : { file: t.value.slice(eq + 1) }) });
    } else if (t.name === 'output') {
      if (t.value === '') throw new UsageError('--output needs a file name');
      const last = targets.at(-1);
      if (last === undefined) pending.push(t.value);
      else if (last.file === undefined) last.file = t.value;
      else throw new UsageError(`--output ${t.value} follows a --format that already has its file`);
    }
  }
  if (targets.length === 0) targets.push({ format: formats[0]! });
  for (const file of pending) {
    const free = targets.find((t) => t.file === undefined);
    if (free === undefined || targets.length > 1) throw new UsageError(`--output ${file} comes before any --format; with several formats, put each --output after its --format`);
    free.file = file;
  }
  if (targets.filter((t) => t.file === undefined).length > 1) throw new UsageError('only one report can go to standard output; give the others a file with --output or -f FORMAT=FILE');
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.file === undefined) continue;
    if (t.file === '') throw new UsageError(`-f ${t.format}= needs a file name after "="`);
    // Spellings of one file ("a.json", "./a.json") are one file.
    const key = path.resolve(cwd, t.file);
    if (seen.has(key)) throw new UsageError(`two reports to ${t.file}; give each its own file`);
    seen.add(key);
  }
  return targets;
}
