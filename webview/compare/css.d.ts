// The webview build loads .css files as text (scripts/build.mjs); the page adopts it as a constructed sheet.
declare module '*/compare.css' {
  const text: string;
  export default text;
}
