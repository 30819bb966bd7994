/**
 * Run in a fresh process by test/unit/service/syntaxCache.test.ts (node
 * --expose-gc --no-concurrent-recompilation --import tsx): a document of a
 * 500-component design edited EDITS times; for each edit, whether the earlier
 * text's topology was still held when the new check began (when the service
 * asks for the document's imports, before anything of the new check is made).
 *
 * A process of its own, without V8's compiler threads: a function being
 * optimized on another thread holds what it inlines as constants (a closure's
 * context, the topology it captured) until the main thread installs its code,
 * so in a process that compiles concurrently a topology the service let go can
 * still be reachable at that moment, by chance (3 edits in 20 here, none in 80
 * with compilation on the main thread).
 */
import { createLanguageService } from '../../src/core/service/languageService';
import { generateTopology } from '../bench/generateTopology';

const EDITS = 5;
const gc = (globalThis as { gc?: () => void }).gc!;
const text = generateTopology(500);
let earlier: WeakRef<object> | undefined;
const held: boolean[] = [];
const service = createLanguageService({
  importsOf: () => {
    if (earlier) {
      gc();
      held.push(earlier.deref() !== undefined);
    }
    return undefined;
  },
});
const uri = 'file:///w/edited.scale.json';
/** The document's check at a version, its topology referenced weakly (made in a function of its own, so no frame of the caller holds it). */
function check(version: number): { findings: number; topology: WeakRef<object> } {
  const r = service.check({ uri, version, text: text.replace('"instances":4', `"instances":${4 + version}`) });
  return { findings: r.findings.length, topology: new WeakRef(r.topology!) };
}
async function main(): Promise<void> {
  const findings: number[] = [];
  for (let version = 1; version <= EDITS + 1; version++) {
    const r = check(version);
    findings.push(r.findings);
    earlier = r.topology;
    // Past the job that made it (until its end, V8 keeps every WeakRef's target alive).
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.stdout.write(JSON.stringify({ held, findings }));
}
void main();
