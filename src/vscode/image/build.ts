// "Build and analyze": build a Dockerfile with the engine (its folder as the context, .dockerignore
// honoured), the build log streamed to an output channel, cancellable. Returns the tag built.
import type { Readable } from 'node:stream';
import * as vscode from 'vscode';
import { connectDocker, DockerUnreachableError } from '../../docker/connection';
import type { FeatureHost } from '../host';
import { contextEntries, contextFor, defaultBuildTag, packContext } from '../../image';
import { followBuildOutput } from './buildOutput';
import { rememberBuild } from './lastBuild';

let buildLog: vscode.OutputChannel | undefined;

/**
 * For other commands and tests: the tag to build (default `stevedore-build/<folder>:latest`),
 * and `docker build --network`.
 */
export interface BuildOptions {
  tag?: string;
  network?: string;
  /** Build this text instead of the file's (an editor's unsaved Dockerfile). */
  dockerfileText?: string;
}

/** Build `dockerfilePath`; resolves with the tag, or undefined when cancelled or failed (already reported). */
export async function buildImage(
  host: FeatureHost,
  dockerfilePath: string,
  dockerHost: string,
  options: BuildOptions = {},
): Promise<string | undefined> {
  const tag = options.tag ?? defaultBuildTag(dockerfilePath);
  if (!buildLog) {
    buildLog = vscode.window.createOutputChannel('Stevedore build');
    host.context.subscriptions.push(buildLog);
  }
  const log = buildLog;
  log.show(true);
  log.appendLine(`$ build ${dockerfilePath} -> ${tag}`);
  try {
    const { docker, target } = await connectDocker({ setting: dockerHost });
    const context = await contextFor(dockerfilePath);
    const entries = await contextEntries(context);
    log.appendLine(`Context ${context.folder}: ${entries.length} entries${context.ignoreFile ? ` (after ${context.ignoreFile})` : ''}; engine ${target.host}`);
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Building ${tag}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const stream = await docker.buildImage(packContext(context, entries, options.dockerfileText), {
          t: tag,
          dockerfile: context.dockerfile,
          rm: true,
          forcerm: true,
          abortSignal: controller.signal,
          ...(options.network ? { networkmode: options.network } : {}),
        });
        // Lines are cut at 1 MiB (docker-modem's followProgress kept every message and an endless line whole).
        const failure = await followBuildOutput(stream as unknown as Readable, (event) => {
          if (event.stream) {
            log.append(event.stream);
            const step = /^Step \d+\/\d+ : .*/.exec(event.stream.trim());
            if (step) progress.report({ message: step[0].slice(0, 120) });
          } else if (event.status) {
            log.appendLine(`${event.status}${event.progress ? ` ${event.progress}` : ''}`);
          }
        });
        if (controller.signal.aborted) {
          log.appendLine('Build cancelled.');
          return undefined;
        }
        if (failure) {
          log.appendLine(`Build failed: ${failure}`);
          const choice = await vscode.window.showErrorMessage(`Building ${tag} from ${vscode.workspace.asRelativePath(dockerfilePath)} failed: ${failure}`, 'Show build log');
          if (choice) log.show();
          return undefined;
        }
        log.appendLine(`Built ${tag}.`);
        // Remembered by ID for "Build and compare": the tag moves to the next build.
        const id = await docker.getImage(tag).inspect().then((info) => (info as { Id: string }).Id, () => undefined);
        if (id) await rememberBuild(host.context.workspaceState, dockerfilePath, { tag, id, at: Date.now() });
        return tag;
      },
    );
  } catch (error) {
    const message = error instanceof DockerUnreachableError ? error.message : `Building ${tag} failed: ${(error as Error).message}`;
    log.appendLine(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}
