/**
 * The CLI's bundles as built (dist/): CommonJS made from ES modules, so strict
 * throughout, as the modules are and as the CLI's ES module bundles were.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

const ROOT = path.resolve(__dirname, '../..');

describe('the CLI\'s bundles', () => {
  // Regression: the bundles' banner (import.meta.url's stand-in) came before esbuild's "use strict", where it is no
  // directive: the CLI ran in sloppy mode (a write to a frozen object failed silently, `this` was the global object).
  for (const bundle of ['cli.js', 'cli-commands.js']) {
    it(`dist/${bundle} runs in strict mode: its first statement is the directive`, () => {
      const text = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
      assert.match(text, /^"use strict";/);
      // The directive takes: a sloppy-only statement in the same script does not compile.
      assert.throws(() => new vm.Script(`${text.slice(0, text.indexOf(';') + 1)}\nwith ({}) {}`), SyntaxError);
    });
  }
});
