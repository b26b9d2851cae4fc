import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/run-cli.js';

/**
 * The real-client test: QualCoder's own REFI-QDA code (refi.py, read from ../shared/qualcoder at
 * test time, never copied) imports qualkit's exports and exports projects qualkit imports.
 */
const QUALCODER = join(ROOT, '../shared/qualcoder/src/qualcoder/refi.py');
const DRIVER = join(ROOT, 'test/qualcoder/refi-driver.py');
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import PyQt6.QtWidgets, PyQt6.QtMultimedia'], { encoding: 'utf8' });
const MISSING = !existsSync(QUALCODER)
  ? `QualCoder's source (${QUALCODER})`
  : probe.status !== 0
    ? "Debian's python3-pyqt6 and python3-pyqt6.qtmultimedia for /usr/bin/python3 (.ci/run installs them)"
    : undefined;
if (MISSING && !process.env.CI) console.warn(`QualCoder round-trip tests skipped: missing ${MISSING}`);
// In CI the tests run and fail on what is missing; elsewhere they are skipped with the message above.
const run = MISSING && !process.env.CI ? it.skip : it;
// Each test runs QualCoder twice and qualkit several times: minutes on a busy machine.
const itQc = (name: string, fn: () => void) => run(name, fn, 300_000);

interface QualCoderDb {
  source: { id: number; name: string; fulltext: string; memo: string }[];
  code_cat: { catid: number; name: string; supercatid: number | null; memo: string }[];
  code_name: { cid: number; name: string; catid: number | null; supercid: number | null; memo: string }[];
  code_text: {
    cid: number;
    fid: number;
    seltext: string;
    pos0: number;
    pos1: number;
    owner: string;
    memo: string;
  }[];
  cases: { caseid: number; name: string; memo: string }[];
  case_text: { caseid: number; fid: number; pos0: number; pos1: number }[];
  attribute: { name: string; attr_type: string; value: string; id: number }[];
  annotation: { memo: string }[];
  journal: { name: string; jentry: string }[];
}

function qualcoder(args: string[], home: string): string {
  expect(MISSING, `missing ${MISSING}`).toBeUndefined();
  const r = spawnSync(PYTHON, [DRIVER, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: home, QT_QPA_PLATFORM: 'offscreen' },
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.status, r.stderr.slice(-2000)).toBe(0);
  return r.stdout;
}

const codepoints = (s: string) => Array.from(s);
const csv = (text: string) => parse(text, { columns: true }) as Record<string, string | undefined>[];

/** qualkit export → QualCoder import → QualCoder export → qualkit import, keeping every step. */
function roundTrip(study: string) {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-qc-'));
  const exported = runCli(['export', 'qdpx', study, '-o', join(dir, 'study.qdpx')]);
  expect(exported.status, exported.stderr).toBe(0);
  const db = JSON.parse(
    qualcoder(['import', join(dir, 'study.qdpx'), join(dir, 'project.qda')], dir),
  ) as QualCoderDb;
  mkdirSync(join(dir, 'out'));
  const qdpx = qualcoder(['export', join(dir, 'project.qda'), join(dir, 'out')], dir).trim();
  const imported = runCli(['import', 'qdpx', qdpx, '-o', join(dir, 'back')]);
  return { dir, db, imported, back: join(dir, 'back') };
}

function figures(study: string) {
  return ['overview', 'freq', 'agree'].map((c) => {
    const r = runCli([c, study, '--format', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  });
}

function codingsOf(study: string, coder: string) {
  return csv(readFileSync(join(study, 'codings', `${coder}.csv`), 'utf8'));
}

/** A small study with what breaks exchange: emoji with ZWJ and skin tones, diacritics, CRLF, a
 * label name in two codebooks (and twice in one), memos, an uncoded fragment, two coders. */
function generatedStudy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-gen-'));
  mkdirSync(join(dir, 'sources'));
  mkdirSync(join(dir, 'codings'));
  const header = 'subquestion,main_no,main_label,core_label,core_letter,definition';
  writeFileSync(
    join(dir, 'cb1.csv'),
    [
      header,
      '1,1,Drempels,,,Wat tegenhoudt.',
      '1,1,Drempels,Schaamte,A,"Schaamte, taboe."',
      '1,1,Drempels,Wantrouwen,B,Geen vertrouwen.',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'cb2.csv'),
    [
      header,
      '2,1,Drempels,,,Wat tegenhoudt (tweede codeboek).',
      '2,1,Drempels,Schaamte,A,Schaamte in het tweede codeboek.',
      '2,1,Drempels,Divers,B,Overig bij drempels.',
      '2,2,Behoeften,,,Wat nodig is.',
      '2,2,Behoeften,Divers,B,Overig bij behoeften.',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'sources/A1.txt'),
    [
      'I: Hoe gaat het met je?',
      'R: Ik schaam me 👩‍👩‍👧‍👦 en 👋🏽, zegt Zoë in het café.',
      'I: En verder?',
      'R: Geen vertrouwen in de hulpverlening, ñandú én façade.',
      'I: Nog iets?',
      'R: Nee, verder niets.',
      '',
    ].join('\r\n'),
  );
  writeFileSync(
    join(dir, 'sources/B1.txt'),
    ['I: Wat zie je?', 'R: Jongens die zich schamen 🧑🏿‍🦱.', 'I: En wat hebben ze nodig?', 'R: Rust.', ''].join(
      '\n',
    ),
  );
  writeFileSync(
    join(dir, 'codings/anna.csv'),
    'fragment,label,memo\nA1.1,1.A,schaamte 👋🏽 én taboe\nA1.2,1.B,\nB1.1,1.A,\nB1.2,2.B,rust\n',
  );
  writeFileSync(
    join(dir, 'codings/bram.csv'),
    'fragment,label,memo\nA1.1,1.A,\nA1.1,1.B,twijfel\nB1.1,1.B,\n',
  );
  writeFileSync(
    join(dir, 'qualkit.json'),
    JSON.stringify({
      study: 'Gegenereerde studie — ëmoji',
      language: 'nl',
      codebooks: [
        { id: 'cb1', file: 'cb1.csv' },
        { id: 'cb2', file: 'cb2.csv' },
      ],
      groups: [
        { letter: 'A', name: 'Jongeren', kind: 'interview', codebook: 'cb1' },
        { letter: 'B', name: 'Professionals', kind: 'interview', codebook: 'cb2' },
      ],
      respondents: [
        { id: 'A1', attributes: { role: 'jongere', age: 16 } },
        { id: 'B1', attributes: { role: 'jeugdarts', age: 45 } },
      ],
      sources: [
        { file: 'sources/A1.txt', respondent: 'A1', speaker: 'R' },
        { file: 'sources/B1.txt', respondent: 'B1', speaker: 'R' },
      ],
      coders: [
        { name: 'anna', file: 'codings/anna.csv' },
        { name: 'bram', file: 'codings/bram.csv' },
      ],
    }),
  );
  return dir;
}

describe('QualCoder opens qualkit exports whole (QualCoder RefiImport / RefiExport)', () => {
  itQc(
    'data-sample: every source, fragment, code, coding with its coder and memo, case and attribute arrive',
    () => {
      const { db, imported, back } = roundTrip('data-sample');
      const config = JSON.parse(readFileSync(join(ROOT, 'data-sample/qualkit.json'), 'utf8'));
      const codings = ['anna', 'bram'].flatMap((c) =>
        codingsOf(join(ROOT, 'data-sample'), c).map((r) => ({ memo: r.memo ?? '', coder: c })),
      );
      // Sources: one per respondent of the literature file, one per other file; names without folders.
      expect(db.source.length).toBe(17);
      expect(db.source.every((s) => !s.name.includes('/') && s.name.endsWith('.txt'))).toBe(true);
      // Codings: all of them, each by its own coder, each with its memo.
      expect(db.code_text.length).toBe(codings.length);
      for (const coder of ['anna', 'bram'])
        expect(db.code_text.filter((t) => t.owner === coder).length).toBe(
          codings.filter((c) => c.coder === coder).length,
        );
      expect(db.code_text.filter((t) => t.memo).length).toBe(codings.filter((c) => c.memo).length);
      for (const t of db.code_text) {
        const text = db.source.find((s) => s.id === t.fid)!.fulltext;
        expect(t.seltext).toBe(codepoints(text).slice(t.pos0, t.pos1).join(''));
      }
      // Codes: every core label a code, in a main-label category inside its codebook's category.
      const cores = ['dv2', 'dv3', 'dv4'].flatMap((id) =>
        csv(readFileSync(join(ROOT, `codebooks/${id}.csv`), 'utf8')).filter((r) => r.core_letter),
      );
      expect(db.code_name.length).toBe(cores.length);
      const cat = new Map(db.code_cat.map((c) => [c.catid, c]));
      for (const code of db.code_name) {
        const main = cat.get(code.catid!)!;
        expect(['dv2', 'dv3', 'dv4']).toContain(cat.get(main.supercatid!)!.name);
      }
      // Cases with their attributes and their link to their text.
      expect(db.cases.map((c) => c.name).sort()).toEqual(
        // the configured respondents and the literature file's publications
        [...(config.respondents as { id: string }[]).map((r) => r.id), 'L1', 'L2', 'L3', 'L4'].sort(),
      );
      for (const r of config.respondents as { id: string; attributes: Record<string, unknown> }[]) {
        const caseid = db.cases.find((c) => c.name === r.id)!.caseid;
        for (const [name, value] of Object.entries(r.attributes))
          expect(db.attribute).toContainEqual({ name, attr_type: 'case', value: String(value), id: caseid });
      }
      expect(new Set(db.case_text.map((c) => c.caseid)).size).toBe(db.cases.length);
      expect(db.annotation).toEqual([]);

      // …and back into qualkit with the same figures.
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stderr).toContain(
        '16 respondents, 143 fragments in 17 sources, 405 codings by 2 coder(s)',
      );
      expect(runCli(['validate', back]).status).toBe(0);
      expect(figures(back)).toEqual(figures('data-sample'));
      const memosBack = ['anna', 'bram'].flatMap((c) => codingsOf(back, c)).filter((c) => c.memo);
      expect(memosBack.length).toBe(codings.filter((c) => c.memo).length);
      expect(JSON.parse(readFileSync(join(back, 'qualkit.json'), 'utf8')).coders[1].scope).toEqual([
        'B',
        'C',
      ]);
    },
  );

  itQc(
    'a generated study (emoji, diacritics, CRLF, a label name in two codebooks) comes back with the same figures',
    () => {
      const study = generatedStudy();
      const { db, imported, back } = roundTrip(study);
      const a1 = db.source.find((s) => s.name === 'A1.txt')!;
      expect(a1.fulltext).not.toContain('\r');
      const shame = db.code_text.filter((t) => t.seltext === 'Ik schaam me 👩‍👩‍👧‍👦 en 👋🏽, zegt Zoë in het café.');
      expect(shame.map((t) => [t.owner, t.memo]).sort()).toEqual([
        ['anna', 'schaamte 👋🏽 én taboe'],
        ['bram', ''],
        ['bram', 'twijfel'],
      ]);
      // Python slices code points, as REFI-QDA counts; so does the check here.
      expect(codepoints(a1.fulltext).slice(shame[0]!.pos0, shame[0]!.pos1).join('')).toBe(shame[0]!.seltext);
      expect(db.code_name.map((c) => c.name).sort()).toEqual([
        'A. Schaamte (cb1 1.A)',
        'A. Schaamte (cb2 1.A)',
        'B. Divers (cb2 1.B)',
        'B. Divers (cb2 2.B)',
        'B. Wantrouwen',
      ]);
      expect(db.code_cat.map((c) => c.name).sort()).toEqual([
        '1. Drempels (cb1)',
        '1. Drempels (cb2)',
        '2. Behoeften',
        'cb1',
        'cb2',
      ]);
      // The uncoded fragment (A1.3) is no selection, so no empty annotation.
      expect(db.annotation).toEqual([]);
      expect(db.code_text.length).toBe(7);

      expect(imported.status, imported.stderr).toBe(0);
      expect(runCli(['validate', back]).status).toBe(0);
      expect(figures(back)).toEqual(figures(study));
      const anna = codingsOf(back, 'anna');
      expect(anna.find((c) => c.fragment === 'A1.1')?.memo).toBe('schaamte 👋🏽 én taboe');
      const fragmentsBack = runCli(['ingest', back, '-o', join(back, 'book')]);
      expect(fragmentsBack.status, fragmentsBack.stderr).toBe(0);
    },
  );

  itQc(
    'a project made in QualCoder (two coders, memos, cases, a sub-code, an annotation, a journal) imports whole',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'qualkit-qcmade-'));
      qualcoder(['make', join(dir, 'made.qda')], dir);
      mkdirSync(join(dir, 'out'));
      const qdpx = qualcoder(['export', join(dir, 'made.qda'), join(dir, 'out')], dir).trim();
      const r = runCli(['import', 'qdpx', qdpx, '-o', join(dir, 'study')]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('2 respondents, 2 fragments in 2 sources, 4 codings by 2 coder(s)');
      expect(runCli(['validate', join(dir, 'study')]).status).toBe(0);
      const config = JSON.parse(readFileSync(join(dir, 'study/qualkit.json'), 'utf8'));
      // QualCoder's SourceRefs name GUIDs no source has; a source named after its case is linked by
      // name, the other is a respondent of its own (both listed).
      expect(config.respondents).toEqual([
        { id: 'A1', label: 'Medewerker', attributes: { rol: 'gastvrouw', jaren: 6, case: 'Respondent 1' } },
        { id: 'A2', attributes: {} },
      ]);
      expect(r.stderr).toContain('2 case link(s) (SourceRef) point to no source of the project');
      expect(r.stderr).toContain('1 case(s) have no coded source and were not imported: Respondent 2');
      // Both coders' codings on the same words are one fragment; memos come from the selection.
      const anna = codingsOf(join(dir, 'study'), 'anna');
      const bram = codingsOf(join(dir, 'study'), 'bram');
      expect(anna.map((c) => [c.fragment, c.memo])).toEqual([
        ['A1.1', 'positief'],
        ['A2.1', ''],
      ]);
      expect(bram.map((c) => [c.fragment, c.memo])).toEqual([
        ['A1.1', ''],
        ['A2.1', 'noemt de plek'],
      ]);
      const codebook = readFileSync(join(dir, 'study', config.codebooks[0].file), 'utf8');
      expect(codebook).toContain('Hulp zoeken / Inloophuis');
      expect(bram[1]!.label).not.toBe(anna[1]!.label);
      const notes = readFileSync(join(dir, 'study/IMPORT-NOTES.md'), 'utf8');
      expect(notes).toContain('1 annotation(s) have no place in qualkit');
      expect(notes).toContain('tijdelijk gesloten');
      expect(notes).toContain('Veldnotities');
      expect(notes).toContain('Eerste indrukken van beide gesprekken.');
      expect(notes).toContain('Eerste gesprek');
      expect(r.stderr).toContain('annotation(s) have no place in qualkit');
    },
  );
});
