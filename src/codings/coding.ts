/** One row of a coder's codings CSV: a core label assigned to a fragment. */
export interface Coding {
  coder: string;
  fragment: string;
  label: string;
  memo: string;
  /** Optional stance: a coding that contradicts the label's theme (triangulation: dissonance). */
  stance?: 'supports' | 'contradicts';
  /** Optional respondent type the fragment speaks about, when it is not the respondent's own. */
  type?: string;
  file: string;
  line: number;
}
