// HTTP servers with known behaviour for the load engine's tests, each in a child process of its own
// (so the load generator and the server never share an event loop), on 127.0.0.1 only. The child
// counts what it received and answers the parent's questions over Node's IPC channel.
import { spawn, type ChildProcess } from 'node:child_process';

export type ServerKind =
  /** 90% of answers after 10 ms, every tenth after 100 ms (by arrival order). */
  | 'latency'
  /** 200, but 500 to every tenth request (by arrival order). */
  | 'every-tenth-500'
  /** Accepts the connection and destroys it as soon as the request arrives. */
  | 'closes'
  /** 200 "hello" at once. */
  | 'hello'
  /** 200 after 200 ms. */
  | 'slow';

export interface ServerCounts {
  /** Requests received (for `closes`: connections that sent bytes). */
  requests: number;
  /** Sockets open now. */
  openSockets: number;
  /** performance.timeOrigin + now() of the last request received, 0 if none. */
  lastRequestAt: number;
  /** The server's own time from request to response end, ms, in arrival order. */
  serviceMs: number[];
}

// The child's program: plain JavaScript run by `node -e`, so no build step is involved.
const PROGRAM = String.raw`
const http = require('node:http');
const net = require('node:net');
const kind = process.argv[1];
let requests = 0, lastRequestAt = 0;
const sockets = new Set();
const serviceMs = [];
const now = () => performance.timeOrigin + performance.now();
// Waits ms with setTimeout, then spins the last 2 ms: a timer alone fires late by up to a
// millisecond or more, which would be counted against the load generator.
function exactly(ms, done) {
  const until = performance.now() + ms;
  setTimeout(function spin() {
    if (performance.now() >= until) return done();
    if (until - performance.now() > 2) return setTimeout(spin, 0);
    while (performance.now() < until) {}
    done();
  }, Math.max(0, ms - 2));
}
let server;
if (kind === 'closes') {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => { requests++; lastRequestAt = now(); socket.destroy(); });
    socket.on('error', () => {});
  });
} else {
  server = http.createServer((req, res) => {
    const index = requests++;
    const started = performance.now();
    lastRequestAt = now();
    req.resume();
    const reply = (status, body) => { res.statusCode = status; res.end(body); serviceMs.push(performance.now() - started); };
    if (kind === 'latency') exactly(index % 10 === 9 ? 100 : 10, () => reply(200, 'ok'));
    else if (kind === 'every-tenth-500') reply(index % 10 === 9 ? 500 : 200, 'ok');
    else if (kind === 'slow') setTimeout(() => reply(200, 'slow'), 200);
    else reply(200, 'hello');
  });
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  server.keepAliveTimeout = 30000;
}
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'counts') process.send({ counts: { requests, openSockets: sockets.size, lastRequestAt, serviceMs } });
});
process.on('disconnect', () => process.exit(0));
`;

export class TestServer {
  private child?: ChildProcess;
  port = 0;

  constructor(readonly kind: ServerKind) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  async start(): Promise<this> {
    const child = spawn(process.execPath, ['-e', PROGRAM, this.kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`test server (${this.kind}) exited with ${code}`)));
      child.once('message', (message) => resolve((message as { port: number }).port));
    });
    return this;
  }

  /** The child's process ID (to raise its scheduling priority in timing tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  counts(): Promise<ServerCounts> {
    const child = this.child;
    if (!child) throw new Error('server not started');
    return new Promise((resolve) => {
      const listener = (message: unknown): void => {
        const counts = (message as { counts?: ServerCounts }).counts;
        if (!counts) return;
        child.off('message', listener);
        resolve(counts);
      };
      child.on('message', listener);
      child.send('counts');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** The p-th percentile (nearest rank) of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
