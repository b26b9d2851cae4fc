import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { error, InputError } from '../core/diagnostics.js';

const MB = 1024 * 1024;

/**
 * How large each kind of input may be. A source of a million chat messages is about 60 MB
 * and a codings file of a million rows about 20 MB; the limits leave room far beyond that,
 * below what Node can hold as one string (about 512 MB), so a wrong file (a disk image, a
 * video) is refused with a reason instead of filling memory.
 */
export const SIZE_LIMITS = {
  config: 16 * MB,
  codebook: 64 * MB,
  codings: 512 * MB,
  source: 512 * MB,
  'names file': 64 * MB,
  'key file': 64 * MB,
  'theme set': 64 * MB,
  'word list': 64 * MB,
  template: 16 * MB,
  draft: 256 * MB,
  'reviewed suggestions file': 512 * MB,
  'REFI-QDA file': 1024 * MB,
  file: 512 * MB,
} as const;

export type InputKind = keyof typeof SIZE_LIMITS;

function notRegular(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'is a folder, expected a file';
  if (info.isFIFO())
    return 'is a pipe (FIFO), not a regular file; qualkit reads only regular files (save the data to a file first)';
  if (info.isCharacterDevice() || info.isBlockDevice())
    return 'is a device (such as /dev/zero or a terminal), not a regular file; qualkit reads only regular files';
  if (info.isSocket()) return 'is a socket, not a regular file; qualkit reads only regular files';
  return 'is not a regular file';
}

const megabytes = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;

/**
 * The bytes of a regular file. A pipe, a device (`/dev/zero`, `/dev/stdin` on a terminal), a
 * socket or a folder is refused without reading from it (the file is opened non-blocking,
 * so a FIFO does not wait for a writer), and so is a file larger than the limit for its
 * kind of input. Every refusal is an InputError naming the file and the reason.
 */
export function readRegularFile(path: string, shownAs: string = path, kind: InputKind = 'file'): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a folder, expected a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot read file: permission denied'
            : `cannot read file (${code ?? (e as Error).message})`;
    throw new InputError([error(shownAs, undefined, 'io/unreadable', reason)]);
  }
  try {
    const info = fstatSync(fd);
    const refused = notRegular(info);
    if (refused) throw new InputError([error(shownAs, undefined, 'io/not-regular-file', refused)]);
    const limit = SIZE_LIMITS[kind];
    if (info.size > limit)
      throw new InputError([
        error(
          shownAs,
          undefined,
          'io/too-large',
          `is ${megabytes(info.size)}, more than the ${megabytes(limit)} a ${kind} may be; is it the right file?`,
        ),
      ]);
    const bytes = Buffer.allocUnsafe(info.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === bytes.length ? bytes : bytes.subarray(0, at);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([
      error(shownAs, undefined, 'io/unreadable', `cannot read file (${code ?? (e as Error).message})`),
    ]);
  } finally {
    closeSync(fd);
  }
}
