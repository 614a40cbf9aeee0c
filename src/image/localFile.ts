// Files the image engine and the analyze command read from disk (OCI layout metadata, `.dive-ci`,
// `--dockerfile`): regular files only, read up to a bound. A folder, a device such as /dev/zero or a
// FIFO is refused by name instead of read (EISDIR, endless bytes, a hang).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A file that cannot be read as asked; `message` completes "FILE is …" and never quotes the file. */
export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(
    message: string,
    readonly code: 'not-found' | 'not-a-file' | 'symlink' | 'too-large' | 'unreadable',
  ) {
    super(message);
  }
}

export interface OpenOptions {
  /** Refuse a symbolic link instead of following it (files named inside an image layout). */
  noFollow?: boolean;
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder, not a file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a file';
  if (stats.isFIFO()) return 'a pipe, not a file';
  if (stats.isSocket()) return 'a socket, not a file';
  return 'not a regular file';
}

/** Open a regular file for reading; the caller closes the descriptor. */
export function openRegularFile(path: string, options: OpenOptions = {}): { fd: number; size: number } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputFileError('missing', 'not-found');
    if (code === 'ELOOP') throw new InputFileError('a symbolic link, which is not followed here', 'symlink');
    if (code === 'EISDIR') throw new InputFileError('a folder, not a file', 'not-a-file');
    throw new InputFileError(`unreadable (${code ?? 'error'})`, 'unreadable');
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new InputFileError(describeKind(stats), 'not-a-file');
  }
  return { fd, size: stats.size };
}

/** The bytes of a regular file of at most `maxBytes` (`limitText` says what the limit is for). */
export function readRegularFile(path: string, maxBytes: number, limitText: string, options: OpenOptions = {}): Buffer {
  const { fd, size } = openRegularFile(path, options);
  try {
    if (size > maxBytes) throw new InputFileError(`too large (${size} bytes; ${limitText})`, 'too-large');
    // Read to the bound, not to the size fstat gave: a file that grows meanwhile is still bounded.
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new InputFileError(`too large (more than ${maxBytes} bytes; ${limitText})`, 'too-large');
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
