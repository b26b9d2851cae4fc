import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSlug, uniqueSlugs } from '../../src/io/file-slug.js';
import { copyStudy, runCli } from '../helpers/run-cli.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function editConfig(study: string, edit: (config: Record<string, any>) => void): void {
  const file = join(study, 'qualkit.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  edit(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** Every file of the study folder with its digest, outputs folders left out. */
function inputsOf(study: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (rel === '' && e.name.startsWith('out')) continue;
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else out.set(`${rel}${e.name}`, digest(join(dir, e.name)));
    }
  };
  walk(study, '');
  return out;
}

describe('file names made from data', () => {
  it('are slugs: no separator, no dot-dot, no hidden file, never empty', () => {
    expect(fileSlug('/../../codings/anna')).toBe('codings-anna');
    expect(fileSlug('..')).toBe('x');
    expect(fileSlug('.hidden')).toBe('hidden');
    expect(fileSlug('leeftijd (jaren)')).toBe('leeftijd-jaren');
    expect(fileSlug('C:\\Windows\\system32')).toBe('C-Windows-system32');
    expect(fileSlug('opleidingsniveau_één')).toBe('opleidingsniveau_één');
    expect(uniqueSlugs(['a/b', 'a b', 'A-B'])).toEqual(['a-b', 'a-b-2', 'A-B-3']);
  });

  it('report.by "/../../codings/anna" cannot overwrite codings/anna.csv', () => {
    const study = copyStudy('mini');
    const attr = '/../../codings/anna';
    editConfig(study, (c) => {
      c.respondents[0].attributes[attr] = 'x';
      c.report.by = ['type', attr];
    });
    const before = digest(join(study, 'codings/anna.csv'));
    const out = join(study, 'reports');
    const r = runCli(['run', study, '--out', out]);
    expect(r.status).toBe(0);
    expect(digest(join(study, 'codings/anna.csv'))).toBe(before);
    expect(readdirSync(out)).toContain('frequencies-by-codings-anna.csv');
    expect(readdirSync(out)).toContain('frequencies-by-type.csv');
    expect(
      readdirSync(study)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    ).toEqual(['codebook.csv', 'codings', 'qualkit.json', 'reports', 'sources']);
  });
});

describe('an output path that is a study input', () => {
  it('run --out sources is refused before anything is written when a source is named like a report', () => {
    const study = copyStudy('mini');
    writeFileSync(join(study, 'sources/report.md'), 'I: Hoe gaat het?\nR: Goed.\n');
    editConfig(study, (c) => {
      c.respondents.push({ id: 'B3', attributes: {} });
      c.sources.push({ file: 'sources/report.md', respondent: 'B3', speaker: 'R' });
    });
    const before = inputsOf(study);
    const r = runCli(['run', study, '--out', join(study, 'sources')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /sources\/report\.md: error this output would overwrite a source \(sources\[5\]\.file\)/,
    );
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(inputsOf(study)).toEqual(before);
    // Nothing else was written into sources/ either (no key, no other report).
    expect(readdirSync(join(study, 'sources')).sort()).toEqual([
      'B1.txt',
      'B2.vtt',
      'C1.txt',
      'C2.txt',
      'C3.csv',
      'report.md',
    ]);
  });

  it('compares real paths: a link to the sources folder or a detour through .. is refused too', () => {
    const study = copyStudy('mini');
    writeFileSync(join(study, 'sources/overview.csv'), 'timestamp,sender,message\n1,anoniem_9,hoi\n');
    editConfig(study, (c) => {
      c.respondents.push({ id: 'C4', attributes: {} });
      c.sources.push({ file: 'sources/overview.csv', respondent: 'C4', speaker: 'anoniem_9' });
    });
    symlinkSync(join(study, 'sources'), join(study, 'linked'));
    const before = inputsOf(study);
    for (const out of [join(study, 'linked'), join(study, 'codings/../sources')]) {
      const r = runCli(['report', study, '--out', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('error this output would overwrite a source (sources[5].file)');
      expect(inputsOf(study)).toEqual(before);
    }
  });

  it('ingest, suggest and export refuse to overwrite the config, codings or a codebook', () => {
    const study = copyStudy('mini');
    // Inputs named like the outputs of each command.
    mkdirSync(join(study, 'in'));
    for (const name of ['source-book.csv', 'suggestions-bram.csv', 'cb.qdc'])
      writeFileSync(join(study, 'in', name), 'fragment,label,memo\n');
    editConfig(study, (c) => {
      c.coders.push({ name: 'carla', file: 'in/source-book.csv' });
      c.coders.push({ name: 'dirk', file: 'in/suggestions-bram.csv' });
      c.coders.push({ name: 'eva', file: 'in/cb.qdc' });
    });
    const before = inputsOf(study);
    const out = join(study, 'in');
    for (const args of [
      ['ingest', study, '--out', out],
      ['suggest', study, '--for', 'bram', '--out', out],
      ['export', 'qdc', study, '--out', out],
      ['export', 'qdpx', study, '--out', join(study, 'qualkit.json')],
    ]) {
      const r = runCli(args);
      expect({ args, status: r.status }).toEqual({ args, status: 1 });
      expect(r.stderr).toMatch(/error this output would overwrite (the codings of \w+|the study config)/);
      expect(inputsOf(study)).toEqual(before);
    }
    expect(existsSync(join(study, 'in', 'source-book.md'))).toBe(false);
  });
});
