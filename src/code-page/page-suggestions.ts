import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { shown } from '../study/shown-path.js';
import type { Study } from '../study/study.js';
import type { SuggestRequest, SuggestWorkerData } from './suggest-worker.js';

export interface PageSuggestion {
  label: string;
  score: number;
  reasons: string[];
}

/**
 * `qualkit suggest`'s model for the page, run in a worker thread (suggest-worker.ts):
 * trained per codebook on first use, on the codings of every coder and on the label
 * definitions; then the top labels for one fragment, leaving out those the coder already
 * gave it. The codings files the study was read without (`qualkit code` reads only the
 * coder's own) are read by the worker, off the server's thread.
 */
export class PageSuggester {
  private worker: Worker | undefined;
  private next = 0;
  private readonly pending = new Map<number, (s: PageSuggestion[]) => void>();

  constructor(private readonly study: Study) {}

  suggest(code: string, given: ReadonlySet<string>, k = 3): Promise<PageSuggestion[]> {
    const worker = (this.worker ??= this.start());
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      const request: SuggestRequest = { id, code, given: [...given], k };
      worker.postMessage(request);
    });
  }

  stop(): Promise<number> | undefined {
    for (const resolve of this.pending.values()) resolve([]);
    this.pending.clear();
    return this.worker?.terminate();
  }

  private start(): Worker {
    const read = new Set(this.study.codings.map((c) => c.coder));
    const data: SuggestWorkerData = {
      codebooks: Object.fromEntries(this.study.codebookOfGroup),
      texts: this.study.fragments.map((f) => [f.code, f.text]),
      codings: this.study.codings.map((c) => [c.fragment, c.label]),
      unread: this.study.config.coders
        .filter((c) => !read.has(c.name))
        .map((c) => {
          const path = resolve(this.study.root, c.file);
          return { coder: c.name, path, shown: shown(path) };
        }),
    };
    const worker = new Worker(new URL('./suggest-worker.js', import.meta.url), { workerData: data });
    worker.unref();
    worker.on('message', (m: { id: number; suggestions: PageSuggestion[] }) => {
      this.pending.get(m.id)?.(m.suggestions);
      this.pending.delete(m.id);
    });
    worker.on('error', () => {
      for (const resolve of this.pending.values()) resolve([]);
      this.pending.clear();
      this.worker = undefined;
    });
    return worker;
  }
}
