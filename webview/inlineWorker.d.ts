/** A worker's bundle as text: esbuild's inline-worker plugin (esbuild.js) builds the module after the prefix and inlines it. */
declare module 'inline-worker:*' {
  const source: string;
  export default source;
}
