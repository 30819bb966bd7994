/**
 * The `scale` command: reads the command name and loads that command's code
 * only, so a run pays for what it uses. `--version` and `--help` load
 * nothing; `check` and `diff` neither the layout engine (elkjs, which only
 * `report` and `diff --format html` draw with) nor the report page. Exit
 * codes: 0 clean, 1 findings at or above `--fail-on` (or more warnings than
 * `--max-warnings`), 2 usage or I/O error.
 */
import { HELP } from './help';
import { errorExit, UsageError } from './usageErrors';
import { version } from '../../package.json';

/** Runs the CLI with arguments; returns the exit code. */
export async function run(argv: readonly string[], cwd: string, stdout: (s: string) => void, stderr: (s: string) => void, isTty: boolean, stdoutHasColors = isTty): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? stderr : stdout)(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      stdout(`${version}\n`);
      return 0;
    }
    if (command === 'check') return await (await commandModule((c) => c.check())).checkCommand(rest, cwd, stdout, stderr, stdoutHasColors);
    if (command === 'simulate') return (await commandModule((c) => c.simulate())).simulateCommand(rest, cwd, stdout, stderr, isTty, stdoutHasColors);
    if (command === 'report') return await (await commandModule((c) => c.report())).reportCommand(rest, cwd, stdout, stderr);
    if (command === 'diff') return await (await commandModule((c) => c.diff())).diffCommand(rest, cwd, stdout, stderr, stdoutHasColors);
    if (command === 'headroom') return (await commandModule((c) => c.headroom())).headroomCommand(rest, cwd, stdout, stderr, stdoutHasColors);
    if (command === 'paths') return (await commandModule((c) => c.paths())).pathsCommand(rest, cwd, stdout, stderr, stdoutHasColors);
    throw new UsageError(`Unknown command "${command}"; expected: check, simulate, report, diff, headroom, paths`);
  } catch (e) {
    return errorExit('scale', stderr, e);
  }
}

/**
 * Loads a command's module with zod's validators interpreted, not compiled:
 * the CLI parses each file once, and compiling the model's validators (zod
 * generates and compiles code on a schema's first use) costs more than it
 * saves on a single parse. Measured in fresh processes, the first check took
 * twice the CPU time compiled at 100 components, a third more at 1,000 and
 * 8% more at 5,000; whole runs at 20,000 took as long either way. zod reads
 * the setting when a schema is built, so it is made before the command's
 * modules (and the model's schemas) load.
 */
async function commandModule<T>(load: (commands: typeof import('./commands')) => Promise<T>): Promise<T> {
  const commands = await import('./commands');
  commands.interpretValidators();
  return load(commands);
}

/** Runs the CLI on this process's arguments and streams. */
export function main(): void {
  void run(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s), process.stdout.isTTY === true, process.stdout.isTTY === true && process.stdout.hasColors()).then((code) => {
    process.exitCode = code;
  });
}
