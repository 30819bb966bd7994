/**
 * Whether a command's output on standard output is coloured, decided once per
 * run, and the one painter every format uses. The order is the de facto
 * standard's: `--color`/`--no-color` win, then FORCE_COLOR (even on a pipe;
 * "0" or "false" turn colour off), then NO_COLOR (when set and not empty),
 * then whether standard output is a terminal that shows colours.
 */
import { styleText } from 'node:util';

/** A style of util.styleText. */
export type Style = Parameters<typeof styleText>[0];

/** Styles text, or returns it unchanged when colour is off. */
export type Paint = (style: Style, s: string) => string;

/** The parseArgs option every command takes; parse with `allowNegative: true` so `--no-color` sets it false. */
export const COLOR_OPTION = { color: { type: 'boolean' } } as const;

/** Whether to colour, from the flag (undefined when not given), the environment and the terminal. */
export function colorWanted(flag: boolean | undefined, terminalHasColors: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return terminalHasColors;
}

/** A painter with the decision taken: styleText is told not to second-guess it from the stream. */
export function painter(on: boolean): Paint {
  return on ? (style, s) => styleText(style, s, { validateStream: false }) : (_style, s) => s;
}
