// "Open shell": a VS Code terminal whose Pseudoterminal is an exec session with a TTY in the chosen
// replica (src/stats ShellSession: no docker CLI). The terminal says when the shell or the container
// ends and how to open another; the output is also kept (the last 64 KiB) for the extension test.
import { TextDecoder } from 'node:util';
import * as vscode from 'vscode';
import { ShellSession, commandWords, type ShellEnd } from '../../stats';
import type { FeatureHost } from '../host';
import { chooseProject, chooseReplica, chooseService, dockerFor, parseTargetArgs, refuseUntrusted } from './target';

/** What the command returns: the terminal and what it showed (read by the extension test). */
export interface ShellHandle {
  terminal: vscode.Terminal;
  /** Everything the session wrote (the last 64 KiB). */
  output(): string;
  /** Resolves when the session ends. */
  ended: Promise<ShellEnd>;
  /** The argv that runs in the container. */
  command: string[];
}

const KEEP_OUTPUT = 64 * 1024;
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export async function openShell(host: FeatureHost, rawArgs: unknown): Promise<ShellHandle | undefined> {
  if (await refuseUntrusted('open a shell in a container')) return undefined;
  const args = parseTargetArgs(rawArgs);
  const target = await chooseProject(args);
  if (!target) return undefined;
  const service = await chooseService(target, args, 'Open a shell in which service?');
  if (!service) return undefined;
  const { docker } = dockerFor(target);
  let replica;
  try {
    replica = await chooseReplica(docker, target, service, args.containerId);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not list the containers of "${service}": ${(error as Error).message}`);
    return undefined;
  }
  if (!replica) return undefined;
  const configured = vscode.workspace.getConfiguration('stevedore.shell').get<string>('command', '').trim();
  const command = configured ? commandWords(configured) : undefined;

  const session = new ShellSession(docker, replica.containerId, command ? { command } : {});
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const decoder = new TextDecoder('utf-8');
  let output = '';
  let done = false;
  let resolveEnded: (end: ShellEnd) => void = () => undefined;
  const ended = new Promise<ShellEnd>((resolve) => {
    resolveEnded = resolve;
  });
  const show = (text: string): void => {
    output = (output + text).slice(-KEEP_OUTPUT);
    write.fire(text);
  };
  const finish = (end: ShellEnd): void => {
    if (done) return;
    done = true;
    show(`\r\n${DIM}[Stevedore] ${end.message} Use "Open shell" on ${service} (Container stats) or the command `
      + `"Stevedore: Open shell" to open a new one. Press any key to close this terminal.${RESET}\r\n`);
    host.log.info(`Shell in ${replica.container}: ${end.message}`);
    resolveEnded(end);
  };
  session.on('data', (chunk) => show(decoder.decode(chunk, { stream: true })));
  session.on('end', finish);

  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dimensions) => {
      show(`${DIM}[Stevedore] Connecting to ${replica.container}…${RESET}\r\n`);
      const size = dimensions ? { columns: dimensions.columns, rows: dimensions.rows } : {};
      session.start().then(
        () => {
          void session.resize(size.columns ?? 80, size.rows ?? 24).catch(() => undefined);
          host.log.info(`Shell in ${replica.container}: ${session.command.join(' ')}`);
        },
        (error: unknown) => finish({ reason: 'error', message: `Could not open a shell in ${replica.container}: ${(error as Error).message}` }),
      );
    },
    close: () => {
      session.dispose();
      if (!done) resolveEnded({ reason: 'exited', message: 'The terminal was closed.' });
      done = true;
    },
    handleInput: (data) => {
      if (done) {
        close.fire();
        return;
      }
      session.write(data);
    },
    setDimensions: (dimensions) => {
      session.resize(dimensions.columns, dimensions.rows).catch(() => undefined);
    },
  };
  const terminal = vscode.window.createTerminal({
    name: `${service}${replica.number > 1 || args.containerId ? ` #${replica.number}` : ''} (${target.project.name})`,
    pty,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return { terminal, output: () => output, ended, get command() { return session.command; } };
}
