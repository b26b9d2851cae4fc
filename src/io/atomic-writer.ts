import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';

/**
 * A file written piece by piece (for outputs too large to build in memory) with the same
 * guarantee as writeFileAtomic: the pieces go to a temporary file that only `commit`
 * renames over the target, so a crash leaves the old file as it was.
 */
export class AtomicWriter {
  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly stream: WriteStream,
  ) {}

  static async open(path: string): Promise<AtomicWriter> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = join(
      dirname(path),
      `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    );
    // A large buffer lets the disk write in the background while the next pieces are made.
    const stream = createWriteStream(tmp, { highWaterMark: 4 * 1024 * 1024 });
    await once(stream, 'open');
    return new AtomicWriter(path, tmp, stream);
  }

  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async commit(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
    const handle = await open(this.tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    // Pieces still on their way to the disk fail once the stream is destroyed; they are not wanted.
    this.stream.on('error', () => undefined);
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}
