/**
 * A repository on disk with symbolic links in it, for the CLI's and the
 * language server's tests of what they read: links that lead out of it (to a
 * file and to a folder), a loop, a ring of links, and links that stay inside.
 * Every topology quotes a key of its own in a finding, so a test sees who
 * read what.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A topology with one schema error that quotes `key`: whoever reads the file prints the key. */
export const topologyQuoting = (key: string) => `{
  "version": 1,
  "name": "n",
  "workload": { "peakRps": 10 },
  "components": { "web": { "kind": "client", "${key}": 1 } }
}
`;

/** Writes a file under `dir`, making its folders. */
export function writeUnder(dir: string, rel: string, content: string | Buffer): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** Makes a symbolic link at `rel` under `dir` to `target` (relative to the link's folder). */
export function linkUnder(dir: string, rel: string, target: string): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.symlinkSync(target, p);
  return p;
}

/**
 * Under `tmp`: `outside/` (keys OUTSIDE_FILE, OUTSIDE_FOLDER) and `repo/` with
 * top.scale.json, services/api.scale.json and shared/common.scale.json, and in
 * services/: stolen.scale.json and elsewhere/ (links out), loop (to its
 * parent), ring-a and ring-b (to each other), common/ and alias.scale.json
 * (links to shared/); node_modules, a link out that searches ignore. Returns
 * the repository's path.
 */
export function writeLinkedRepository(tmp: string): string {
  writeUnder(tmp, 'outside/secret.scale.json', topologyQuoting('OUTSIDE_FILE'));
  writeUnder(tmp, 'outside/deep/nested.scale.json', topologyQuoting('OUTSIDE_FOLDER'));
  writeUnder(tmp, 'repo/top.scale.json', topologyQuoting('TOP'));
  writeUnder(tmp, 'repo/services/api.scale.json', topologyQuoting('API'));
  writeUnder(tmp, 'repo/shared/common.scale.json', topologyQuoting('COMMON'));
  linkUnder(tmp, 'repo/services/stolen.scale.json', '../../outside/secret.scale.json');
  linkUnder(tmp, 'repo/services/elsewhere', '../../outside');
  linkUnder(tmp, 'repo/services/loop', '..');
  linkUnder(tmp, 'repo/services/ring-a', 'ring-b');
  linkUnder(tmp, 'repo/services/ring-b', 'ring-a');
  linkUnder(tmp, 'repo/services/common', '../shared');
  linkUnder(tmp, 'repo/services/alias.scale.json', '../shared/common.scale.json');
  linkUnder(tmp, 'repo/node_modules', '../outside');
  return path.join(tmp, 'repo');
}
