import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { contentStems, stem, words } from '../../src/suggest/dutch-stems.js';
import { scoreRankings } from '../../src/suggest/evaluate.js';
import { checkLanguage } from '../../src/suggest/language-check.js';
import { baselineLabels, suggestLabels, trainModel } from '../../src/suggest/tfidf-model.js';
import { appendCodings } from '../../src/suggest/accept-suggestions.js';
import { copyStudy, runCli } from '../helpers/run-cli.js';

describe('Dutch stems', () => {
  it("tokenizes with natural's Dutch tokenizer without splitting words at diacritics, and stems with its Porter stemmer", () => {
    expect(words("Geëmotioneerd in het café, zo'n jongen van 16")).toEqual([
      'geemotioneerd',
      'in',
      'het',
      'cafe',
      "zo'n",
      'jongen',
      'van',
    ]);
    expect([stem('gevaarlijke'), stem('gevaarlijk')]).toEqual(['gevar', 'gevar']);
    expect(contentStems('Ik schaam me, [PERSOON-1] weet het niet')).toEqual(['scham', 'wet']);
  });
});

describe('TF-IDF suggestions', () => {
  const labelDocs = [
    { label: '1.A', stems: contentStems('Schaamte schamen taboe') },
    { label: '1.B', stems: contentStems('Geld inkomen') },
    { label: '1.C', stems: contentStems('Slaapplek onderdak') },
  ];
  const docs = [
    { stems: contentStems('ik durf het niet te zeggen, ik schaam me'), labels: ['1.A'] },
    { stems: contentStems('niemand mag het weten, ik durf niet'), labels: ['1.A'] },
    { stems: contentStems('ik heb geen euro meer voor eten'), labels: ['1.B'] },
    { stems: contentStems('ik slaap bij een vriend op de bank'), labels: ['1.C'] },
  ];

  it('learns words from coded fragments that the definitions lack, and explains the score', () => {
    const model = trainModel(docs, labelDocs);
    const [top] = suggestLabels(model, contentStems('ik durf echt niet'), 3);
    expect(top!.label).toBe('1.A');
    expect(top!.reasons).toContain('durf');
    // The baseline only knows the definitions' words, so it cannot place this fragment.
    expect(baselineLabels(labelDocs, contentStems('ik durf echt niet'), 1)[0]!.score).toBe(0);
  });

  it('is deterministic: the same data gives the same suggestions', () => {
    const a = suggestLabels(trainModel(docs, labelDocs), contentStems('geen euro, geen bank'), 3);
    const b = suggestLabels(trainModel(docs, labelDocs), contentStems('geen euro, geen bank'), 3);
    expect(a).toEqual(b);
  });
});

describe('evaluation metrics', () => {
  it('match values worked out by hand', () => {
    // Fragment 1: gold {A}, ranked A B C → P@1 1, P@3 1/3, R@3 1.
    // Fragment 2: gold {A, B}, ranked C A D → P@1 0, P@3 1/3, R@3 1/2.
    // Top-1 predictions: A (right), C (wrong). Per label F1: A: tp 1, fn 1 → 2/3; B: fn 1 → 0; C: fp 1 → 0. Macro = 2/9.
    const m = scoreRankings(
      [['A'], ['A', 'B']],
      [
        ['A', 'B', 'C'],
        ['C', 'A', 'D'],
      ],
    );
    expect(m.precisionAt1).toBeCloseTo(0.5, 12);
    expect(m.precisionAt3).toBeCloseTo(1 / 3, 12);
    expect(m.recallAt3).toBeCloseTo(0.75, 12);
    expect(m.macroF1).toBeCloseTo(2 / 9, 12);
  });
});

describe('qualkit suggest', () => {
  it('writes suggestions for the fragments a coder has not coded, and never touches the codings file', () => {
    const dir = copyStudy('mini');
    const before = readFileSync(join(dir, 'codings/bram.csv'), 'utf8');
    const r = runCli(['suggest', dir, '--for', 'bram', '--out', join(dir, 'out')]);
    expect(r.status).toBe(0);
    const rows = parse(readFileSync(join(dir, 'out/suggestions-bram.csv'), 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    // bram's scope is C; he coded C1.1, C1.2, C2.1 and C2.2, so C1.3, C3.1 and C3.2 remain.
    expect([...new Set(rows.map((x) => x.fragment))]).toEqual(['C1.3', 'C3.1', 'C3.2']);
    expect(rows.filter((x) => x.fragment === 'C1.3')).toHaveLength(3);
    expect(Object.keys(rows[0]!)).toEqual([
      'fragment',
      'label',
      'memo',
      'score',
      'reason',
      'label_name',
      'text',
      'accept',
    ]);
    expect(rows.every((x) => x.accept === '')).toBe(true);
    expect(readFileSync(join(dir, 'codings/bram.csv'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'out/suggestions-bram.md'), 'utf8')).toContain('## C1.3');
    // Byte for byte the same on a second run.
    const again = runCli(['suggest', dir, '--for', 'bram', '--out', join(dir, 'out2')]);
    expect(again.status).toBe(0);
    expect(readFileSync(join(dir, 'out2/suggestions-bram.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'out/suggestions-bram.csv'), 'utf8'),
    );
  });

  it('--accept appends only the rows marked in the accept column, atomically, keeping the file as it was', () => {
    const dir = copyStudy('mini');
    const before = readFileSync(join(dir, 'codings/bram.csv'), 'utf8');
    runCli(['suggest', dir, '--for', 'bram', '--out', join(dir, 'out')]);
    const rows = parse(readFileSync(join(dir, 'out/suggestions-bram.csv'), 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    const c13 = rows.filter((x) => x.fragment === 'C1.3');
    c13[0]!.accept = 'x';
    c13[0]!.memo = 'na review';
    writeFileSync(join(dir, 'reviewed.csv'), stringify(rows, { header: true }));
    const r = runCli(['suggest', dir, '--for', 'bram', '--accept', join(dir, 'reviewed.csv')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 accepted coding(s) added');
    expect(readFileSync(join(dir, 'codings/bram.csv'), 'utf8')).toBe(
      `${before}C1.3,${c13[0]!.label},na review\n`,
    );
    expect(runCli(['validate', dir]).status).toBe(0);
  });

  it('--accept refuses the whole file when a marked row is wrong, naming its line, and changes nothing', () => {
    const dir = copyStudy('mini');
    const before = readFileSync(join(dir, 'codings/bram.csv'), 'utf8');
    writeFileSync(
      join(dir, 'reviewed.csv'),
      'fragment,label,memo,accept\nC3.2,1.B,,x\nC3.2,1.Q,,x\nC1.1,1.A,,x\nC3.1,2.A,,\n',
    );
    const r = runCli(['suggest', dir, '--for', 'bram', '--accept', join(dir, 'reviewed.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${dir}/reviewed.csv:3: error Unknown label 1.Q`);
    expect(r.stderr).toContain(
      `${dir}/reviewed.csv:4: error C1.1 1.A is already in ${dir}/codings/bram.csv:2`,
    );
    expect(readFileSync(join(dir, 'codings/bram.csv'), 'utf8')).toBe(before);
  });

  it('--accept without an accept column accepts nothing', () => {
    const dir = copyStudy('mini');
    writeFileSync(join(dir, 'reviewed.csv'), 'fragment,label\nC3.2,1.B\n');
    const r = runCli(['suggest', dir, '--for', 'bram', '--accept', join(dir, 'reviewed.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('mark the suggestions to keep with an x in the accept column');
  });

  it("appends in the codings file's own layout: semicolons, CRLF, its columns", () => {
    expect(
      appendCodings('\uFEFFfragment;label;memo;stance\r\nB1.1;1.A;;\r\n', [
        { fragment: 'B1.2', label: '1.B', memo: 'a; b', line: 2 },
      ]),
    ).toBe('\uFEFFfragment;label;memo;stance\r\nB1.1;1.A;;\r\nB1.2;1.B;"a; b";\r\n');
    expect(
      appendCodings('fragment,label\nB1.1,1.A', [{ fragment: 'B1.2', label: '1.B', memo: '', line: 2 }]),
    ).toBe('fragment,label\nB1.1,1.A\nB1.2,1.B\n');
  });
});

describe('qualkit language-check', () => {
  it('finds normative and weakness words stem-aware, in phrases too', () => {
    const rules = [
      { word: 'gevaarlijk', category: 'normatief', advice: 'a' },
      { word: 'eenzaam', category: 'zwakte', advice: 'b' },
      { word: 'in de steek gelaten', category: 'zwakte', advice: 'c' },
    ];
    expect(
      checkLanguage(
        'Dat is gevaarlijke grond. Je bent in gevaar. Voel je je eenzaam? Ben je in de steek gelaten?',
        rules,
      ).map((h) => h.found),
    ).toEqual(['gevaarlijke', 'eenzaam', 'in de steek gelaten']);
  });

  it("flags the professional's turns in the sample's chats with file, line and advice, never the respondent's", () => {
    const r = runCli(['language-check', 'data-sample', '--format', 'csv']);
    expect(r.status).toBe(1);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.file, x.line, x.speaker, x.found, x.category])).toEqual([
      ['data-sample/sources/C2-whatsapp-ios.txt', '6', 'Outreach De Haven', 'zorgelijk', 'normatief'],
      ['data-sample/sources/C4-chat.csv', '8', 'hulpverlener', 'eenzaam', 'zwakte'],
    ]);
    expect(rows[0]!.advice).toContain('attitudeprofiel');
  });

  it("ignores the respondent's own words and takes an edited word list", () => {
    const dir = copyStudy('mini');
    // "schaam" (stem of "schamen") is said by respondent C1 (Jay) only; the outreach worker says "Dat hoeft niet".
    writeFileSync(join(dir, 'words.csv'), 'word,category,advice\nschamen,test,x\nhoeft,test,y\n');
    const r = runCli(['language-check', dir, '--words', join(dir, 'words.csv'), '--format', 'json']);
    expect(JSON.parse(r.stdout).map((f: { found: string; speaker: string }) => [f.found, f.speaker])).toEqual(
      [['hoeft', 'Outreach']],
    );
  });
});
