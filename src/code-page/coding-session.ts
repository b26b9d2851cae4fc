import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { coderSaw } from '../agreement/compute-agreement.js';
import type { Codebook } from '../codebook/codebook.js';
import { parseCodebook } from '../codebook/parse-codebook.js';
import { parseCodings } from '../codings/parse-codings.js';
import { validateCodings } from '../codings/validate-codings.js';
import type { CoderConfig } from '../config/study-config.js';
import { formatDiagnostic, hasErrors } from '../core/diagnostics.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { shown } from '../study/load-study.js';
import type { Study } from '../study/study.js';
import type { Change } from './change-schema.js';
import type { Coding } from '../codings/coding.js';
import type { PageCodingFields } from './page-data.js';
import { addCoreLabelRow, nextCoreLetter } from './codebook-layout.js';
import { addCoding, codingsOfLayout, removeCoding, updateCoding, type PageCoding } from './codings-layout.js';
import { readCsvLayout, type CsvLayout } from './csv-layout.js';

/** What the page gets back for a change: the fragment's codings now, or why nothing was written. */
export interface ChangeResult {
  ok: boolean;
  status: number;
  message?: string;
  /** The file changed on disk since it was read: the page re-reads everything. */
  reread?: boolean;
  fragment?: string;
  codings?: PageCoding[];
  coded?: number;
  codebook?: Codebook;
}

interface Stamp {
  mtimeMs: number;
  size: number;
  ino: number;
}

/** A file the page writes, with what was read from it and when. */
class TrackedFile {
  text = '';
  private stamp: Stamp | undefined;
  private parsed: CsvLayout | undefined;

  constructor(
    readonly path: string,
    private readonly fallbackHeader: readonly string[],
  ) {}

  async read(): Promise<void> {
    const [text, stamp] = await Promise.all([
      readFile(this.path, 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return '';
        throw e;
      }),
      stampOf(this.path),
    ]);
    this.text = text;
    this.stamp = stamp;
    this.parsed = undefined;
  }

  /** The file's layout, split into records when first needed (a 100,000-row file takes a while). */
  get layout(): CsvLayout {
    return (this.parsed ??= readCsvLayout(this.text, this.fallbackHeader));
  }

  /** Re-reads the file when someone else changed it since; true when its text differs. */
  async refresh(): Promise<boolean> {
    const now = await stampOf(this.path);
    if (sameStamp(now, this.stamp)) return false;
    const before = this.text;
    await this.read();
    return this.text !== before;
  }

  async write(): Promise<void> {
    const text = this.layout.text;
    await writeFileAtomic(this.path, text);
    this.text = text;
    this.stamp = await stampOf(this.path);
  }
}

async function stampOf(path: string): Promise<Stamp | undefined> {
  const s = await stat(path).catch(() => undefined);
  return s && { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino };
}

function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
  return a === b || (!!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino);
}

/**
 * One coder's coding session: her codings file and the codebooks she may add labels to,
 * each change checked against the study and written at once, one at a time, through a
 * temporary file and a rename. Before every write the file is compared with what was read;
 * if someone changed it (Excel, git), it is re-read and the change applied on top, never
 * over it.
 */
export class CodingSession {
  private readonly codings: TrackedFile;
  private readonly codebookFiles = new Map<string, TrackedFile>();
  private indexed = new Map<string, PageCoding[]>();
  /** The study's codings of this coder, until they are filed by fragment (at the first change, or in idle time). */
  private unfiled: readonly Coding[] | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private coded: number | undefined;
  /** Goes up with every change of what the page is shown (codings, codebooks), so the page's state can be kept. */
  revision = 0;
  readonly scope: (code: string) => boolean;

  constructor(
    readonly study: Study,
    readonly coder: CoderConfig,
  ) {
    this.codings = new TrackedFile(resolve(study.root, coder.file), ['fragment', 'label', 'memo']);
    for (const cb of study.codebooks)
      this.codebookFiles.set(
        cb.id,
        new TrackedFile(resolve(study.root, study.config.codebooks.find((c) => c.id === cb.id)!.file), []),
      );
    this.scope = (code) => {
      const f = study.fragmentIndex.get(code);
      return f !== undefined && coderSaw(coder, f);
    };
  }

  get codingsFile(): string {
    return shown(this.codings.path);
  }

  /**
   * Reads the files. `asRead` is the codings file's text as the study was read: when the
   * file still holds it, the study's codings of this coder are taken as they are instead
   * of reading the file a second time, and its layout is split when first written.
   */
  async open(asRead?: string): Promise<void> {
    await this.codings.read();
    for (const f of this.codebookFiles.values()) await f.read();
    if (asRead !== undefined && asRead === this.codings.text) {
      this.coded = undefined;
      this.revision++;
      this.unfiled = this.study.codings.filter((c) => c.coder === this.coder.name);
    } else this.index();
  }

  /**
   * Splits the codings file into records and files the codings by fragment now, so that
   * the first change is written as fast as the rest.
   */
  prepare(): void {
    void this.codings.layout;
    void this.byFragment;
  }

  /** The coder's codings by fragment, filed when first needed. */
  private get byFragment(): Map<string, PageCoding[]> {
    if (this.unfiled !== undefined) this.fileStudyCodings(this.unfiled);
    return this.indexed;
  }

  private set byFragment(map: Map<string, PageCoding[]>) {
    this.unfiled = undefined;
    this.indexed = map;
  }

  private fileStudyCodings(codings: readonly Coding[]): void {
    this.unfiled = undefined;
    this.indexed = new Map();
    for (const c of codings) {
      const coding: PageCoding = {
        fragment: c.fragment,
        label: c.label,
        memo: c.memo,
        stance: c.stance ?? '',
        type: c.type ?? '',
      };
      const list = this.indexed.get(c.fragment);
      if (list) list.push(coding);
      else this.indexed.set(c.fragment, [coding]);
    }
  }

  private index(): void {
    this.coded = undefined;
    this.revision++;
    this.byFragment = new Map();
    for (const c of codingsOfLayout(this.codings.layout)) {
      const list = this.byFragment.get(c.fragment);
      if (list) list.push(c);
      else this.byFragment.set(c.fragment, [c]);
    }
  }

  /**
   * The coder's codings for the page: in file order while they are the study's as read,
   * afterwards by fragment (fragments in the order of their first row in the file).
   */
  pageCodings(): readonly PageCodingFields[] {
    return this.unfiled ?? [...this.indexed.values()].flat();
  }

  /** The coder's codings of one fragment. */
  codingsOf(code: string): readonly PageCoding[] {
    return this.byFragment.get(code) ?? [];
  }

  /** Fragments in the coder's scope that carry at least one of her labels (kept up to date per change). */
  codedCount(): number {
    if (this.coded === undefined) {
      let n = 0;
      for (const code of this.byFragment.keys()) if (this.scope(code)) n++;
      this.coded = n;
    }
    return this.coded;
  }

  /** Waits for every write asked for so far. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** Checks the files on disk; true when one was changed by someone else and has been re-read. */
  check(): Promise<{ changed: boolean; message?: string }> {
    return this.serialise(async () => {
      const message = await this.refreshAll();
      return message === undefined ? { changed: false } : { changed: true, message };
    });
  }

  apply(change: Change): Promise<ChangeResult> {
    return this.serialise(async () => {
      const reread = await this.refreshAll();
      const result = await this.applyNow(change);
      if (reread === undefined) return result;
      return { ...result, reread: true, message: [reread, result.message].filter(Boolean).join(' ') };
    });
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Re-reads changed files; a message saying which, or undefined. */
  private async refreshAll(): Promise<string | undefined> {
    const changed: string[] = [];
    if (await this.codings.refresh()) {
      this.index();
      changed.push(shown(this.codings.path));
      const parsed = parseCodings(this.codings.text, shown(this.codings.path), this.coder.name);
      const checked = validateCodings(parsed.codings, this.study.fragmentIndex, this.study.codebookOfGroup);
      const problems = [...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error');
      if (problems.length > 0)
        changed.push(
          `(${problems.length} problem${problems.length === 1 ? '' : 's'} in it: ${formatDiagnostic(problems[0]!)})`,
        );
    }
    for (const [id, file] of this.codebookFiles) {
      if (!(await file.refresh())) continue;
      const parsed = parseCodebook(file.text, shown(file.path), id);
      const codebook = this.study.codebooks.find((c) => c.id === id)!;
      if (!hasErrors(parsed.diagnostics)) codebook.mains = parsed.codebook.mains;
      this.revision++;
      changed.push(shown(file.path));
    }
    if (changed.length === 0) return undefined;
    return `${changed.join(', ')} changed on disk and was read again.`;
  }

  private refuse(status: number, message: string): ChangeResult {
    return { ok: false, status, message };
  }

  private async applyNow(change: Change): Promise<ChangeResult> {
    const fragment = this.study.fragmentIndex.get(change.fragment);
    if (!fragment) return this.refuse(422, `Unknown fragment ${change.fragment}.`);
    if (!coderSaw(this.coder, fragment))
      return this.refuse(
        422,
        `Fragment ${change.fragment} is outside ${this.coder.name}'s scope (${this.coder.scope?.join(', ')}).`,
      );
    const codebook = this.study.codebookOfGroup.get(fragment.group);
    if (!codebook) return this.refuse(422, `Group ${fragment.group} has no codebook.`);
    const own = this.byFragment.get(change.fragment) ?? [];
    const layout = this.codings.layout;
    if (layout.header.cells.length > 0 && !codingsHeaderOk(layout))
      return this.refuse(409, `${this.codingsFile} has no fragment and label columns; nothing was written.`);
    let label: string;
    let codebookChanged = false;
    if (change.op === 'new-label') {
      const main = codebook.mains.find((m) => m.no === change.main);
      if (!main) return this.refuse(422, `Codebook ${codebook.id} has no main label ${change.main}.`);
      const name = change.name.trim();
      const existing = main.cores.find((c) => c.label.toLowerCase() === name.toLowerCase());
      if (existing)
        return this.refuse(422, `Main label ${main.no} already has "${existing.label}" (${existing.id}).`);
      const letter = nextCoreLetter(main.cores.map((c) => c.letter));
      if (letter.length > 2) return this.refuse(422, `Main label ${main.no} has no free core letter.`);
      const file = this.codebookFiles.get(codebook.id)!;
      addCoreLabelRow(file.layout, {
        subquestion: codebook.subquestion,
        mainNo: main.no,
        mainLabel: main.label,
        letter,
        label: name,
        definition: change.definition.trim(),
      });
      await file.write();
      label = `${main.no}.${letter}`;
      main.cores.push({ id: label, letter, label: name, definition: change.definition.trim(), line: 0 });
      codebookChanged = true;
    } else {
      label = change.label;
      if (!codebook.mains.some((m) => m.cores.some((c) => c.id === label)))
        return this.refuse(422, `Unknown label ${label} in codebook ${codebook.id}.`);
    }
    const has = own.find((c) => c.label === label);
    let list = own;
    if (change.op === 'add' || change.op === 'new-label') {
      if (has) return this.refuse(422, `${change.fragment} already has ${label}.`);
      const coding: PageCoding =
        change.op === 'add'
          ? { fragment: change.fragment, label, memo: change.memo, stance: change.stance, type: change.type }
          : { fragment: change.fragment, label, memo: '', stance: '', type: '' };
      addCoding(layout, coding, (code) => this.study.fragmentIndex.positionOf(code));
      list = [...own, coding];
    } else if (change.op === 'remove') {
      if (!has || !removeCoding(layout, change.fragment, label))
        return this.refuse(422, `${change.fragment} has no ${label} to remove.`);
      list = own.filter((c) => c !== has);
    } else {
      const coding: PageCoding = {
        fragment: change.fragment,
        label,
        memo: change.memo,
        stance: change.stance,
        type: change.type,
      };
      if (!has || !updateCoding(layout, coding))
        return this.refuse(422, `${change.fragment} has no ${label}.`);
      list = own.map((c) => (c === has ? coding : c));
    }
    try {
      await this.codings.write();
    } catch (e) {
      // Nothing was renamed: the file on disk is the old one; read it again to match.
      await this.codings.read();
      this.index();
      return this.refuse(500, `Could not write ${this.codingsFile}: ${(e as Error).message}`);
    }
    if (this.coded !== undefined) this.coded += (list.length > 0 ? 1 : 0) - (own.length > 0 ? 1 : 0);
    if (list.length > 0) this.byFragment.set(change.fragment, list);
    else this.byFragment.delete(change.fragment);
    this.revision++;
    return {
      ok: true,
      status: 200,
      fragment: change.fragment,
      codings: list,
      coded: this.codedCount(),
      ...(codebookChanged ? { codebook } : {}),
    };
  }
}

function codingsHeaderOk(layout: CsvLayout): boolean {
  const names = layout.header.cells.map((h) => h.trim().toLowerCase());
  return (
    names.some((n) => ['fragment', 'code', 'fragment_code'].includes(n)) &&
    names.some((n) => ['label', 'core_label'].includes(n))
  );
}
