/** One row of a coder's codings CSV: a core label assigned to a fragment. */
export interface Coding {
  coder: string;
  fragment: string;
  label: string;
  memo: string;
  file: string;
  line: number;
}
