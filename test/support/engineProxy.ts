// A unix socket that forwards to the real engine's socket: stopping it is the engine going away
// mid-stream, as a client sees it (the engine itself keeps running for the other tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class EngineProxy {
  readonly dir: string;
  readonly path: string;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  /** `prefix` names the temporary folder (`stevedore-test-<area>`), so a leftover says whose it is. */
  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), `${prefix}-proxy-`));
    this.path = join(this.dir, 'docker.sock');
  }

  start(): Promise<void> {
    this.server = createServer((client) => {
      const engine = createConnection('/var/run/docker.sock');
      for (const socket of [client, engine]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(engine).pipe(client);
    });
    return new Promise((resolve) => this.server!.listen(this.path, () => resolve()));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
    rmSync(this.path, { force: true });
  }
}
