// A VS Code snippet body as the editor inserts it when every placeholder keeps its default: the
// tests parse that text with the real tool (YAML, promtool, the Dockerfile engine).

/** `${1:default}` becomes its default, `$1`, `${1}` and `$0` nothing, and `\$`, `\}`, `\\` their character. */
export function expandSnippet(body: string[]): string {
  return body.join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}
