/**
 * The layout worker: runs elkjs off the webview's main thread. Its bundle is
 * inlined into the webview script as text by esbuild and started from a Blob
 * URL (`worker-src blob:`): a worker loaded from a webview resource URL has
 * been seen to fail in VS Code. elkjs's own code runs here in-thread (the
 * bundled build), with no eval, under the webview's CSP.
 *
 * Protocol (workerRunner.ts): { id, job: graph } in; { id, ok: true, value: graph, ms } or { id, ok: false, error } out.
 */
import ELK from 'elkjs/lib/elk.bundled.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;
const elk = new ELK();

// Set after the import: elkjs's bundle installs its own dispatcher on `self.onmessage` when it detects a worker.
scope.onmessage = (event: MessageEvent) => {
  const data = event.data as { id?: unknown; job?: unknown } | null;
  const id = typeof data?.id === 'number' ? data.id : -1;
  const started = performance.now();
  elk.layout(data?.job as Parameters<typeof elk.layout>[0]).then(
    (graph) => scope.postMessage({ id, ok: true, value: graph, ms: performance.now() - started }),
    (error: unknown) => scope.postMessage({ id, ok: false, error: describe(error) }),
  );
};

/** A readable message from whatever elkjs threw (its exceptions are compiled Java objects). */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const e = error as { message?: unknown; g?: unknown } | null;
  if (e && typeof e.message === 'string') return e.message;
  if (e && typeof e.g === 'string') return e.g;
  try {
    return String(error).slice(0, 500);
  } catch {
    return 'layout failed';
  }
}
