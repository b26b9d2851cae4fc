import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStudy, FIXTURES, runCli } from '../helpers/run-cli.js';

const MINI = join(FIXTURES, 'studies/mini');

function edit(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('messages a new user reads', () => {
  it('reports the codings of a respondent whose source gave no fragments as one line with a count', () => {
    const dir = copyStudy('mini');
    edit(join(dir, 'qualkit.json'), (t) => t.replace('"speaker": "Jay"', '"speaker": "Jayden"'));
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('No turn in "sources/C1.txt" is by "Jayden"');
    // anna coded C1.1, C1.2, C1.3 (twice) at lines 8–11; bram C1.1, C1.2 at lines 2–3.
    expect(r.stdout).toContain(
      'codings/anna.csv:8: error 4 codings (lines 8–11) name fragments of C1, but the study has no fragments of C1 (see the errors about its sources, if any) [codings/unknown-fragment]',
    );
    expect(r.stdout).toContain('codings/bram.csv:2: error 2 codings (lines 2–3) name fragments of C1');
    expect(r.stdout).not.toContain('Unknown fragment C1.');
    expect(r.stderr).toContain('3 errors');
  });

  it('hints at the capital letter for a lowercase label and a lowercase citation', () => {
    const dir = copyStudy('mini');
    edit(join(dir, 'codings/bram.csv'), (t) => t.replace('C2.1,2.B', 'C2.1,2.b'));
    const r = runCli(['validate', dir]);
    expect(r.stdout).toContain(
      'codings/bram.csv:4: error Unexpected label "2.b", expected main number, dot, core letter (e.g. 3.J) (did you mean 2.B?) [codings/malformed-label]',
    );
    const draftDir = mkdtempSync(join(tmpdir(), 'qualkit-cite-'));
    writeFileSync(join(draftDir, 'draft.md'), 'Schaamte [b1.1, C1.1].\n');
    const c = runCli(['cite-check', join(draftDir, 'draft.md'), '--study', MINI]);
    expect(c.stdout).toContain(
      'error Malformed citation [b1.1, C1.1]: "b1.1": the group letter is lower case (did you mean B1.1?) [cite/lowercase-letter]',
    );
  });

  it('cite-check counts a fragment cited through a repairable malformed code as cited', () => {
    const draftDir = mkdtempSync(join(tmpdir(), 'qualkit-cite-'));
    // Bl.2 (OCR) is B1.2, b1.3 is B1.3, C22 is C2.2: only B2.2 of B is never cited.
    writeFileSync(join(draftDir, 'draft.md'), 'Zie [B1.1, Bl.2, b1.3] en [B2.1, C22].\n');
    const md = runCli(['cite-check', join(draftDir, 'draft.md'), '--study', MINI]).stdout;
    expect(md).toContain('(did you mean B1.2?) [cite/ocr-letter]');
    expect(md).toContain('| B | 1: B2.2 |');
    // C2.2 is cited as C22; without it, the list would read 6: C1.1-C1.3, C2.1, C2.2, C3.2.
    expect(md).toContain('| C | 5: C1.1-C1.3, C2.1, C3.2 |');
  });

  it('validate writes "by 1 coder" and says when the coders compared have different scopes', () => {
    const dir = copyStudy('mini');
    edit(join(dir, 'qualkit.json'), (t) =>
      t.replace(/,\s*\{ "name": "bram", "file": "codings\/bram.csv", "scope": \["C"\] \}/, ''),
    );
    expect(runCli(['validate', dir]).stderr).toContain('12 valid codings by 1 coder: 0 errors');
    const both = runCli(['validate', MINI, '--coders']).stdout;
    // anna saw all 12 fragments, bram the 7 of group C.
    expect(both).toContain(
      "Label counts per coder. The coders' scopes differ, so each count is over the fragments that coder saw (anna 12, bram 7); compare them with care, or use qualkit agree",
    );
  });
});
