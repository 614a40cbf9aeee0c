// The webview build loads .css files as text (scripts/build.mjs), adopted as constructed stylesheets.
declare module '*.css' {
  const text: string;
  export default text;
}
