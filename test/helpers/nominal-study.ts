import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A study that lays out a reliability data matrix as qualkit codings: unit u is respondent
 * A<u+1> with one fragment A<u+1>.1; category j is core label 1.<letter j> of main label 1,
 * marked exclusive; `units[u][c]` is coder c's category (0-based) or null when coder c did
 * not rate the unit, which becomes the coder's `scope` (the respondents the coder saw).
 */
export function nominalStudy(units: readonly (readonly (number | null)[])[], categories: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-nominal-'));
  mkdirSync(join(dir, 'sources'));
  mkdirSync(join(dir, 'codings'));
  const letters = Array.from({ length: categories }, (_, j) => String.fromCharCode(65 + j));
  writeFileSync(
    join(dir, 'codebook.csv'),
    [
      'subquestion,main_no,main_label,core_letter,core_label,definition,exclusive',
      '1,1,Waarde,,,De waarde die een codeur een eenheid geeft.,yes',
      ...letters.map((l, j) => `1,1,Waarde,${l},Waarde ${j + 1},`),
      '',
    ].join('\n'),
  );
  const coders = units[0]!.length;
  const respondents = units.map((_, u) => `A${u + 1}`);
  for (const r of respondents)
    writeFileSync(join(dir, 'sources', `${r}.txt`), `I: Vraag?\nR: Antwoord van ${r}.\n`);
  const coderNames = Array.from({ length: coders }, (_, c) => `coder${c + 1}`);
  coderNames.forEach((name, c) => {
    const rows = units.flatMap((unit, u) =>
      unit[c] === null ? [] : [`A${u + 1}.1,1.${letters[unit[c]!]},`],
    );
    writeFileSync(join(dir, 'codings', `${name}.csv`), ['fragment,label,memo', ...rows, ''].join('\n'));
  });
  const config = {
    study: 'Nominal reliability data',
    codebooks: [{ id: 'cb', file: 'codebook.csv' }],
    groups: [{ letter: 'A', name: 'Eenheden', kind: 'interview', codebook: 'cb' }],
    respondents: respondents.map((id) => ({ id })),
    sources: respondents.map((r) => ({ file: `sources/${r}.txt`, respondent: r, speaker: 'R' })),
    coders: coderNames.map((name, c) => {
      const seen = respondents.filter((_, u) => units[u]![c] !== null);
      return {
        name,
        file: `codings/${name}.csv`,
        ...(seen.length === respondents.length ? {} : { scope: seen }),
      };
    }),
    privacy: { pseudonymise: false },
  };
  writeFileSync(join(dir, 'qualkit.json'), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}
