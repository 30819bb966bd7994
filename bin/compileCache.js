'use strict';
/**
 * The compiled code of the CLI's bundles kept between runs, on a Node that
 * cannot keep it itself (module.enableCompileCache came in 22.1; the launcher
 * uses it where it is). Each bundle under `root` is compiled with V8's code
 * cache for it, and a cache made at the end of a run that had none (or one V8
 * refused: another Node, other flags): it then holds every function the run
 * compiled, so the next run neither parses the bundle nor compiles what it
 * calls: a check of 100 components, as a whole process, takes about a
 * fifth less.
 *
 * The cache lives in a folder only this user can write (otherwise nothing is
 * cached): the one NODE_COMPILE_CACHE names, as for Node's own, else one in
 * the temporary directory. One file per bundle and Node version, named by
 * the bundle's place, Node's version and the bundle's size and modification
 * time (a new build's replaces the last one's, for the same Node); a file is
 * written whole under a temporary name and renamed, so runs side by side
 * never read half of one.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own;
 * NODE_DEBUG=scale says on stderr what became of each bundle's cache.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const debug = require('node:util').debuglog('scale');

/** The folder of the cache: made if missing; undefined when it is not this user's alone. */
function privateFolder(dir) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || (stat.mode & 0o077) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** A short name for a bundle's path (FNV-1a of it): installs in two places keep a cache each. */
function placeOf(filename) {
  let h = 0x811c9dc5;
  for (let i = 0; i < filename.length; i++) h = Math.imul(h ^ filename.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Writes the code cache of `script` to `file` (whole, then renamed) and removes the caches of the bundle's earlier builds for this Node, named `prefix`…. */
function save(script, file, prefix) {
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, file);
    debug('%s: code cache written', prefix.split('@')[0]);
    const dir = path.dirname(file);
    for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f !== path.basename(file) && !f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    // A cache that cannot be written costs the next run its compilation, nothing more.
  }
}

/** Compiles the CommonJS files under `root` with their code caches kept in `dir`. */
function keepCompiledCode(root, dir = process.env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), `scale-compile-cache-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`)) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE === '1') return;
  const folder = privateFolder(dir);
  if (!folder) {
    debug('%s is not a folder of this user alone: no code cache', dir);
    return;
  }
  const under = root.endsWith(path.sep) ? root : root + path.sep;
  const compile = Module.prototype._compile;
  const unsaved = [];
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(under)) return compile.call(this, content, filename);
    const stat = fs.statSync(filename);
    const prefix = `${path.basename(filename)}@${placeOf(filename)}-${process.version}-`;
    const file = path.join(folder, `${prefix}${stat.size}-${Math.trunc(stat.mtimeMs)}`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    debug('%s: code cache %s', path.basename(filename), cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted');
    if (cachedData === undefined || script.cachedDataRejected) unsaved.push([script, file, prefix]);
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const [script, file, prefix] of unsaved) save(script, file, prefix);
  });
}

module.exports = { keepCompiledCode };
