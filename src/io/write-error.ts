/**
 * A file could not be written for a reason of the machine, not of qualkit or the input:
 * a read-only or full disk, no permission, `--out` naming a file, `-o` naming a folder.
 * Not a bug: the CLI prints what failed, where, and what to do, without a stack (exit 1).
 */
export class WriteError extends Error {
  constructor(
    /** The file (or folder) that could not be written. */
    readonly target: string,
    /** The system's error code (EACCES, ENOSPC, …). */
    readonly code: string,
    /** Files of the same command already written (complete), and those that were not. */
    readonly written: readonly string[] = [],
    readonly notWritten: readonly string[] = [],
  ) {
    super(`cannot write ${target} (${code})`);
    this.name = 'WriteError';
  }

  /** The same failure, knowing which files of the command were written before it and which not. */
  within(written: readonly string[], notWritten: readonly string[]): WriteError {
    return new WriteError(this.target, this.code, written, notWritten);
  }
}

const REASONS: Record<string, [reason: string, advice: string]> = {
  EACCES: ['permission denied', "check the folder's permissions, or write somewhere else with --out / -o"],
  EPERM: [
    'operation not permitted',
    "check the folder's permissions, or write somewhere else with --out / -o",
  ],
  EROFS: ['the disk or folder is read-only', 'write to a writable folder with --out / -o'],
  ENOSPC: ['the disk is full', 'free some space and run the command again'],
  EDQUOT: ['the disk quota is used up', 'free some space and run the command again'],
  ENOTDIR: [
    'a part of the path is a file, not a folder',
    'give the path of a folder (or of a folder to create)',
  ],
  EEXIST: [
    'a file is in the way of the folder to create',
    'give the path of a folder (or of a folder to create)',
  ],
  EISDIR: ['it is a folder, not a file', 'give a file name (e.g. -o codebooks/dv3.csv)'],
  ENOENT: [
    'its folder does not exist (or was removed while writing)',
    'create the folder, or give another path',
  ],
  ENAMETOOLONG: ['the name is too long', 'choose a shorter path'],
  EMFILE: ['too many open files', 'close other programs and run the command again'],
  EBUSY: ['the file is in use', 'close the program that has it open (Excel?) and run the command again'],
  ETXTBSY: ['the file is in use', 'close the program that has it open and run the command again'],
};

/** A failure of the file system worth a message of its own (not a bug), by its error code. */
export function isEnvironmentalError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && Object.hasOwn(REASONS, code);
}

/** An error thrown while writing `target` as a WriteError when the machine is the reason; else as it was. */
export function asWriteError(e: unknown, target: string): unknown {
  if (e instanceof WriteError || !isEnvironmentalError(e)) return e;
  return new WriteError(target, e.code);
}

/**
 * The message for a write failure: what failed, where, why and what to do, then (when the
 * command writes several files) which files were written and which not.
 */
export function describeWriteError(e: WriteError, show: (path: string) => string = (p) => p): string {
  const [reason, advice] = REASONS[e.code] ?? [e.code, 'check the path and run the command again'];
  const lines = [`cannot write ${show(e.target)}: ${reason} (${e.code}); ${advice}.`];
  if (e.written.length > 0) {
    lines.push(`Written (complete): ${e.written.map(show).join(', ')}`);
    lines.push(`Not written (any earlier version is left as it was): ${e.notWritten.map(show).join(', ')}`);
  } else if (e.notWritten.length > 1) lines.push('None of the files was written.');
  return lines.join('\n');
}

/** The message for a file-system error outside a write (reading a folder, for one), with its path. */
export function describeEnvironmentalError(
  e: NodeJS.ErrnoException & { code: string },
  show: (path: string) => string = (p) => p,
): string {
  const [reason, advice] = REASONS[e.code]!;
  const where = e.path ? show(e.path) : (e.syscall ?? 'a file');
  return `cannot ${e.syscall ?? 'use'} ${where}: ${reason} (${e.code}); ${advice}.`;
}
