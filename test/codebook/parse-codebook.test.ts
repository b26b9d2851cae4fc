import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreLabels } from '../../src/codebook/codebook.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { ROOT } from '../helpers/run-cli.js';

const HEADER = 'subquestion,main_no,main_label,core_letter,core_label,definition';

describe('parseCodebook', () => {
  it('reads main labels with their definitions and core labels under them', () => {
    const { codebook, diagnostics } = parseCodebook(
      `${HEADER}\n3,1,Drempels,,,Wat tegenhoudt.\n3,1,Drempels,A,Schaamte,"Schaamte, taboe."\n3,1,Drempels,B,Wantrouwen,\n3,2,Behoeften,A,Onderdak,Slaapplek.\n`,
      'cb.csv',
      'cb',
    );
    expect(diagnostics).toEqual([]);
    expect(codebook.subquestion).toBe('3');
    expect(
      codebook.mains.map((m) => [m.id, m.label, m.definition, m.cores.map((c) => `${c.id} ${c.label}`)]),
    ).toEqual([
      ['1', 'Drempels', 'Wat tegenhoudt.', ['1.A Schaamte', '1.B Wantrouwen']],
      ['2', 'Behoeften', '', ['2.A Onderdak']],
    ]);
    expect(codebook.mains[0]!.cores[0]!.definition).toBe('Schaamte, taboe.');
  });

  it('reports every problem with its line, and a duplicate points back at the first definition', () => {
    const text = `${HEADER}\n3,1,Drempels,A,Schaamte,\n3,x,Drempels,B,Wantrouwen,\n3,1,Drempels,A,Schaamte,\n3,1,Andere naam,B,Geld,\n3,1,Drempels,7,Fout,\n4,2,Behoeften,A,Onderdak,\n`;
    const { diagnostics } = parseCodebook(text, 'codebooks/dv3.csv', 'dv3');
    expect(diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [3, 'codebook/bad-main-number'],
      [4, 'codebook/duplicate-label'],
      [5, 'codebook/inconsistent-main-label'],
      [6, 'codebook/bad-core-letter'],
      [7, 'codebook/mixed-subquestions'],
    ]);
    expect(diagnostics[1]!.message).toBe('Label 1.A already defined at codebooks/dv3.csv:2');
  });

  it('names missing columns', () => {
    const { diagnostics } = parseCodebook('main,label\n1,x\n', 'cb.csv', 'cb');
    expect(diagnostics).toMatchObject([{ line: 1, rule: 'codebook/missing-column' }]);
  });
});

describe('the shipped codebooks of the reference study', () => {
  const load = (id: string) =>
    parseCodebook(readFileSync(join(ROOT, 'codebooks', `${id}.csv`), 'utf8'), `${id}.csv`, id);

  it.each([
    ['dv2', '2', 10, 53],
    ['dv3', '3', 10, 116],
    ['dv4', '4', 7, 38],
  ])(
    '%s parses cleanly: sub-question %s, %i main labels, %i core labels (as counted in appendix 10)',
    (id, sub, mains, cores) => {
      const { codebook, diagnostics } = load(id);
      expect(diagnostics).toEqual([]);
      expect(codebook.subquestion).toBe(sub);
      expect(codebook.mains).toHaveLength(mains);
      expect(coreLabels(codebook)).toHaveLength(cores);
    },
  );

  it('keeps Dutch diacritics right', () => {
    const labels = ['dv2', 'dv3', 'dv4'].flatMap((id) => coreLabels(load(id).codebook).map((c) => c.label));
    expect(labels).toContain('Financiën');
    expect(labels).toContain('Zorgcoördinator');
    expect(labels.join(' ')).not.toMatch(/Financién|coobrdinator|creéren/);
  });

  it('gives every label of sub-question 3 a definition from appendix 13', () => {
    const { codebook } = load('dv3');
    expect(codebook.mains.every((m) => m.definition.length > 20)).toBe(true);
    expect(coreLabels(codebook).filter((c) => c.definition === '')).toEqual([]);
  });
});
