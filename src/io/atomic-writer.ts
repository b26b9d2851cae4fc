import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { asWriteError } from './write-error.js';
import { prepareFolder } from './write-file-atomic.js';

/**
 * A file written piece by piece (for outputs too large to build in memory) with the same
 * guarantee as writeFileAtomic: the pieces go to a temporary file that only `commit`
 * renames over the target, so a crash leaves the old file as it was. Stale temporary files
 * of killed processes beside it are removed first; failures of the machine are WriteErrors.
 */
export class AtomicWriter {
  private failure: unknown;

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly stream: WriteStream,
  ) {
    // Kept for the next write or commit, instead of an unhandled 'error' event.
    stream.on('error', (e) => (this.failure ??= e));
  }

  static async open(path: string): Promise<AtomicWriter> {
    await prepareFolder(dirname(path));
    const tmp = join(
      dirname(path),
      `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    );
    // A large buffer lets the disk write in the background while the next pieces are made.
    const stream = createWriteStream(tmp, { highWaterMark: 4 * 1024 * 1024 });
    const writer = new AtomicWriter(path, tmp, stream);
    try {
      await once(stream, 'open');
    } catch (e) {
      throw asWriteError(e, path);
    }
    return writer;
  }

  get target(): string {
    return this.path;
  }

  private check(): void {
    if (this.failure !== undefined) throw asWriteError(this.failure, this.path);
  }

  async write(text: string): Promise<void> {
    this.check();
    if (!this.stream.write(text)) {
      try {
        await once(this.stream, 'drain');
      } catch (e) {
        throw asWriteError(e, this.path);
      }
    }
  }

  async commit(): Promise<void> {
    try {
      this.check();
      this.stream.end();
      await once(this.stream, 'finish');
      this.check();
      const handle = await open(this.tmp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(this.tmp, this.path);
    } catch (e) {
      await rm(this.tmp, { force: true }).catch(() => undefined);
      throw asWriteError(e, this.path);
    }
  }

  async abort(): Promise<void> {
    // Pieces still on their way to the disk fail once the stream is destroyed; they are not wanted.
    this.stream.on('error', () => undefined);
    this.stream.destroy();
    await rm(this.tmp, { force: true }).catch(() => undefined);
  }
}
