/**
 * A codebook for one sub-question (deelvraag): numbered main labels (hoofdlabels) with
 * lettered core labels (kernlabels) under them. A coding names a core label as `3.J`.
 */
export interface CoreLabel {
  /** `3.J` */
  id: string;
  letter: string;
  label: string;
  definition: string;
  /** `#RRGGBB`, when the codebook gives one. */
  color?: string;
  line: number;
}

export interface MainLabel {
  /** `3` */
  id: string;
  no: number;
  label: string;
  definition: string;
  color?: string;
  /**
   * The core labels exclude each other (tone, stance, phase): a coder gives a fragment at
   * most one of them, and agreement treats them as the categories of one nominal variable.
   */
  exclusive?: boolean;
  cores: CoreLabel[];
  line: number;
}

export interface Codebook {
  id: string;
  subquestion: string;
  question?: string;
  file: string;
  mains: MainLabel[];
}

export function coreLabels(codebook: Codebook): CoreLabel[] {
  return codebook.mains.flatMap((m) => m.cores);
}

/** Core label by id (`3.J`), for lookups during validation and analysis. */
export function indexCoreLabels(codebook: Codebook): Map<string, { main: MainLabel; core: CoreLabel }> {
  const index = new Map<string, { main: MainLabel; core: CoreLabel }>();
  for (const main of codebook.mains) for (const core of main.cores) index.set(core.id, { main, core });
  return index;
}

/** Compares label letters so that `Z` < `AA` (spreadsheet column order). */
export function compareLetters(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Orders label ids by main number, then core letter: `2.B` < `3.A` < `3.Z` < `3.AA` < `10.A`. */
export function compareLabelIds(x: string, y: string): number {
  const [mx, lx] = x.split('.');
  const [my, ly] = y.split('.');
  return Number(mx) - Number(my) || compareLetters(lx ?? '', ly ?? '');
}
