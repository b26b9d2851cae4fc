import { writeFileAtomic } from './write-file-atomic.js';
import { WriteError } from './write-error.js';

export interface FileToWrite {
  path: string;
  content: string | Uint8Array | Iterable<string>;
}

/**
 * Writes files one after the other, each atomically. When one cannot be written (a full
 * disk, say), the WriteError says which files were written completely before it and which
 * were not (the failed one and those after it, whose earlier versions stay as they were).
 */
export async function writeFiles(
  files: readonly FileToWrite[],
  write: (path: string, content: FileToWrite['content']) => Promise<void> = writeFileAtomic,
): Promise<void> {
  for (const [k, f] of files.entries()) {
    try {
      await write(f.path, f.content);
    } catch (e) {
      if (!(e instanceof WriteError)) throw e;
      throw e.within(
        files.slice(0, k).map((x) => x.path),
        files.slice(k).map((x) => x.path),
      );
    }
  }
}
