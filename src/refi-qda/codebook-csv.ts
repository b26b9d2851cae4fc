import type { Codebook } from '../codebook/codebook.js';
import { stringifyCsv } from '../io/csv.js';

/** A codebook in qualkit's CSV layout (the inverse of parseCodebook); color only when some label has one. */
export function codebookCsv(codebook: Codebook, options: { excel?: boolean } = {}): string {
  const withColor = codebook.mains.some((m) => m.color || m.cores.some((c) => c.color));
  const header = [
    'subquestion',
    'main_no',
    'main_label',
    'core_letter',
    'core_label',
    'definition',
    ...(withColor ? ['color'] : []),
  ];
  const rows: (string | number)[][] = [];
  for (const m of codebook.mains) {
    rows.push([
      codebook.subquestion,
      m.no,
      m.label,
      '',
      '',
      m.definition,
      ...(withColor ? [m.color ?? ''] : []),
    ]);
    for (const c of m.cores)
      rows.push([
        codebook.subquestion,
        m.no,
        m.label,
        c.letter,
        c.label,
        c.definition,
        ...(withColor ? [c.color ?? ''] : []),
      ]);
  }
  return stringifyCsv(header, rows, options);
}
