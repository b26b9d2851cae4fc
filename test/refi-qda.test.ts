import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../src/codebook/parse-codebook.js';
import { uuidV5 } from '../src/refi-qda/uuid-v5.js';
import { copyStudy, ROOT, runCli } from './helpers/run-cli.js';

const SCHEMAS = join(ROOT, '../shared/refi-qda');
const SAMPLES = join(SCHEMAS, 'samples');
const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
// The schemas are in ../shared beside the checkout (the workplace's layout, and CI's).
const HAS_SCHEMAS = existsSync(join(SCHEMAS, 'Codebook.xsd'));
if (!HAS_XMLLINT)
  console.warn(
    'xmllint not found (Debian package libxml2-utils; .ci/run installs it): XSD validation is skipped',
  );
if (!HAS_SCHEMAS) console.warn(`${SCHEMAS} is not there: XSD validation is skipped`);
const validate = (xml: string, xsd: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-xsd-'));
  writeFileSync(join(dir, 'doc.xml'), xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', join(SCHEMAS, xsd), join(dir, 'doc.xml')], {
    encoding: 'utf8',
  });
  return { ok: r.status === 0, message: r.stderr };
};
// CI must validate; elsewhere a missing xmllint or schema folder skips only the XSD checks.
const itXsd = (HAS_XMLLINT && HAS_SCHEMAS) || process.env.CI ? it : it.skip;

async function unzip(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const out = new Map<string, string>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async('string'));
  return out;
}

describe('UUID v5', () => {
  it('matches the RFC 4122 example value for the DNS namespace', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') == 886313e1-3b8a-5372-9b90-0c9aee199e5d
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });
});

describe('export qdc', () => {
  const out = mkdtempSync(join(tmpdir(), 'qualkit-qdc-'));
  const r = runCli(['export', 'qdc', 'data-sample', '-o', out]);
  const dv3 = readFileSync(join(out, 'dv3.qdc'), 'utf8');

  it('writes one codebook per sub-question, main labels non-codable, core labels codable with their definitions', () => {
    expect(r.status).toBe(0);
    expect(dv3).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="qualkit');
    expect(dv3).toMatch(/<Code guid="[0-9a-f-]{36}" name="1\. Introductie" isCodable="false">/);
    expect(dv3).toMatch(
      /<Code guid="[0-9a-f-]{36}" name="A\. Functieomschrijving" isCodable="true">\n\s+<Description>Alle fragmenten die een uitspraak bevatten waarin de respondent zijn functie/,
    );
  });

  itXsd('validates against Codebook.xsd', () => {
    for (const id of ['dv2', 'dv3', 'dv4'])
      expect(validate(readFileSync(join(out, `${id}.qdc`), 'utf8'), 'Codebook.xsd')).toEqual({
        ok: true,
        message: expect.stringContaining('validates'),
      });
  });

  it('gives the same GUIDs on every export', () => {
    const again = mkdtempSync(join(tmpdir(), 'qualkit-qdc2-'));
    runCli(['export', 'qdc', 'data-sample', '-o', again]);
    expect(readFileSync(join(again, 'dv3.qdc'), 'utf8')).toBe(dv3);
  });

  it('writes colours where the codebook sets them', () => {
    const dir = copyStudy('mini');
    writeFileSync(
      join(dir, 'codebook.csv'),
      readFileSync(join(dir, 'codebook.csv'), 'utf8')
        .replace('definition\n', 'definition,color\n')
        .replace('Geen vertrouwen in hulpverleners.', 'Geen vertrouwen in hulpverleners.,#aa3300'),
    );
    runCli(['export', 'qdc', dir, '-o', join(dir, 'x')]);
    expect(readFileSync(join(dir, 'x/cb.qdc'), 'utf8')).toContain(
      'name="B. Wantrouwen" isCodable="true" color="#AA3300"',
    );
  });
});

describe('import qdc', () => {
  it('gives back the codebook it exported', () => {
    const out = mkdtempSync(join(tmpdir(), 'qualkit-qdc-rt-'));
    runCli(['export', 'qdc', 'data-sample', '-o', out]);
    for (const id of ['dv2', 'dv3', 'dv4']) {
      const r = runCli(['import', 'qdc', join(out, `${id}.qdc`), '-o', join(out, `${id}.csv`)]);
      expect(r.status).toBe(0);
      const original = parseCodebook(
        readFileSync(join(ROOT, `codebooks/${id}.csv`), 'utf8'),
        'a',
        id,
      ).codebook;
      const back = parseCodebook(readFileSync(join(out, `${id}.csv`), 'utf8'), 'b', id).codebook;
      const shape = (cb: typeof original) => ({
        sub: cb.subquestion,
        mains: cb.mains.map((m) => [
          m.id,
          m.label,
          m.definition,
          m.cores.map((c) => [c.id, c.label, c.definition]),
        ]),
      });
      expect(shape(back)).toEqual(shape(original));
    }
  });

  it('flattens nesting deeper than two levels, with a note, and numbers unnumbered codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-qdc-deep-'));
    const g = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    writeFileSync(
      join(dir, 'other.qdc'),
      `<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
        <Code guid="${g(1)}" name="Barriers" isCodable="false"><Code guid="${g(2)}" name="Shame" isCodable="true"><Description>Feeling ashamed</Description><Code guid="${g(3)}" name="Family" isCodable="true"/></Code><Code guid="${g(4)}" name="Fear" isCodable="true"/></Code>
        <Code guid="${g(5)}" name="Money" isCodable="true"/>
      </Codes></CodeBook>`,
    );
    const r = runCli(['import', 'qdc', join(dir, 'other.qdc'), '--subquestion', '5']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 code(s) nested deeper than two levels were flattened');
    expect(r.stderr).toContain('main label 2 "Money" had no child codes');
    expect(readFileSync(join(dir, 'other.csv'), 'utf8')).toBe(
      'subquestion,main_no,main_label,core_letter,core_label,definition\n5,1,Barriers,,,\n5,1,Barriers,A,Shame,Feeling ashamed\n5,1,Barriers,B,Shame / Family,\n5,1,Barriers,C,Fear,\n5,2,Money,,,\n5,2,Money,A,Money,\n',
    );
  });
});

describe('export qdpx', () => {
  const out = mkdtempSync(join(tmpdir(), 'qualkit-qdpx-'));
  const file = join(out, 'sample.qdpx');
  const r = runCli(['export', 'qdpx', 'data-sample', '-o', file]);

  itXsd(
    'writes a project that validates against Project-mrt2019.xsd, with its sources as UTF-8 text',
    async () => {
      expect(r.status).toBe(0);
      const files = await unzip(file);
      expect(validate(files.get('project.qde')!, 'Project-mrt2019.xsd').ok).toBe(true);
      // 13 files of one respondent each, and the literature file as one source per publication (L1–L4).
      expect([...files.keys()].filter((f) => f.startsWith('sources/'))).toHaveLength(17);
    },
  );

  it('has coders as users, respondents as cases with variables, and codings by their coder', async () => {
    const qde = (await unzip(file)).get('project.qde')!;
    expect(qde).toMatch(/<User guid="[0-9a-f-]{36}" name="anna"\/>/);
    expect(qde).toMatch(/<Variable guid="[0-9a-f-]{36}" name="age" typeOfVariable="Integer"\/>/);
    expect(qde).toMatch(
      /<Case guid="[0-9a-f-]{36}" name="C1">\n\s+<VariableValue>\n\s+<VariableRef targetGUID="[0-9a-f-]{36}"\/>\n\s+<IntegerValue>16<\/IntegerValue>/,
    );
    // The 405 codings, each by its coder, plus one coding per source of the case's own code.
    const codings = [...qde.matchAll(/<Coding guid="[^"]+" creatingUser="([^"]+)"/g)].map((m) => m[1]);
    expect(codings.length).toBe(405);
    const anna = uuidV5('qualkit|Stille signalen — synthetische voorbeeldstudie|user|anna');
    const annaCsv =
      readFileSync(join(ROOT, 'data-sample/codings/anna.csv'), 'utf8').trim().split('\n').length - 1;
    expect(codings.filter((u) => u === anna).length).toBe(annaCsv);
    expect((qde.match(/<Coding /g) ?? []).length).toBe(405 + 17);
  });

  it('writes what QualCoder, ATLAS.ti, NVivo and MAXQDA read: dates, a selection per coder, memos as Description, unique names, names without folders', async () => {
    const qde = (await unzip(file)).get('project.qde')!;
    expect(qde).not.toContain('<Note');
    expect(qde).toMatch(/<Project [^>]*creationDateTime="2000-01-01T00:00:00Z"/);
    const selections = [...qde.matchAll(/<PlainTextSelection [^>]*>/g)].map((m) => m[0]);
    expect(selections.every((s) => s.includes('creationDateTime="2000-01-01T00:00:00Z"'))).toBe(true);
    const names = [...qde.matchAll(/<Code guid="[^"]+" name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toContain('1. Introductie (dv2)');
    expect(names.filter((n) => n === '1. Introductie')).toEqual([]);
    const sourceNames = [...qde.matchAll(/<TextSource [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(sourceNames).toContain('A1-interview.txt');
    expect(sourceNames).toContain('L1-literatuur.txt');
    expect(sourceNames.every((n) => !n!.includes('/'))).toBe(true);
    expect(qde).toMatch(/<PlainTextSelection [^>]*>\n\s+<Description>[^<]+<\/Description>\n\s+<Coding /);
  });

  it('is the same file on every export', () => {
    const second = join(out, 'again.qdpx');
    runCli(['export', 'qdpx', 'data-sample', '-o', second]);
    expect(readFileSync(second)).toEqual(readFileSync(file));
  });

  it('counts selection offsets in code points, not UTF-16 units (an emoji before a fragment proves it)', async () => {
    const dir = copyStudy('mini');
    // "👍" is one code point but two UTF-16 units; it stands in the outreach message before C1.1.
    writeFileSync(
      join(dir, 'sources/C1.txt'),
      readFileSync(join(dir, 'sources/C1.txt'), 'utf8').replace(
        'Outreach: Hoi, hoe gaat het?',
        'Outreach: Hoi 👍👍, hoe gaat het?',
      ),
    );
    expect(runCli(['export', 'qdpx', dir, '-o', join(dir, 'x.qdpx')]).status).toBe(0);
    const files = await unzip(join(dir, 'x.qdpx'));
    const qde = files.get('project.qde')!;
    const m =
      /<TextSource guid="([0-9a-f-]+)" name="C1\.txt"[^>]*>\n\s+<PlainTextSelection guid="[^"]+" name="C1\.1" startPosition="(\d+)" endPosition="(\d+)"/.exec(
        qde,
      )!;
    const text = files.get(`sources/${m[1]}.txt`)!;
    const [start, end] = [Number(m[2]), Number(m[3])];
    expect(Array.from(text).slice(start, end).join('')).toBe('gaat wel\n\nschaam me eigenlijk');
    expect(text.slice(start, end)).not.toBe('gaat wel\n\nschaam me eigenlijk');
    expect(text.indexOf('gaat wel')).toBe(start + 2);
  });
});

describe('import qdpx', () => {
  it('round trip: export, then import, gives back the same codebooks, fragments and codings', () => {
    const out = mkdtempSync(join(tmpdir(), 'qualkit-rt-'));
    runCli(['export', 'qdpx', 'data-sample', '-o', join(out, 's.qdpx')]);
    const r = runCli(['import', 'qdpx', join(out, 's.qdpx'), '-o', join(out, 'study')]);
    expect(r.status).toBe(0);
    expect(runCli(['validate', join(out, 'study')]).status).toBe(0);
    for (const id of ['dv2', 'dv3', 'dv4']) {
      const a = parseCodebook(readFileSync(join(ROOT, `codebooks/${id}.csv`), 'utf8'), 'a', id).codebook;
      const b = parseCodebook(readFileSync(join(out, `study/codebooks/${id}.csv`), 'utf8'), 'b', id).codebook;
      expect(
        b.mains.map((m) => [m.label, m.definition, m.cores.map((c) => [c.id, c.label, c.definition])]),
      ).toEqual(
        a.mains.map((m) => [m.label, m.definition, m.cores.map((c) => [c.id, c.label, c.definition])]),
      );
      expect(b.subquestion).toBe(a.subquestion);
    }
    const fragments = (study: string) =>
      (
        JSON.parse(runCli(['ingest', study, '--format', 'json']).stdout) as { code: string; text: string }[]
      ).map((f) => [f.code, f.text]);
    expect(fragments(join(out, 'study'))).toEqual(fragments('data-sample'));
    const codings = (file: string) =>
      (parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[])
        .map((c) => [c.fragment, c.label, c.memo])
        .sort();
    for (const coder of ['anna', 'bram'])
      expect(codings(join(out, `study/codings/${coder}.csv`))).toEqual(
        codings(join(ROOT, `data-sample/codings/${coder}.csv`)),
      );
    // Groups, respondents and their attributes come back too.
    const config = JSON.parse(readFileSync(join(out, 'study/qualkit.json'), 'utf8'));
    expect(
      config.groups.map(
        (g: { letter: string; codebook: string; kind: string }) => `${g.letter} ${g.codebook} ${g.kind}`,
      ),
    ).toEqual(['A dv2 interview', 'B dv3 interview', 'C dv4 chat', 'D dv4 chat', 'L dv3 literature']);
    expect(config.respondents.find((x: { id: string }) => x.id === 'C1').attributes).toEqual({
      age: 16,
      type: 'bijverdieners',
    });
    expect(r.stderr).toContain('143 fragments');
  });

  it.skipIf(!existsSync(SAMPLES))(
    'reads the NVivo export: its 262 codes, nesting flattened with a note, sources without selections listed',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'qualkit-nvivo-'));
      const r = runCli(['import', 'qdpx', join(SAMPLES, 'nvivo_project.qdpx'), '-o', join(out, 'study')]);
      expect(r.status).toBe(0);
      const cb = parseCodebook(
        readFileSync(join(out, 'study/codebooks/nvivo_project.csv'), 'utf8'),
        'n',
        'n',
      );
      expect(cb.diagnostics).toEqual([]);
      expect(cb.codebook.mains.map((m) => m.label)).toEqual([
        'rq1_definition',
        'rq2_curriculum_and_instruction',
        'rq3_process',
      ]);
      expect(cb.codebook.mains.reduce((n, m) => n + 1 + m.cores.length, 0)).toBe(262);
      const notes = readFileSync(join(out, 'study/IMPORT-NOTES.md'), 'utf8');
      expect(notes).toContain('nested deeper than two levels were flattened');
      expect(notes).toContain('has no coded selections and was not imported');
    },
  );

  it.skipIf(!existsSync(SAMPLES))(
    'reads the ATLAS.ti exports (upper-case GUIDs, CRLF, codebook only)',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'qualkit-atlas-'));
      const r = runCli(['import', 'qdpx', join(SAMPLES, 'target.qdpx'), '-o', join(out, 'study')]);
      expect(r.status).toBe(0);
      const cb = parseCodebook(readFileSync(join(out, 'study/codebooks/target.csv'), 'utf8'), 't', 't');
      expect(cb.diagnostics).toEqual([]);
      expect(cb.codebook.mains.length).toBeGreaterThan(0);
      expect(r.stderr).toContain('only its codebook was imported');
      const blank = runCli(['import', 'qdpx', join(SAMPLES, 'blank.qdpx'), '-o', join(out, 'blank')]);
      expect(blank.status).toBe(0);
      expect(blank.stderr).toContain('(which is empty)');
    },
  );

  it('names a file that is not a .qdpx', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-bad-qdpx-'));
    writeFileSync(join(dir, 'x.qdpx'), 'not a zip');
    const r = runCli(['import', 'qdpx', join(dir, 'x.qdpx'), '-o', join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('x.qdpx: error not a .qdpx (ZIP) file');
  });
});
