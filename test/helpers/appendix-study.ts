import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expandRanges } from '../../src/core/compress-ranges.js';
import { FIXTURES, ROOT } from './run-cli.js';

const GROUPS = [
  { letter: 'A', name: 'Medewerkers', kind: 'interview', codebook: 'dv2' },
  { letter: 'B', name: 'Professionals', kind: 'interview', codebook: 'dv3' },
  { letter: 'C', name: 'Chats minderjarigen', kind: 'chat', codebook: 'dv4' },
  { letter: 'D', name: 'Ervaringsdeskundigen', kind: 'chat', codebook: 'dv4' },
];

/**
 * A study rebuilt from the appendix-10 fragment lists of the reference thesis
 * (test/fixtures/appendix10/dv*.csv): for each interview as many respondent turns as its
 * highest listed fragment number, and one coder who coded exactly what appendix 10 lists.
 */
export function buildAppendixStudy(codebooks: ('dv2' | 'dv3' | 'dv4')[]): {
  dir: string;
  expected: Map<string, { label: string; fragments: string }[]>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-appendix-'));
  mkdirSync(join(dir, 'sources'));
  const maxFragment = new Map<string, number>();
  const codings: string[] = ['fragment,label'];
  const expected = new Map<string, { label: string; fragments: string }[]>();
  for (const cb of codebooks) {
    const rows = parse(readFileSync(join(FIXTURES, `appendix10/${cb}.csv`), 'utf8'), { columns: true }) as {
      label: string;
      fragments: string;
    }[];
    expected.set(cb, rows);
    for (const { label, fragments } of rows)
      for (const code of expandRanges(fragments) ?? []) {
        const [respondent, n] = code.split('.') as [string, string];
        maxFragment.set(respondent, Math.max(maxFragment.get(respondent) ?? 0, Number(n)));
        codings.push(`${code},${label}`);
      }
  }
  const respondents = [...maxFragment.keys()].sort();
  for (const r of respondents) {
    const turns = Array.from(
      { length: maxFragment.get(r)! },
      (_, i) => `I: Vraag ${i + 1}?\nR: Antwoord ${i + 1} van ${r}.`,
    );
    writeFileSync(join(dir, 'sources', `${r}.txt`), `Interview ${r}\n\n${turns.join('\n')}\n`);
  }
  // Appendix 10 lists a few fragments under two labels; a coder gives a label once.
  writeFileSync(join(dir, 'codings.csv'), `${[...new Set(codings)].join('\n')}\n`);
  const groups = GROUPS.filter((g) => codebooks.includes(g.codebook as 'dv2'));
  writeFileSync(
    join(dir, 'qualkit.json'),
    JSON.stringify({
      study: 'Appendix 10 of the reference thesis',
      codebooks: codebooks.map((id) => ({ id, file: join(ROOT, `codebooks/${id}.csv`) })),
      groups,
      respondents: respondents.map((id) => ({ id })),
      sources: respondents.map((id) => ({ file: `sources/${id}.txt`, respondent: id, speaker: 'R' })),
      coders: [{ name: 'thesis', file: 'codings.csv' }],
    }),
  );
  return { dir, expected };
}
