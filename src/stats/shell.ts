// A shell inside a running container through the engine's exec API with a TTY (what `docker exec -it`
// does, without the docker CLI: remote hosts and Podman work the same way), and the HTTP ports a
// container publishes (for "Open in browser"). No `vscode` import: the terminal glue lives in
// src/vscode/logs/shell.ts.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';

type ContainerState = { State?: { Running?: boolean; Status?: string } };

/** How a shell session ended. */
export interface ShellEnd {
  /** `exited`: the shell ended (exit, Ctrl+D); `container-stopped`: its container stopped;
   * `error`: the engine failed. */
  reason: 'exited' | 'container-stopped' | 'error';
  /** The shell's exit code when the engine reports one. */
  exitCode?: number;
  /** One sentence for the terminal. */
  message: string;
}

export interface ShellSessionEvents {
  /** Output of the TTY (stdout and stderr are one stream with a TTY), raw bytes. */
  data: [Buffer];
  end: [ShellEnd];
}

export interface ShellOptions {
  /** The command to run; by default `bash` when the container has it, else `sh` (see chooseShell). */
  command?: string[];
  /** The terminal's size at start. */
  columns?: number;
  rows?: number;
  /** Extra environment, `NAME=value` (TERM is set to xterm-256color unless given). */
  env?: string[];
}

/** The shells tried in order when no command is configured. */
export const DEFAULT_SHELLS: readonly string[][] = [['bash'], ['sh']];

/**
 * Run `command` once without a TTY and report whether it exited with 0: the probe for a shell. The
 * engine fails the start (or exits 126/127) when the executable is missing.
 */
async function runsInContainer(docker: Docker, containerId: string, command: string[]): Promise<boolean> {
  try {
    const exec = await docker.getContainer(containerId).exec({
      Cmd: command, AttachStdout: true, AttachStderr: true, Tty: false,
    });
    const stream = (await exec.start({ hijack: true, stdin: false })) as Duplex;
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
      stream.resume();
    });
    const info = (await exec.inspect()) as { ExitCode?: number | null };
    return info.ExitCode === 0;
  } catch {
    return false;
  }
}

/** `bash` when the container has it, else `sh` (checked by running `<shell> -c exit`). */
export async function chooseShell(docker: Docker, containerId: string): Promise<string[]> {
  for (const shell of DEFAULT_SHELLS) {
    if (await runsInContainer(docker, containerId, [...shell, '-c', 'exit 0'])) return shell;
  }
  return ['sh'];
}

/** Split a configured command (`stevedore.shell.command`) into argv: words by white space, quotes group. */
export function commandWords(command: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(command); match; match = pattern.exec(command)) {
    words.push(match[1] ?? match[2] ?? match[3]);
  }
  return words;
}

/**
 * One interactive exec session with a TTY. Call start(), write() what the user types, resize() when
 * the terminal changes; 'end' fires once, saying whether the shell exited or the container stopped.
 */
export class ShellSession extends EventEmitter<ShellSessionEvents> {
  private stream?: Duplex;
  private exec?: Docker.Exec;
  private ended = false;
  private size: { columns: number; rows: number };
  /** The argv that runs (after chooseShell when none was given). */
  command: string[] = [];

  constructor(
    private readonly docker: Docker,
    readonly containerId: string,
    private readonly options: ShellOptions = {},
  ) {
    super();
    this.size = { columns: options.columns ?? 80, rows: options.rows ?? 24 };
  }

  /** Create and attach the exec; rejects when the container is not running or the command cannot be created. */
  async start(): Promise<void> {
    const container = this.docker.getContainer(this.containerId);
    const state = ((await container.inspect()) as ContainerState).State;
    if (!state?.Running) {
      throw new Error(`The container is ${state?.Status ?? 'not running'}: start it, then open the shell again.`);
    }
    const configured = this.options.command;
    this.command = configured?.length ? configured : await chooseShell(this.docker, this.containerId);
    const env = this.options.env ?? [];
    this.exec = await container.exec({
      Cmd: this.command,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: env.some((item) => item.startsWith('TERM=')) ? env : ['TERM=xterm-256color', ...env],
      ConsoleSize: [this.size.rows, this.size.columns],
    });
    const stream = (await this.exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.emit('data', chunk));
    stream.on('end', () => void this.finish());
    stream.on('close', () => void this.finish());
    stream.on('error', (error: Error) => void this.finish(error));
    // Engines before API 1.42 ignore ConsoleSize: the size is set again once the process runs.
    await this.resize(this.size.columns, this.size.rows).catch(() => undefined);
  }

  write(data: string | Buffer): void {
    if (!this.ended) this.stream?.write(data);
  }

  /** Set the TTY's size (the engine's exec resize); a session that ended ignores it. */
  async resize(columns: number, rows: number): Promise<void> {
    this.size = { columns, rows };
    if (!this.exec || this.ended) return;
    await this.exec.resize({ h: rows, w: columns });
  }

  get running(): boolean {
    return !!this.stream && !this.ended;
  }

  /** Close the session (the shell gets a hang-up when its TTY closes). */
  dispose(): void {
    this.ended = true;
    this.stream?.destroy();
    this.removeAllListeners();
  }

  private async finish(error?: Error): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    let exitCode: number | undefined;
    let running = true;
    let status = '';
    try {
      const info = (await this.exec?.inspect()) as { ExitCode?: number | null } | undefined;
      if (typeof info?.ExitCode === 'number') exitCode = info.ExitCode;
      // A shell killed by a signal (code 128+n) usually means the container is stopping: the engine
      // kills its processes before it marks the container exited, so look again for a few seconds.
      const killed = exitCode === undefined || exitCode >= 128;
      for (let attempt = 0; ; attempt++) {
        const state = ((await this.docker.getContainer(this.containerId).inspect()) as ContainerState).State;
        running = !!state?.Running;
        status = state?.Status ?? '';
        if (!running || !killed || attempt >= 15) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } catch {
      running = false; // removed, or the engine went away
      status = 'gone';
    }
    let end: ShellEnd;
    if (!running) {
      const how = status && status !== 'gone' ? ` (${status})` : ' or was removed';
      end = { reason: 'container-stopped', exitCode, message: `The container stopped${how}; the shell session ended.` };
    } else if (error) {
      end = { reason: 'error', exitCode, message: `The connection to the engine failed: ${error.message}` };
    } else {
      end = { reason: 'exited', exitCode, message: `The shell exited${exitCode === undefined ? '' : ` with code ${exitCode}`}.` };
    }
    this.emit('end', end);
  }
}

/** A port a container publishes on the host, as `docker ps` lists it. */
export interface PublishedPort {
  containerId: string;
  /** The port inside the container. */
  privatePort: number;
  /** The port on the host. */
  publicPort: number;
  /** The host address it is bound to (0.0.0.0, ::, 127.0.0.1...). */
  hostIp: string;
  protocol: string;
}

/** The TCP ports the given containers publish on the host (one entry per host port, IPv4 and IPv6 merged). */
export async function publishedPorts(docker: Docker, containerIds: readonly string[]): Promise<PublishedPort[]> {
  if (containerIds.length === 0) return [];
  const summaries = (await docker.listContainers({ all: false, filters: { id: [...containerIds] } })) as Array<{
    Id: string;
    Ports?: Array<{ PrivatePort?: number; PublicPort?: number; IP?: string; Type?: string }>;
  }>;
  const ports: PublishedPort[] = [];
  const seen = new Set<string>();
  for (const summary of summaries) {
    for (const port of summary.Ports ?? []) {
      if (!port.PublicPort || port.Type !== 'tcp') continue;
      const key = `${summary.Id}:${port.PublicPort}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ports.push({ containerId: summary.Id, privatePort: port.PrivatePort ?? 0, publicPort: port.PublicPort, hostIp: port.IP ?? '', protocol: 'tcp' });
    }
  }
  return ports.sort((a, b) => a.publicPort - b.publicPort);
}
