// One build for every target: extension, language server and CLI for Node
// (CommonJS, `vscode` external), the diagram webview for the browser (with its
// layout worker inlined as text: see inlineWorkerPlugin). The GitHub Action's
// bundle (actionTarget) is committed, so `npm run generate` writes it, not
// the build.
// `--production` minifies without source maps, and so does the build that
// `npm pack` and `npm publish` run (`prepare`) just before they pack the
// bundles; `--watch` rebuilds on change.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production') || ['pack', 'publish'].includes(process.env.npm_command);
const watch = process.argv.includes('--watch');

/** Reports build results the way VS Code's esbuild problem matcher expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => { if (watch) console.log('[watch] build started'); });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * `import source from 'inline-worker:./file'`: bundles that file as a worker
 * script (browser, IIFE) and inlines it as a string, which the webview starts
 * from a Blob URL. A worker loaded from a webview resource URL has been seen
 * to fail in VS Code, and one bundle keeps the package to one webview file.
 */
const inlineWorkerPlugin = {
  name: 'inline-worker',
  setup(build) {
    build.onResolve({ filter: /^inline-worker:/ }, (args) => {
      const rel = args.path.slice('inline-worker:'.length);
      const file = path.resolve(args.resolveDir, /\.[cm]?[jt]s$/.test(rel) ? rel : `${rel}.ts`);
      return { path: file, namespace: 'inline-worker' };
    });
    build.onLoad({ filter: /.*/, namespace: 'inline-worker' }, async (args) => {
      const result = await esbuild.build(workerOptions(args.path));
      return {
        contents: result.outputFiles[0].text,
        loader: 'text',
        // Rebuilt in watch mode when any file of the worker changes.
        watchFiles: Object.keys(result.metafile.inputs).map((f) => path.resolve(f)),
      };
    });
  },
};

/** How inlineWorkerPlugin bundles a worker (in memory, with the metafile that lists its inputs). */
function workerOptions(entry) {
  return {
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: false,
    metafile: true,
    logLevel: 'silent',
  };
}

/**
 * fdir (tinyglobby's crawler) looks for picomatch as it loads, with a require
 * it makes with createRequire, for a glob API tinyglobby does not use. From a
 * bundle, that require found whatever picomatch a node_modules folder above
 * the bundle held (a user's project mostly has one) and ran it: about 4 ms of
 * every command's start, and code the bundles do not carry. fdir's import of
 * `module` gets a createRequire whose require finds nothing, as where no
 * picomatch is installed (fdir then has no glob function, which is not used).
 */
const noOptionalRequirePlugin = {
  name: 'no-optional-require',
  setup(build) {
    build.onResolve({ filter: /^module$/ }, (args) => (/[\\/]fdir[\\/]/.test(args.importer) ? { path: 'module', namespace: 'finds-nothing' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'finds-nothing' }, () => ({
      loader: 'js',
      contents: `export function createRequire() {
  const require = (id) => { throw Object.assign(new Error("Cannot find module '" + id + "': not in the bundle"), { code: 'MODULE_NOT_FOUND' }); };
  require.resolve = require;
  return require;
}`,
    }));
  },
};

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  // The UMD builds of jsonc-parser and VS Code's JSON language service hide their requires from the bundler;
  // their ESM builds bundle cleanly.
  alias: {
    'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js',
    'vscode-json-languageservice': './node_modules/vscode-json-languageservice/lib/esm/jsonLanguageService.js',
  },
  // ESM dependencies (tinyglobby's fdir) read import.meta.url, which CommonJS output lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  logLevel: 'silent',
  plugins: [problemMatcherPlugin, noOptionalRequirePlugin],
};

/**
 * The GitHub Action: GitHub runs action/index.js from the action's repository
 * as it is committed, with nothing installed, so it bundles every dependency,
 * and is always minified with no source map, the same bytes on every machine.
 * The build leaves it alone: a test compares the committed file with a fresh
 * bundle, which a build that rewrote it would make pass whatever was committed.
 */
const actionTarget = {
  ...node,
  minify: true,
  sourcemap: false,
  // The report's layout engine, loaded only when `scale report` runs, which the Action never does.
  external: [...node.external, 'elkjs'],
  alias: {
    ...node.alias,
    // @actions/core and @actions/github each install the same undici (HTTP with proxy support): bundle it once.
    undici: './node_modules/@actions/github/node_modules/undici',
  },
  entryPoints: ['src/action/main.ts'],
  outfile: 'action/index.js',
};

/**
 * Removes what an earlier build of the CLI left in dist/ that this one does
 * not write over (ES module chunks named by their content, from before the
 * CLI was CommonJS; a development build's source maps) before it writes its
 * own.
 */
const staleChunksPlugin = {
  name: 'stale-chunks',
  setup(build) {
    // A build in memory (the notices' metafiles) leaves the files on disk alone.
    if (build.initialOptions.write === false) return;
    build.onStart(() => {
      const dir = path.join(__dirname, 'dist');
      if (!fs.existsSync(dir)) return;
      // A production build writes no source maps: a development build's would be read as this build's.
      const stale = production ? /^cli(-.*)?\.m?js\.map$|^cli(-.*)?\.mjs$/ : /^cli(-.*)?\.mjs(\.map)?$/;
      for (const f of fs.readdirSync(dir)) if (stale.test(f)) fs.rmSync(path.join(dir, f), { force: true });
    });
  },
};

/** Leaves `specifier` out of a bundle, loaded at run time from `file` beside it (dist/). */
function besideIt(specifier, file) {
  const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return { name: `beside:${file}`, setup: (build) => build.onResolve({ filter }, () => ({ path: `./${file}`, external: true })) };
}

/**
 * The CLI, three CommonJS bundles: dist/cli.js reads the command (`scale
 * --version` and `--help` load nothing else); dist/cli-commands.js holds every
 * command, each of its modules set up only when a command asks for it; and
 * dist/cli-elk.js the layout engine, loaded only by `scale report` and `scale
 * diff --format html`. CommonJS so that the compiled code can be kept between
 * runs on every Node the package supports (bin/compileCache.js). Written
 * beside the other bundles, as one flat folder, so the paths the code reads
 * from its own folder (the report script, ../docs/rules) are the same as in
 * the Action's bundle.
 */
const cli = {
  ...node,
  // import() of the bundles beside it written as require: loaded by Node's CommonJS loader, without setting up the ES module one.
  supported: { 'dynamic-import': false },
  // Strict, as the ES modules it is made of (and the CLI's bundles were, as ES modules): esbuild's own "use strict"
  // comes after the banner, where it is no directive.
  banner: { js: `"use strict"; ${node.banner.js}` },
};
const cliTargets = [
  { ...cli, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [...node.plugins, staleChunksPlugin, besideIt('./commands', 'cli-commands.js')] },
  { ...cli, entryPoints: ['src/cli/commands.ts'], outfile: 'dist/cli-commands.js', plugins: [...node.plugins, besideIt('elkjs/lib/elk.bundled.js', 'cli-elk.js')] },
  { ...cli, entryPoints: ['node_modules/elkjs/lib/elk.bundled.js'], outfile: 'dist/cli-elk.js', banner: {}, define: {} },
];

/** The entry point of a target (each has one). */
function entryOf(target) {
  return target.entryPoints[0];
}

/** Every target, keyed by output file; a target whose entry does not exist yet is skipped. */
const targets = [
  ...cliTargets,
  { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'inline',
    sourcesContent: false,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    logLevel: 'silent',
    plugins: [problemMatcherPlugin, inlineWorkerPlugin],
  },
  {
    // The script of `scale report`'s page, inlined by the CLI into the HTML it writes: always minified.
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    entryPoints: ['webview/report.ts'],
    outfile: 'dist/report.js',
    logLevel: 'silent',
    plugins: [problemMatcherPlugin],
  },
].filter((t) => fs.existsSync(path.join(__dirname, entryOf(t))));

async function main() {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}

module.exports = { actionTarget, cliTargets, targets, workerOptions };

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
