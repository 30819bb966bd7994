/** A stylesheet imported as text (`with { type: 'text' }`): esbuild inlines its content as a string. */
declare module '*.css' {
  const text: string;
  export default text;
}
