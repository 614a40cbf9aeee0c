// Content hashing beside the tar reading: small files are copied into 4 MiB batches and hashed on a
// worker thread, so a 1 GB image costs the main thread a copy instead of a SHA-1 (bench: hashing
// was half the CPU). Falls back to hashing in place where a worker cannot start.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

const BATCH_BYTES = 4 * 1024 * 1024;
// Four 4 MiB batches in flight keep the worker busy (two measured 1.66x tar's time against 1.41x,
// with the same peak memory).
const MAX_IN_FLIGHT = 4;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
parentPort.on('message', ({ id, buffer, spans }) => {
  const data = Buffer.from(buffer);
  const digests = new Uint32Array(spans.length);
  for (let i = 0; i < spans.length; i += 2) {
    const slice = data.subarray(spans[i], spans[i] + spans[i + 1]);
    const digest = crypto.hash ? crypto.hash('sha1', slice, 'buffer') : crypto.createHash('sha1').update(slice).digest();
    digests[i] = digest.readUInt32BE(0);
    digests[i + 1] = digest.readUInt32BE(4);
  }
  parentPort.postMessage({ id, digests }, [digests.buffer]);
});
`;

type Assign = (hi: number, lo: number) => void;

let shared: Worker | undefined | null;
const waiting = new Map<number, { resolve: (digests: Uint32Array) => void; reject: (error: Error) => void }>();
let nextId = 0;

function worker(): Worker | undefined {
  if (shared === null) return undefined;
  if (shared) return shared;
  try {
    shared = new Worker(WORKER_SOURCE, { eval: true });
    shared.on('message', ({ id, digests }: { id: number; digests: Uint32Array }) => {
      waiting.get(id)?.resolve(digests);
      waiting.delete(id);
      if (waiting.size === 0) shared?.unref();
    });
    shared.on('error', (error: Error) => {
      shared = null;
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
    // Idle, the worker must not keep the process alive (the CLI would hang after printing); busy, it
    // must (or Node exits with batches unanswered). It is ref'd per batch sent, unref'd when none is
    // waiting; unref after the listeners, since adding a 'message' listener refs it again.
    shared.unref();
    return shared;
  } catch {
    shared = null;
    return undefined;
  }
}

/** One layer's hashing: add files, then wait for all of them with done(). */
export class LayerHasher {
  private batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private used = 0;
  private spans: number[] = [];
  private assigns: Assign[] = [];
  private readonly inFlight: Array<Promise<void>> = [];

  /** Hash `parts` (one file's content, at most BATCH_BYTES) and call `assign` with the digest's first 8 bytes. */
  add(parts: Buffer[], size: number, assign: Assign): void {
    const pool = worker();
    if (!pool || size > BATCH_BYTES) {
      const hash = createHash('sha1');
      for (const part of parts) hash.update(part);
      const digest = hash.digest();
      assign(digest.readUInt32BE(0), digest.readUInt32BE(4));
      return;
    }
    if (this.used + size > BATCH_BYTES) this.flush();
    this.spans.push(this.used, size);
    for (const part of parts) {
      part.copy(this.batch, this.used);
      this.used += part.length;
    }
    this.assigns.push(assign);
  }

  /** True when the caller should wait (busy()) before reading more. */
  get saturated(): boolean {
    return this.inFlight.length >= MAX_IN_FLIGHT;
  }

  async busy(): Promise<void> {
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
  }

  async done(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight.splice(0));
  }

  private flush(): void {
    if (this.spans.length === 0) return;
    const pool = worker() as Worker;
    const id = nextId++;
    const assigns = this.assigns;
    // The batch's own memory moves to the worker (no copy); a fresh batch takes its place.
    const buffer = this.batch.buffer as ArrayBuffer;
    const spans = Uint32Array.from(this.spans);
    this.inFlight.push(
      new Promise<void>((resolve, reject) => {
        waiting.set(id, {
          resolve: (digests) => {
            for (let i = 0; i < assigns.length; i++) assigns[i](digests[2 * i], digests[2 * i + 1]);
            resolve();
          },
          reject,
        });
      }),
    );
    pool.ref();
    pool.postMessage({ id, buffer, spans }, [buffer, spans.buffer]);
    this.batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
    this.used = 0;
    this.spans = [];
    this.assigns = [];
  }
}

/** End the worker once no analysis needs it, so nothing keeps a CLI process alive. */
export async function releaseHashWorker(): Promise<void> {
  if (!shared || waiting.size > 0) return;
  const ending = shared;
  shared = undefined;
  await ending.terminate();
}
