/**
 * Every command's module, each loaded on first use: in the built CLI this is
 * a bundle of its own (dist/cli-commands.js) that `scale --version` and
 * `--help` never load, and whose modules are set up only as a command asks
 * for them. zod's setting (interpretValidators) is made before any of them
 * loads: zod reads it when a schema is built.
 */
export { interpretValidators } from './zodInterpreted';

export const check = () => import('./check');
export const simulate = () => import('./simulate');
export const report = () => import('./report');
export const diff = () => import('./diff');
export const headroom = () => import('./headroom');
export const paths = () => import('./paths');
