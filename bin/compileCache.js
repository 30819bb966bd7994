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
 * the temporary directory (defaultFolder). One file per bundle and Node
 * version, named by the bundle's place, Node's version and what identifies
 * the bundle's bytes (a new build's replaces the last one's, for the same
 * Node), its bytes after their checksum; a file is written whole under a name
 * of its own and renamed, so runs side by side never read half of one.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own;
 * NODE_DEBUG=scale says on stderr what became of each bundle's cache.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const debug = require('node:util').debuglog('scale');

/** The folder of the cache: made if missing; undefined when others can write to it (on POSIX: not this user's, or writable by its group or others). */
function privateFolder(dir) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Bytes before the code cache in a cache file: the CRC-32 of the rest (release builds of V8 check no checksum of theirs). */
const HEADER = 4;

/** A cache file's code cache: its bytes after their checksum; undefined when missing, null when damaged. */
function readCache(file, crc32) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const data = bytes.subarray(HEADER);
  return bytes.length > HEADER && bytes.readUInt32LE(0) === crc32(data) ? data : null;
}

/** Writes the code cache of `script` to `file` (whole, under a name of its own, then renamed) and removes the caches of the bundle's earlier builds for this Node, named `prefix`…, and what runs that died left. */
function save(script, file, prefix, crc32) {
  let tmp;
  try {
    const data = script.createCachedData();
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(crc32(data), 0);
    tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, header);
      fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    tmp = undefined;
    debug('%s: code cache written', prefix.split('@')[0]);
    const dir = path.dirname(file);
    const hourAgo = Date.now() - 3_600_000;
    for (const f of fs.readdirSync(dir)) {
      if (f.startsWith(prefix) && f !== path.basename(file) && !f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
      else if (f.endsWith('.tmp') && fs.statSync(path.join(dir, f)).mtimeMs < hourAgo) fs.rmSync(path.join(dir, f), { force: true });
    }
  } catch {
    if (tmp !== undefined) fs.rmSync(tmp, { force: true });
    // A cache that cannot be written costs the next run its compilation, nothing more.
  }
}

/**
 * Where the cache is kept: NODE_COMPILE_CACHE's folder, else one of the
 * temporary directory's named by the user; on Windows, where a folder's owner
 * is not checked here, the user's own local application data (a temporary
 * directory can be shared there), or none.
 */
function defaultFolder() {
  if (process.env.NODE_COMPILE_CACHE) return process.env.NODE_COMPILE_CACHE;
  if (typeof process.getuid === 'function') return path.join(os.tmpdir(), `scale-compile-cache-${process.getuid()}`);
  return process.env.LOCALAPPDATA ? path.join(process.env.LOCALAPPDATA, 'scale', 'compile-cache') : undefined;
}

/** Compiles the CommonJS files under `root` with their code caches kept in `dir`. */
function keepCompiledCode(root, dir = defaultFolder()) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE === '1' || dir === undefined) return;
  // The caches' checksums, and the short names of the bundles' places: Node 20.15 and later have it (the package asks
  // for 20.19); zlib is set up only when caches are kept.
  const { crc32 } = require('node:zlib');
  if (typeof crc32 !== 'function') return;
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
    // V8 checks only a cache's source length: the name says which bytes it was made from. Size and modification time
    // change with every build; the inode and change time also with any file written anew, whatever time it is given
    // (an upgrade unpacked with the times of its archive).
    // Installs in two places keep a cache each: the name says the bundle's place.
    const prefix = `${path.basename(filename)}@${crc32(filename).toString(16).padStart(8, '0')}-${process.version}-`;
    const file = path.join(folder, `${prefix}${stat.size}-${Math.trunc(stat.mtimeMs)}-${Math.trunc(stat.ctimeMs)}-${stat.ino}`);
    const cachedData = readCache(file, crc32);
    const script = new vm.Script(Module.wrap(content), { filename, cachedData: cachedData ?? undefined });
    const state = cachedData === undefined ? 'missing' : cachedData === null || script.cachedDataRejected ? 'rejected' : 'accepted';
    debug('%s: code cache %s', path.basename(filename), state);
    if (state !== 'accepted') unsaved.push([script, file, prefix]);
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const [script, file, prefix] of unsaved) save(script, file, prefix, crc32);
  });
}

module.exports = { keepCompiledCode };
