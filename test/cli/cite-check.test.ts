import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAppendixStudy } from '../helpers/appendix-study.js';
import { makeDocx } from '../helpers/make-docx.js';
import { FIXTURES, ROOT, runCli } from '../helpers/run-cli.js';

interface FixtureGroup {
  line: number;
  raw: string;
  problems: { kind: string; token: string }[];
}

/*
 * Chapters 5–7 of the reference thesis (lines 971–1667) cite fragments inline. Every
 * citation group there was listed and judged by hand in test/fixtures/thesis-citations.json
 * (174 groups, 11 malformed). The study is rebuilt from appendix 10, so every code the
 * authors meant exists and is coded.
 */
const THESIS = join(ROOT, '../shared/reference/thesis-stille-schreeuw.txt');
if (!existsSync(THESIS))
  console.warn(
    `cite-check thesis tests skipped: ${THESIS} is not there (it is beside the checkout in this workplace and in CI)`,
  );

const HAS_THESIS = existsSync(THESIS);

describe.skipIf(!HAS_THESIS)('cite-check on chapters 5–7 of the reference thesis', () => {
  // A skipped suite's body still runs to collect its tests: without the thesis it reads nothing.
  const thesis = HAS_THESIS ? readFileSync(THESIS, 'utf8').split('\n') : [];
  const draftDir = mkdtempSync(join(tmpdir(), 'qualkit-draft-'));
  const draft = join(draftDir, 'chapters-5-7.txt');
  // Keep the thesis's line numbers: lines outside chapters 5–7 are left empty.
  writeFileSync(draft, thesis.map((l, i) => (i + 1 >= 971 && i + 1 <= 1667 ? l : '')).join('\n'));
  const { dir } = buildAppendixStudy(['dv2', 'dv3', 'dv4']);
  const fixture = JSON.parse(readFileSync(join(FIXTURES, 'thesis-citations.json'), 'utf8')) as FixtureGroup[];
  const result = runCli(['cite-check', draft, '--study', dir, '--format', 'json']);
  const check = JSON.parse(result.stdout) as {
    groups: { line: number; raw: string; labels: { label: string; fragments: number }[] }[];
    diagnostics: { line: number; rule: string; message: string; severity: string }[];
  };

  it('finds every citation group the hand count found', () => {
    expect(check.groups.map((g) => [g.line, g.raw])).toEqual(fixture.map((g) => [g.line, g.raw]));
  });

  it('reports exactly the real citation errors, and nothing on the well-formed groups', () => {
    const expected = fixture
      .flatMap((g) =>
        g.problems.map((p) => `${g.line} cite/${p.kind} ${p.kind === 'duplicate' ? 'B2.16' : p.token}`),
      )
      .sort();
    const found = check.diagnostics
      .map(
        (d) => `${d.line} ${d.rule} ${/"([^"]+)"|names (\S+) twice/.exec(d.message)!.slice(1).find(Boolean)}`,
      )
      .sort();
    expect(found).toEqual(expected);
    expect(expected).toHaveLength(14);
  });

  it('exits 1 because there are errors, with a summary on stderr', () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('174 citation groups');
    expect(result.stderr).toContain('13 errors, 1 warning');
  });

  it('lists the labels behind a citation', () => {
    // [B2.10 B3.12 B5.15 B6.17] (line 1407, "behulpzaamheid"): appendix 10 lists all four under 5.B.
    const group = check.groups.find((g) => g.line === 1407)!;
    expect(group.labels.find((l) => l.label.startsWith('5.B '))).toEqual({
      label: '5.B Behulpzame indruk achterlaten',
      fragments: 4,
    });
  });
});

describe('cite-check on a small draft', () => {
  const MINI = join(FIXTURES, 'studies/mini');

  it('reports fragments that do not exist (error) and fragments nobody coded (warning), and what is never cited', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-cite-'));
    writeFileSync(
      join(dir, 'draft.md'),
      '# Bevindingen\n\nJongens schamen zich [B1.1, C1.1].\nZe wantrouwen hulp [B2.1,\nC2.2] en [C3.1] en [B1.9].\n',
    );
    const r = runCli(['cite-check', join(dir, 'draft.md'), '--study', MINI, '--format', 'csv']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('line,end_line,citation,codes,problems,labels');
    expect(r.stdout).toContain('3,3,"[B1.1, C1.1]","B1.1, C1.1",,1.A Schaamte (2)');
    const md = runCli(['cite-check', join(dir, 'draft.md'), '--study', MINI]).stdout;
    expect(md).toContain(`${dir}/draft.md:5: warning Fragment C3.1 is cited but no coder gave it a label`);
    expect(md).toContain(`${dir}/draft.md:5: error Fragment B1.9 does not exist (B1 has B1.1 to B1.3)`);
    // Never cited: B1.2, B1.3, B2.2 are coded in B; of C, C1.2, C1.3, C2.1, C3.2.
    expect(md).toContain('| B | 3: B1.2, B1.3, B2.2 | 2.A Onderdak; 2.B Geld |');
    expect(md).toContain('| C | 4: C1.2, C1.3, C2.1, C3.2 | 2.A Onderdak; 2.B Geld |');
  });

  it('reads .docx drafts, one line per paragraph', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-docx-'));
    writeFileSync(
      join(dir, 'scriptie.docx'),
      makeDocx(['Hoofdstuk 5', 'Jongens schamen zich [B1.1, Bl.2].', 'Geen citaat hier.']),
    );
    const r = runCli(['cite-check', join(dir, 'scriptie.docx'), '--study', MINI]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `- \`${dir}/scriptie.docx:2: error Malformed citation [B1.1, Bl.2]: "Bl.2": a letter where a digit belongs (did you mean B1.2?) [cite/ocr-letter]\``,
    );
  });

  it('exits 0 on a clean draft and names a missing draft', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-clean-'));
    writeFileSync(join(dir, 'ok.md'), 'Zie [B1.1, B1.2].\n');
    expect(runCli(['cite-check', join(dir, 'ok.md'), '--study', MINI]).status).toBe(0);
    const missing = runCli(['cite-check', join(dir, 'nope.md'), '--study', MINI]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.md: error file not found');
  });
});
