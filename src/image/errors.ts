// The one error the image engine throws for input it cannot read: what happened, to what, and
// what to do. Callers (CLI, VS Code glue) show `message` as is.

export type ImageSourceErrorCode =
  | 'not-found'
  | 'truncated'
  | 'missing-layer'
  | 'no-manifest'
  | 'bad-format'
  | 'too-large'
  | 'engine-gone'
  | 'cancelled';

export class ImageSourceError extends Error {
  override name = 'ImageSourceError';
  constructor(
    readonly code: ImageSourceErrorCode,
    message: string,
    readonly causeError?: unknown,
  ) {
    super(message);
  }
}

export function isImageSourceError(error: unknown): error is ImageSourceError {
  return error instanceof ImageSourceError;
}

export function cancelledError(): ImageSourceError {
  return new ImageSourceError('cancelled', 'Image analysis cancelled.');
}

/** tar-stream and zlib speak of their own internals; name the truncated input instead. */
export function describeReadError(error: unknown, what: string): ImageSourceError {
  if (error instanceof ImageSourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (/unexpected end|premature close|end of data|unexpected eof|truncated/i.test(message) || code === 'Z_BUF_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new ImageSourceError('truncated', `${what} ends early: the file is truncated or was cut off while writing. Save or copy the image again (docker save -o FILE IMAGE).`, error);
  }
  if (code === 'EACCES' || code === 'EPERM') return new ImageSourceError('not-found', `${what} could not be opened: permission denied. Check the file's permissions.`, error);
  if (code === 'EISDIR') return new ImageSourceError('bad-format', `${what} is a folder, not an archive file.`, error);
  // zlib and tar-stream speak of their internals ("invalid distance too far back", "Invalid tar header. Maybe…").
  const problem =
    typeof code === 'string' && code.startsWith('Z_')
      ? 'its compressed data is corrupt'
      : /tar header|checksum/i.test(message)
        ? 'its tar headers are damaged'
        : `it is not in a format Stevedore reads (${message.split(/[.\n]/)[0].slice(0, 80)})`;
  return new ImageSourceError('bad-format', `${what} could not be read: ${problem}. Is it a docker save archive, an OCI image layout or an oci-archive? If so, save or copy the image again.`, error);
}
