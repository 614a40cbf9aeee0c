// A log line's bytes as safe text. Containers write anything: invalid UTF-8 becomes U+FFFD (Node's
// decoder), colour escapes are dropped (as `docker logs` piped to a file would show them raw, and
// Loki's `decolorize` drops them), and every other control character becomes its visible symbol
// from the Control Pictures block, so a line can never move a cursor, ring a bell or reorder text.

/** CSI sequences (ESC [ params final), which is what colours and cursor moves are. */
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
/** C0 controls except tab, DEL, C1 controls, and the bidi overrides and isolates. */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function pictureOf(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀..␟
  if (code === 0x7f) return '\u2421'; // ␡
  return '\ufffd'; // C1 controls and bidi overrides have no picture
}

/** Controls made visible (colour escapes removed first); the common clean line is returned as is. */
export function visibleControls(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(CSI, '').replace(UNSAFE_ALL, pictureOf);
}

/** UTF-8 bytes to safe text (see visibleControls). */
export function decodeLogText(bytes: Uint8Array): string {
  return visibleControls(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}
