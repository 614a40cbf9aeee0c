// Where the lines of a Dockerfile start, computed once per text for both the parse's text document
// and the lint's TextIndex. `\r\n`, `\r` and `\n` all end a line, as in dockerfile-ast and VS Code.

let lastText: string | undefined;
let lastStarts: readonly number[] = [0];

/**
 * The offset where each line of `text` starts (the first is 0). The line breaks are found with
 * indexOf, not a loop over every character (vscode-languageserver-textdocument's computeLineOffsets
 * makes an `isEOL` call per character: ~2 ms for the 129 KB bench file in unoptimised code).
 * The parse's document and the lint's TextIndex ask for the same text one after the other, so the
 * last answer is kept and shared: callers must not change the array.
 */
export function lineStartsOf(text: string): readonly number[] {
  if (text === lastText) return lastStarts;
  const starts = [0];
  let newline = text.indexOf('\n');
  let carriageReturn = text.indexOf('\r');
  while (newline !== -1 || carriageReturn !== -1) {
    // The last character of the next line break.
    let end: number;
    if (carriageReturn === -1 || (newline !== -1 && newline < carriageReturn)) end = newline;
    else end = text.charCodeAt(carriageReturn + 1) === 10 ? carriageReturn + 1 : carriageReturn;
    starts.push(end + 1);
    if (newline !== -1 && newline <= end) newline = text.indexOf('\n', end + 1);
    if (carriageReturn !== -1 && carriageReturn <= end) carriageReturn = text.indexOf('\r', end + 1);
  }
  lastText = text;
  lastStarts = starts;
  return starts;
}
