// Files from an image's layers in editor tabs: a read-only file system (`stevedore-layer:`) whose
// documents are one path as the image shows it once a layer is applied; a changed file opens in the
// diff editor against the layer before; "Save as…" writes a file or folder to a chosen folder. The
// image engine reads the bytes (readImageFile, extractImagePath); this file renders and routes them.
//
//   stevedore-layer:/etc/passwd?image=3&layer=5   /etc/passwd as of layer 5 of open image 3
//
// Images are held weakly: a document stays readable while the panel (or comparison) that analysed
// its image is open; after that, reading it again says to reopen the panel.
import * as vscode from 'vscode';
import {
  extractImagePath, type ImageContents, type ImageFile, type ImageSource, isImageSourceError, locateImagePath,
  pathChangeAt, readImageFile,
} from '../../image';
import { humanizeBytes } from '../../shared/units';
import type { FeatureHost } from '../host';

export const LAYER_FILE_SCHEME = 'stevedore-layer';

/** An analysed image whose files can be opened: where it was read from, and its layers as read. */
export interface OpenableImage {
  source: ImageSource;
  contents: ImageContents;
  /** How messages and tab titles name it (`app:1`, `/tmp/app.tar`). */
  label: string;
}

const images = new Map<string, WeakRef<OpenableImage>>();
const idOf = new WeakMap<OpenableImage, string>();
let nextId = 1;

/** The id documents use for `image` (the same image object always gets the same id). */
export function imageFilesId(image: OpenableImage): string {
  let id = idOf.get(image);
  if (!id) {
    id = String(nextId++);
    idOf.set(image, id);
    images.set(id, new WeakRef(image));
  }
  return id;
}

export function layerFileUri(imageId: string, layer: number, path: string, absentAsEmpty = false): vscode.Uri {
  const query = new URLSearchParams({ image: imageId, layer: String(layer) });
  if (absentAsEmpty) query.set('absent', 'empty');
  return vscode.Uri.from({ scheme: LAYER_FILE_SCHEME, path: `/${path}`, query: query.toString() });
}

interface Address {
  image: OpenableImage;
  layer: number;
  path: string;
  absentAsEmpty: boolean;
}

function addressOf(uri: vscode.Uri): Address {
  const query = new URLSearchParams(uri.query);
  const image = images.get(query.get('image') ?? '')?.deref();
  if (!image) {
    throw vscode.FileSystemError.Unavailable(`${uri.path}: the image it comes from is no longer open (its Analyze panel was closed). Analyse the image again and open the file from the panel.`);
  }
  const layer = Number(query.get('layer'));
  if (!Number.isSafeInteger(layer) || layer < 0 || layer >= image.contents.layers.length) {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  return { image, layer, path: uri.path.replace(/^\/+/, ''), absentAsEmpty: query.get('absent') === 'empty' };
}

/** The document size limit (stevedore.analyze.openFileLimitMB), in bytes. */
function openLimitBytes(): number {
  const megabytes = vscode.workspace.getConfiguration('stevedore.analyze').get<number>('openFileLimitMB', 10);
  return Math.round((Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 10) * 1024 * 1024);
}

const HEX_BYTES = 1024;

function hexDump(bytes: Buffer): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = [...row].map((byte) => byte.toString(16).padStart(2, '0')).join(' ').padEnd(47);
    const text = [...row].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex}  |${text}|`);
  }
  return lines.join('\n');
}

/** Text when the bytes are UTF-8 without NULs (a cut-off multi-byte character at the end is allowed). */
function asText(bytes: Buffer, truncated: boolean): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let trim = 0; trim <= (truncated ? 3 : 0); trim++) {
    try {
      return decoder.decode(bytes.subarray(0, bytes.length - trim));
    } catch {
      /* try without a partial character at the end */
    }
  }
  return undefined;
}

function describe(file: ImageFile, layer: number): string {
  const { entry } = file;
  const mode = `mode ${(entry.mode & 0o7777).toString(8).padStart(4, '0')}, owner ${entry.uid}:${entry.gid}`;
  return `/${entry.path} as of layer ${layer} (written by layer ${entry.layer}; ${mode})`;
}

/** What the editor shows for one path: the text, or a summary of what cannot be shown as text. */
export function renderImageFile(file: ImageFile, layer: number, limitBytes: number): string {
  const { entry } = file;
  if (entry.problem) return `${describe(file, layer)}\n\nNot readable: ${entry.problem}.\n`;
  switch (entry.kind) {
    case 'dir':
      return `${describe(file, layer)}\n\nA folder. Use "Save as…" in the Analyze panel to extract it.\n`;
    case 'symlink':
      return `${describe(file, layer)}\n\nA symbolic link to ${entry.linkTarget ?? '(nothing)'}\n`;
    case 'other':
      return `${describe(file, layer)}\n\nA device, pipe or socket: it has no content to show.\n`;
    default:
      break;
  }
  const text = asText(file.bytes, file.truncated);
  if (text !== undefined) {
    if (!file.truncated) return text;
    return `${text}\n\n… [Stevedore: the first ${humanizeBytes(file.bytes.length)} of ${humanizeBytes(entry.sizeBytes)} are shown (stevedore.analyze.openFileLimitMB is ${humanizeBytes(limitBytes)}). Use "Save as…" for the whole file.]\n`;
  }
  const shown = file.bytes.subarray(0, HEX_BYTES);
  return [
    `${describe(file, layer)}`,
    '',
    `A binary file of ${humanizeBytes(entry.sizeBytes)} (${entry.sizeBytes.toLocaleString('en-US')} bytes). Use "Save as…" in the Analyze panel to extract it.`,
    '',
    `The first ${shown.length} bytes:`,
    hexDump(shown),
    '',
  ].join('\n');
}

/** Reads with a notification (cancellable) once a read takes more than a moment (an engine export can take seconds). */
async function withSlowProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const running = work(controller.signal);
  const settled = running.then(() => true, () => true);
  const quick = await Promise.race([settled, new Promise<false>((resolve) => setTimeout(() => resolve(false), 400))]);
  if (!quick) {
    const where = { location: vscode.ProgressLocation.Notification, title, cancellable: true };
    void vscode.window.withProgress(where, (_progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      return settled;
    });
  }
  return running;
}

class LayerFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  /** Rendered documents by URI (stat and readFile ask in turn; reading twice would re-read the layer). */
  private readonly rendered = new Map<string, Promise<Uint8Array>>();

  private render(uri: vscode.Uri): Promise<Uint8Array> {
    const key = uri.toString();
    let document = this.rendered.get(key);
    if (!document) {
      const address = addressOf(uri);
      const limit = openLimitBytes();
      document = withSlowProgress(`Reading /${address.path} from ${address.image.label}`, async (signal) => {
        try {
          const { source, contents } = address.image;
          const file = await readImageFile(source, contents, address.layer, address.path, { maxBytes: limit, signal });
          return Buffer.from(renderImageFile(file, address.layer, limit), 'utf8');
        } catch (error) {
          if (isImageSourceError(error) && error.code === 'not-found' && address.absentAsEmpty) return new Uint8Array(0);
          if (isImageSourceError(error) && error.code === 'not-found') throw vscode.FileSystemError.FileNotFound(`${error.message}`);
          throw vscode.FileSystemError.Unavailable(error instanceof Error ? error.message : String(error));
        }
      });
      this.rendered.set(key, document);
      document.catch(() => this.rendered.delete(key));
      while (this.rendered.size > 32) this.rendered.delete(this.rendered.keys().next().value as string);
    }
    return document;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const bytes = await this.render(uri);
    return {
      type: vscode.FileType.File, ctime: 0, mtime: 0, size: bytes.length, permissions: vscode.FilePermission.Readonly,
    };
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.render(uri);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions('Image layers are browsed in the Analyze panel.');
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Files from an image layer are read-only.');
  }

  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions('Files from an image layer are read-only: use "Save as…" in the Analyze panel to get a copy.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Files from an image layer are read-only.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Files from an image layer are read-only.');
  }
}

let registered = false;

/** Register the `stevedore-layer:` file system once (the image bundle calls it when it loads). */
export function registerLayerFileSystem(host: FeatureHost): void {
  if (registered) return;
  registered = true;
  host.context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(
      LAYER_FILE_SCHEME, new LayerFileSystem(), { isCaseSensitive: true, isReadonly: true },
    ),
  );
}

const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1) || '/';

/**
 * Open `path` as of `layer` in an editor tab: a file the layer changed opens in the diff editor
 * against the layer before; one the layer removed shows its last content.
 */
export async function openLayerFile(
  host: FeatureHost, image: OpenableImage, layer: number, path: string,
): Promise<void> {
  registerLayerFileSystem(host);
  const id = imageFilesId(image);
  const change = pathChangeAt(image.contents, layer, path);
  if (change === 'absent') {
    void vscode.window.showErrorMessage(`/${path} is not in ${image.label} as of layer ${layer}.`);
    return;
  }
  const shownLayer = change === 'removed' ? layer - 1 : layer;
  const [first] = locateImagePath(image.contents, shownLayer, path, 'aggregate');
  if (first.entry.path !== path || first.entry.kind === 'dir') {
    void vscode.window.showInformationMessage(`/${path} is a folder: use "Save as…" to extract it, or open a file inside it.`);
    return;
  }
  const options: vscode.TextDocumentShowOptions = { preview: true, preserveFocus: false };
  if (change === 'modified') {
    const title = `${nameOf(path)} (layer ${layer - 1} ↔ layer ${layer})`;
    const before = layerFileUri(id, layer - 1, path);
    await vscode.commands.executeCommand('vscode.diff', before, layerFileUri(id, layer, path), title, options);
    return;
  }
  await vscode.commands.executeCommand('vscode.open', layerFileUri(id, shownLayer, path), options);
  if (change === 'removed') {
    void vscode.window.setStatusBarMessage(`/${path} was removed by layer ${layer}; this is its content in layer ${shownLayer}.`, 6000);
  }
}

/**
 * The diff editor on one path of two images (each as of a layer; the last by default). A side that
 * does not have the path shows empty, as an added or removed file does in a source diff.
 */
export async function openImageFileDiff(
  host: FeatureHost,
  a: { image: OpenableImage; layer?: number },
  b: { image: OpenableImage; layer?: number },
  path: string,
): Promise<void> {
  registerLayerFileSystem(host);
  const layerA = a.layer ?? a.image.contents.layers.length - 1;
  const layerB = b.layer ?? b.image.contents.layers.length - 1;
  const title = `${nameOf(path)} (${a.image.label} ↔ ${b.image.label})`;
  await vscode.commands.executeCommand(
    'vscode.diff',
    layerFileUri(imageFilesId(a.image), layerA, path, true),
    layerFileUri(imageFilesId(b.image), layerB, path, true),
    title,
    { preview: true },
  );
}

/**
 * "Save as…": ask for a folder and write `path` (a file, or a folder and everything below it) there,
 * as of `layer` (view `aggregate`) or as that layer wrote it (view `layer`), with cancellable progress.
 */
export async function saveLayerPath(
  host: FeatureHost,
  image: OpenableImage,
  layer: number,
  path: string,
  view: 'layer' | 'aggregate',
): Promise<void> {
  // A removed entry is saved as it was before its removal.
  const shownLayer = pathChangeAt(image.contents, layer, path) === 'removed' ? layer - 1 : layer;
  const shown = `/${path}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const chosen = await vscode.window.showOpenDialog({
    title: `Save ${shown} from layer ${shownLayer} of ${image.label} into…`,
    openLabel: 'Save here',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: folder,
  });
  if (!chosen?.[0]) return;
  const outDir = chosen[0].fsPath;
  const controller = new AbortController();
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Saving ${shown}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        return extractImagePath(image.source, image.contents, shownLayer, path, outDir, {
          view: shownLayer === layer ? view : 'aggregate',
          signal: controller.signal,
          onProgress: (report) => {
            const share = report.totalBytes ? (report.bytes / report.totalBytes) * 100 : 0;
            const message = `${humanizeBytes(report.bytes)} of ${humanizeBytes(report.totalBytes)}`;
            progress.report({ message, increment: Math.max(0, share - reported) });
            reported = Math.max(reported, share);
          },
        });
      },
    );
    const what = [`${result.files} file${result.files === 1 ? '' : 's'}`];
    if (result.folders) what.push(`${result.folders} folder${result.folders === 1 ? '' : 's'}`);
    if (result.links) what.push(`${result.links} link${result.links === 1 ? '' : 's'}`);
    host.log.info(`Saved ${shown} (layer ${shownLayer} of ${image.label}) to ${result.written}: ${what.join(', ')}, ${result.bytes} bytes`);
    for (const skipped of result.skipped) host.log.warn(`Save ${shown}: /${skipped.path} not written: ${skipped.reason}`);
    const reveal = 'Reveal';
    const answer = result.skipped.length
      ? await vscode.window.showWarningMessage(`Saved ${shown} to ${result.written} (${what.join(', ')}), but ${result.skipped.length} entr${result.skipped.length === 1 ? 'y was' : 'ies were'} left out: /${result.skipped[0].path} (${result.skipped[0].reason})${result.skipped.length > 1 ? ' and others (see the Stevedore output)' : ''}.`, reveal)
      : await vscode.window.showInformationMessage(`Saved ${shown} to ${result.written} (${what.join(', ')}, ${humanizeBytes(result.bytes)}).`, reveal);
    if (answer === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.written));
  } catch (error) {
    if (controller.signal.aborted || (isImageSourceError(error) && error.code === 'cancelled')) {
      void vscode.window.showInformationMessage(`Saving ${shown} cancelled: what was written so far stays in ${outDir}.`);
      return;
    }
    throw error;
  }
}
