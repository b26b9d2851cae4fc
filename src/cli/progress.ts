import type { ProgressReporter } from '../core/progress-reporter.js';
import { silentProgress } from '../core/progress-reporter.js';

/** Stages shorter than this show nothing (QUALKIT_PROGRESS_DELAY in ms, for tests). */
const DELAY_MS = Number.isFinite(Number(process.env.QUALKIT_PROGRESS_DELAY))
  ? Number(process.env.QUALKIT_PROGRESS_DELAY)
  : 500;
/** At most one redraw per this many ms. */
const REDRAW_MS = 100;
const BAR = 20;

/**
 * One line on stderr, redrawn in place (`\r` and erase to the end of the line) and cleared
 * before anything else is written to stderr and at the end: the stage, a bar and count
 * where the total is known, and the time since the command started. Drawn only once a
 * stage has run for half a second; a timer (that never keeps the process alive) redraws
 * the line while the work waits for files.
 */
export class TerminalProgress implements ProgressReporter {
  private name = '';
  private total: number | undefined;
  private unit = '';
  private count = 0;
  private stageStart = 0;
  private lastDraw = 0;
  private shown = false;
  private timer: NodeJS.Timeout | undefined;

  private readonly started: number;

  constructor(
    private readonly write: (s: string) => void,
    private readonly columns: () => number,
    private readonly now: () => number = Date.now,
    private readonly delayMs = DELAY_MS,
  ) {
    this.started = now();
  }

  stage(name: string, total?: number, unit = ''): void {
    this.clear();
    this.name = name;
    this.total = total;
    this.unit = unit;
    this.count = 0;
    this.stageStart = this.now();
    this.lastDraw = 0;
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), REDRAW_MS);
      this.timer.unref();
    }
    this.draw();
  }

  step(n = 1): void {
    this.count += n;
    this.draw();
  }

  /** Removes the line (before other output, and at the end). */
  clear(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }

  /** The end of the command: the line goes and the timer stops. */
  done(): void {
    this.clear();
    this.name = '';
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private draw(): void {
    if (this.name === '') return;
    const now = this.now();
    if (now - this.stageStart < this.delayMs || (this.shown && now - this.lastDraw < REDRAW_MS)) return;
    this.lastDraw = now;
    const seconds = `${((now - this.started) / 1000).toFixed(1)} s`;
    const unit = this.unit ? ` ${this.unit}` : '';
    let count = '';
    if (this.total !== undefined && this.total > 0) {
      const done = Math.min(this.count, this.total);
      const filled = Math.round((done / this.total) * BAR);
      count = `  ${done}/${this.total}${unit} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
    } else if (this.count > 0) count = `  ${this.count}${unit}`;
    // The time first: a narrow terminal cuts the bar, not the stage or the time.
    const line = `qualkit ${seconds}  ${this.name}${count}`;
    const width = Math.max(20, this.columns() - 1);
    this.write(`\r${line.length > width ? line.slice(0, width) : line}\x1b[K`);
    this.shown = true;
  }
}

let current: TerminalProgress | undefined;
let quiet = false;

/** `--quiet`: no progress, whatever stderr is. */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/**
 * This process's reporter: drawn on stderr when stderr is a terminal (not a pipe, a file
 * or CI), TERM is not "dumb" and `--quiet` was not given; otherwise silent.
 */
export function progress(): ProgressReporter {
  if (quiet || !process.stderr.isTTY || process.env.TERM === 'dumb') return silentProgress;
  current ??= new TerminalProgress(
    (s) => process.stderr.write(s),
    () => process.stderr.columns || Number(process.env.COLUMNS) || 80,
  );
  return current;
}

/** Clears the progress line so a message can be written (console.say calls it). */
export function clearProgress(): void {
  current?.clear();
}

/** Ends progress at the end of a command. */
export function endProgress(): void {
  current?.done();
}
