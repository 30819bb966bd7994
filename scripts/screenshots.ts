/**
 * `npm run screenshots`: refreshes the README's images (docs/images/*.png)
 * from the end-to-end suites that take them, so they show the extension as
 * it is, never a hand-made picture. The diagram and simulation suites run in
 * a real VS Code (code-server + headless Chromium, the viewport the suites
 * fix, Light Modern) with SCALE_E2E_README_IMAGES set, and save their chosen
 * views there as they pass. It needs what `npm run test:e2e` needs, and
 * packages the extension first unless SCALE_E2E_VSIX names a .vsix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { README_IMAGES_DIR } from '../test/e2e/browser';
import { repoRoot, runToEnd } from '../test/e2e/processes';
import { ensureCodeServer } from '../test/e2e/setup';

/** The suites that take the README's images. */
const SUITES = ['test/e2e/diagram.test.ts', 'test/e2e/simulation.test.ts'];

async function main(): Promise<number> {
  await ensureCodeServer();
  const env = { ...process.env, SCALE_E2E_README_IMAGES: '1' };
  const run = async (command: string, args: string[], timeoutSec: number) => (await runToEnd(command, args, { cwd: repoRoot, env, timeoutSec, echo: true })).code === 0;
  if (!process.env.SCALE_E2E_VSIX && !(await run('npm', ['run', 'package'], 300))) return 1;
  const mocha = path.join(repoRoot, 'node_modules', '.bin', 'mocha');
  // No config file: test/e2e/.mocharc.json's spec list would add every UI suite to these.
  const passed = await run(mocha, ['--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--timeout', '240000', '--exit', ...SUITES], 1800);
  for (const f of fs.readdirSync(README_IMAGES_DIR).filter((f) => f.endsWith('.png')).sort()) {
    console.log(`${path.relative(repoRoot, path.join(README_IMAGES_DIR, f))}: ${(fs.statSync(path.join(README_IMAGES_DIR, f)).size / 1024).toFixed(0)} KB`);
  }
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
