/**
 * How `npm run bench` bundles its suites (scripts/bench.ts): with esbuild, as
 * the product's own bundles are made, the project's code inside and its
 * dependencies loaded from node_modules.
 *
 * A bundle has one `__dirname`, the bundle's; a module that finds a file from
 * its own folder (the repository two or three folders up, a fixture beside
 * it) would look from there instead, and a module that sits at another depth
 * than the bundle would look in the wrong place. Each module of the project
 * that names `__dirname` or `__filename` is given its own, as when it runs
 * from source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

/** Gives each module of the project that names them its own `__dirname` and `__filename`, on its first line (so that its lines keep their numbers). */
const ownFolder: esbuild.Plugin = {
  name: 'own-folder',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      return { contents: `var __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)}; ${source}`, loader: 'ts' };
    });
  },
};

/** Bundles `entry` into `outfile` (CommonJS for Node, an inline source map). */
export async function bundleBench(entry: string, outfile: string): Promise<void> {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Dependencies load from node_modules, as the tests load them; the project's own code is bundled.
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [ownFolder],
  });
}
