// What to analyse: the command's argument when a test or another command gives one, otherwise a
// quick pick of the engine's local images plus "Open image archive..." and "Open OCI layout folder...".
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { connectDocker, DockerUnreachableError, isConnectionError } from '../../docker/connection';
import { humanizeBytes } from '../../shared/units';
import type { RestoreTarget } from '../../shared/protocol/analyze';

/** An image to analyse, as the user named it. */
export type ImageTarget =
  | { kind: 'engine'; reference: string }
  | { kind: 'archive'; path: string }
  | { kind: 'oci-dir'; path: string };

export function targetLabel(target: ImageTarget): string {
  return target.kind === 'engine' ? target.reference : target.path;
}

/** The target as the page keeps it for restoring the panel, and back. */
export function restoreTargetOf(target: ImageTarget): RestoreTarget {
  return { kind: target.kind, ref: targetLabel(target) };
}

export function targetFromRestore(target: RestoreTarget): ImageTarget {
  return target.kind === 'engine' ? { kind: 'engine', reference: target.ref } : { kind: target.kind, path: target.ref };
}

/** Read the command's argument: an image name or ID, a Uri of an archive or OCI folder, or a file path. */
export async function targetFromArgument(argument: unknown): Promise<ImageTarget | undefined> {
  if (argument instanceof vscode.Uri) return targetFromUri(argument);
  if (typeof argument === 'string' && argument.trim()) {
    const text = argument.trim();
    // An absolute path is an archive or folder (an image reference never starts with / or a drive);
    // one that does not exist is still read as an archive, so the analysis says which file is missing.
    if (/^(\/|[a-zA-Z]:[\\/]|file:)/.test(text)) {
      const uri = text.startsWith('file:') ? vscode.Uri.parse(text) : vscode.Uri.file(text);
      return targetFromUri(uri).catch((): ImageTarget => ({ kind: 'archive', path: uri.fsPath }));
    }
    return { kind: 'engine', reference: text };
  }
  if (argument && typeof argument === 'object' && 'image' in argument && typeof (argument as { image: unknown }).image === 'string') {
    return { kind: 'engine', reference: (argument as { image: string }).image };
  }
  return undefined;
}

async function targetFromUri(uri: vscode.Uri): Promise<ImageTarget> {
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type & vscode.FileType.Directory ? { kind: 'oci-dir', path: uri.fsPath } : { kind: 'archive', path: uri.fsPath };
}

export interface ImageItem extends vscode.QuickPickItem {
  target?: ImageTarget;
  action?: 'archive' | 'folder' | 'settings';
}

/** "3 days ago", as `docker images` says it. */
export function age(createdSeconds: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round(now / 1000 - createdSeconds));
  const steps: Array<[number, string]> = [
    [365 * 86400, 'year'],
    [30 * 86400, 'month'],
    [7 * 86400, 'week'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of steps) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count > 1 ? 's' : ''} ago`;
  }
  return 'just now';
}

/** One item per tag, as `docker images` lists them; untagged (dangling) images by short ID. */
export function imageItems(images: Docker.ImageInfo[], now = Date.now()): ImageItem[] {
  const items: ImageItem[] = [];
  const sorted = [...images].sort((a, b) => b.Created - a.Created);
  for (const image of sorted) {
    const shortId = image.Id.replace(/^sha256:/, '').slice(0, 12);
    const description = `${humanizeBytes(image.Size)} · ${age(image.Created, now)}`;
    const tags = (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
    if (tags.length === 0) {
      const digest = image.RepoDigests?.find((entry) => !entry.startsWith('<none>'));
      items.push({ label: `$(circle-outline) ${shortId}`, description: `${description} · untagged`, detail: digest, target: { kind: 'engine', reference: image.Id } });
      continue;
    }
    for (const tag of tags) {
      items.push({ label: `$(layers) ${tag}`, description: `${description} · ${shortId}`, target: { kind: 'engine', reference: tag } });
    }
  }
  return items;
}

const fileActions = (): ImageItem[] => [
  { label: '', kind: vscode.QuickPickItemKind.Separator },
  { label: '$(file-zip) Open image archive...', detail: 'A `docker save` archive or an oci-archive (.tar, .tar.gz, .tar.zst)', action: 'archive', alwaysShow: true },
  { label: '$(folder-opened) Open OCI layout folder...', detail: 'A folder with oci-layout and index.json (e.g. from `skopeo copy ... oci:DIR`)', action: 'folder', alwaysShow: true },
];

/**
 * The quick pick's items: local images, then the archive and folder actions. When the engine cannot
 * be reached the actions are still offered, after an item saying which host was tried and what to do.
 */
export async function imagePickItems(dockerHost: string): Promise<{ items: ImageItem[]; placeholder: string }> {
  try {
    const items = imageItems(await listLocalImages(dockerHost));
    return {
      items: [...items, ...fileActions().slice(items.length > 0 ? 0 : 1)],
      placeholder: items.length > 0 ? 'Pick an image to analyse (name:tag, size, age)' : 'No local images: open an archive, or build one first',
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unreachable = error instanceof DockerUnreachableError;
    return {
      items: [
        {
          label: unreachable ? '$(warning) Docker engine not reachable' : '$(warning) Could not list the local images',
          detail: unreachable ? `${message} Pick this to open the setting.` : message,
          action: 'settings',
          alwaysShow: true,
        },
        ...fileActions(),
      ],
      placeholder: 'Docker engine not reachable: open an image archive instead, or fix the connection',
    };
  }
}

/** Ask the user which image to analyse. `dockerHost` is the stevedore.dockerHost setting; `title` the pick's. */
export async function pickImage(dockerHost: string, title = 'Stevedore: Analyze image'): Promise<ImageTarget | undefined> {
  const pick = vscode.window.createQuickPick<ImageItem>();
  pick.title = title;
  pick.placeholder = 'Looking for local images…';
  pick.matchOnDescription = true;
  pick.busy = true;
  pick.items = fileActions().slice(1);
  pick.show();
  let listed: ImageItem[] = pick.items.slice();
  // Text that matches no image is an image name or ID to analyse (Enter must not fall through to
  // "Open image archive...", the first item left).
  const offerTyped = (): void => {
    const text = pick.value.trim();
    const needle = text.toLowerCase();
    const matches = listed.some((item) => item.target && `${item.label} ${item.description ?? ''}`.toLowerCase().includes(needle));
    pick.items = text && !matches ? [{ label: `$(search) Analyze "${text}"`, detail: 'An image in the Docker engine by name or ID', target: { kind: 'engine', reference: text }, alwaysShow: true }, ...listed] : listed;
  };
  pick.onDidChangeValue(offerTyped);
  void imagePickItems(dockerHost).then(({ items, placeholder }) => {
    listed = items;
    offerTyped();
    pick.placeholder = placeholder;
    pick.busy = false;
  });
  const chosen = await new Promise<ImageItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
  });
  pick.dispose();
  if (!chosen) return undefined;
  if (chosen.target) return chosen.target;
  switch (chosen.action) {
    case 'archive': {
      const files = await vscode.window.showOpenDialog({
        title: 'Open image archive',
        canSelectFiles: true,
        canSelectFolders: false,
        canSelectMany: false,
        openLabel: 'Analyze',
        filters: { 'Image archives': ['tar', 'gz', 'tgz', 'zst'], 'All files': ['*'] },
      });
      return files?.[0] ? { kind: 'archive', path: files[0].fsPath } : undefined;
    }
    case 'folder': {
      const folders = await vscode.window.showOpenDialog({ title: 'Open OCI layout folder', canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Analyze' });
      return folders?.[0] ? { kind: 'oci-dir', path: folders[0].fsPath } : undefined;
    }
    case 'settings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'stevedore.dockerHost');
      return undefined;
    default:
      return undefined;
  }
}

async function listLocalImages(dockerHost: string): Promise<Docker.ImageInfo[]> {
  const { docker, target } = await connectDocker({ setting: dockerHost });
  try {
    return await docker.listImages({ all: false });
  } catch (error) {
    if (isConnectionError(error)) throw new DockerUnreachableError(target, error);
    throw error;
  }
}
