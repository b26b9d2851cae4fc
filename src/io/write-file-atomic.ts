import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { asWriteError } from './write-error.js';

/**
 * Writes a file so that a reader (or a crash) never sees it half-written: the content
 * goes to a temporary file in the same folder, is flushed to disk, and is then renamed
 * over the target. If anything fails, the old file is left as it was. `mode` sets the
 * permissions of a new file (0o600 for the key file). Content too large for one string can
 * be given in pieces. Temporary files that killed qualkit processes left beside the file are
 * removed first. A failure of the machine (full disk, no permission, a file where the
 * folder should be) is thrown as a WriteError naming the path.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array | Iterable<string>,
  options: { mode?: number } = {},
): Promise<void> {
  await prepareFolder(dirname(path));
  const tmp = join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  );
  try {
    const handle = await open(tmp, 'w', options.mode ?? 0o666);
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await handle.writeFile(content);
      else {
        // Pieces are encoded one by one (a piece with a character beyond Latin-1 would make a
        // joined batch slow to encode) and written about a megabyte at a time.
        let batch: Buffer[] = [];
        let size = 0;
        for (const piece of content) {
          const bytes = Buffer.from(piece);
          batch.push(bytes);
          size += bytes.length;
          if (size >= 1 << 20) {
            await handle.writev(batch);
            batch = [];
            size = 0;
          }
        }
        if (batch.length > 0) await handle.writev(batch);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw asWriteError(e, path);
  }
}

const prepared = new Set<string>();

/**
 * Creates the folder a file is written to (and its parents) and, once per folder and
 * process, removes the temporary files killed qualkit processes left in it. A failure is a
 * WriteError naming the folder.
 */
export async function prepareFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw asWriteError(e, dir);
  }
  if (prepared.has(dir)) return;
  prepared.add(dir);
  await removeStaleTemporaryFiles(dir);
}

const TEMPORARY = /^\..+\.tmp-(\d+)-[a-z0-9]+$/;

/**
 * Removes the temporary files a killed qualkit left in a folder (`.name.tmp-<pid>-…`),
 * unless the process that made them is still running.
 */
export async function removeStaleTemporaryFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = TEMPORARY.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    if (!alive) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        // EPERM: the process exists but belongs to someone else.
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}
