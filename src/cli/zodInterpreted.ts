/**
 * zod's validators interpreted, not compiled, for a process that parses each
 * file once: apart from the command modules so that it is set before any
 * schema is built (zod reads the setting then), and so that what loads it
 * carries only zod's `config`, not the whole library.
 */
import { config } from 'zod';

/** Makes every schema built from now on run zod's interpreter, and the model's parsers skip compiling. */
export function interpretValidators(): void {
  config({ jitless: true });
}
