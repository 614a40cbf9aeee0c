// Small servers that behave like broken or impostor Docker engines, on unix sockets in a temp folder.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeEngine {
  host: string;
  /** Every request line received, e.g. `GET /v1.41/version`. */
  requests: string[];
  close(): Promise<void>;
}

function socketPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'stevedore-fake-engine-')), 'engine.sock');
}

async function listen(server: Server, sockets: Set<Socket>, requests: string[]): Promise<FakeEngine> {
  const path = socketPath();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server whose handler decides per request; `undefined` from it means: never answer. */
export async function fakeHttpEngine(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<FakeEngine> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handle(request, response);
  });
  return listen(server, sockets, requests);
}

/** Answers /_ping like an engine, then never answers anything else. */
export function pingThenHang(): Promise<FakeEngine> {
  return fakeHttpEngine((request, response) => {
    if (request.url?.endsWith('/_ping')) {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.41' });
      response.end('OK');
    }
  });
}

/** Sends an endless chunked body to every request (`pingOk`: except /_ping, answered like an engine). */
export function endlessChunked(pingOk: boolean): Promise<FakeEngine> {
  const chunk = Buffer.alloc(64 * 1024, '[');
  return fakeHttpEngine((request, response) => {
    if (pingOk && request.url?.endsWith('/_ping')) {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.41' });
      response.end('OK');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once('drain', pump);
    };
    pump();
  });
}

/** A web server that is not an engine: HTML 404 for everything, or HTML 200 (a single-page app). */
export function plainWebServer(status: 200 | 404): Promise<FakeEngine> {
  return fakeHttpEngine((_request, response) => {
    response.writeHead(status, { 'Content-Type': 'text/html' });
    response.end('<!DOCTYPE html><html><body><h1>Secret page</h1></body></html>');
  });
}

/** Accepts connections and closes them without a word (`banner`: says it first, like an SSH server). */
export async function rawServer(banner?: string): Promise<FakeEngine> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    socket.once('data', (data) => {
      requests.push(data.toString('latin1').split('\r\n')[0]);
      if (!banner) socket.destroy();
    });
    if (banner) socket.write(banner);
  });
  return listen(server, sockets, requests);
}
