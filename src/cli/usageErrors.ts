/**
 * The CLI's usage and I/O errors, and what stderr says of them and of any
 * other error a command throws: apart from the file handling, so that the
 * command dispatcher reports them without loading any command's code.
 */
import { oneLine } from './oneLine';

/**
 * What kind of error of the CLI's an error is, under a key shared by every
 * copy of this module: the built CLI's dispatcher (dist/cli.js) reports what
 * the commands' bundle (dist/cli-commands.js) throws, and each bundle has its
 * own copy of these classes, so `instanceof` would not see the other's.
 */
const KIND = Symbol.for('scale.cli.errorKind');

/** Thrown for arguments that name nothing readable: the CLI exits with code 2. */
export class UsageError extends Error {
  readonly [KIND]: 'usage' | 'io' = 'usage';
}

/** A usage error that is about the file system, not the command line: no pointer to `--help`. */
export class IoError extends UsageError {
  override readonly [KIND] = 'io' as const;
}

/** The kind of a usage or I/O error, from whichever copy of this module threw it; undefined for any other error. */
function kindOf(e: unknown): 'usage' | 'io' | undefined {
  return typeof e === 'object' && e !== null ? (e as { [KIND]?: 'usage' | 'io' })[KIND] : undefined;
}

/** An option's value, one of `choices`, or a usage error naming them: `--format must be text, json or markdown, not "x"`. */
export function choiceOf<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${option} must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, not "${value}"`);
  return value as T;
}

/**
 * What stderr says of a usage or I/O error thrown by a command (undefined for
 * anything else): the message on one line, and for a misuse of the command a
 * pointer to its help. A missing or unwritable file is not a misuse: --help
 * would not help.
 */
export function usageErrorText(command: string, e: unknown): string | undefined {
  const kind = kindOf(e);
  if (kind === undefined && !(e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return undefined;
  const message = kind !== undefined ? (e as Error).message : argumentErrorText(e as Error & { code: string });
  return `${command}: ${oneLine(message)}\n${kind === 'io' ? '' : `Run "${command} --help" for usage.\n`}`;
}

/** node:util parseArgs's complaint, in the words the rest of the CLI uses (its own text talks of its API). */
function argumentErrorText(e: Error & { code: string }): string {
  const option = /'(?:-\w, )?(-[^' ]+)/.exec(e.message)?.[1];
  if (option === undefined) return e.message;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `Unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': return /argument missing/.test(e.message) ? `${option} needs a value` : `${option} takes no value`;
    default: return e.message;
  }
}

/**
 * What a command that threw says on stderr, and its exit code (2): a usage or
 * I/O error its message, anything else an internal error with its stack.
 */
export function errorExit(command: string, stderr: (s: string) => void, e: unknown): number {
  stderr(usageErrorText(command, e) ?? `${command}: internal error: ${(e as Error).stack ?? e}\n`);
  return 2;
}

/** Runs a command's body; what it throws is reported as errorExit says. */
export function exitCodeOf(command: string, stderr: (s: string) => void, body: () => number): number {
  try {
    return body();
  } catch (e) {
    return errorExit(command, stderr, e);
  }
}
