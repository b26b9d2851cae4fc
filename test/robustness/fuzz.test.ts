import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { binaryAlpha, krippendorffAlphaNominal } from '../../src/agreement/krippendorff-alpha.js';
import { cohenKappa, fleissKappa, pairwiseAgreement } from '../../src/agreement/kappa.js';
import { parseCitations } from '../../src/citations/parse-citations.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { parseCodings } from '../../src/codings/parse-codings.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { compressRanges, expandRanges } from '../../src/core/compress-ranges.js';
import { fragmentRespondent } from '../../src/fragments/fragment-turns.js';
import { readers } from '../../src/readers/registry.js';
import { mergeConsecutive } from '../../src/readers/turn.js';

const RUNS = { numRuns: 200, seed: 20261127 };

/** Every diagnostic a parser gives must be located: a file, and a line within the input. */
function located(diagnostics: { file: string; line?: number }[], text: string, file: string) {
  const lines = text.split('\n').length;
  for (const d of diagnostics) {
    expect(d.file).toBe(file);
    if (d.line !== undefined) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.line).toBeLessThanOrEqual(lines + 1);
    }
  }
}

// Text that looks like the inputs: speakers, colons, time stamps, quotes, brackets, accents,
// emoji. Line ends are \n, as decodeText delivers every file to the parsers.
const noisy = fc
  .stringMatching(/^(?:[A-Za-z0-9 :;,.\-–[\]"'\n\r\tëéï<>/#*]|😀){0,300}$/)
  .map((t) => t.replace(/\r\n?/g, '\n'));

describe('readers never crash on random or mutated input', () => {
  it.each(Object.keys(readers))('%s', (format) => {
    fc.assert(
      fc.property(noisy, (text) => {
        const r = readers[format as keyof typeof readers](text, 'in.txt', { knownSpeakers: ['R'] });
        located(r.diagnostics, text, 'in.txt');
        for (const t of r.turns) {
          expect(t.paragraphs.length).toBeGreaterThan(0);
          expect(t.line).toBeGreaterThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });
});

// A word without colons or time-stamp look, so generated transcripts parse unambiguously.
const word = fc.stringMatching(/^[a-zëé]{1,8}$/);
const sentence = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const turns = fc.array(fc.record({ speaker: fc.constantFrom('I', 'R'), text: sentence }), {
  minLength: 1,
  maxLength: 30,
});

describe('fragment counts are right for generated transcripts', () => {
  const respondentTurns = (ts: { speaker: string }[]) =>
    mergeConsecutive(
      ts.map((t, i) => ({ speaker: t.speaker, line: i + 1, paragraphs: [{ text: 'x', line: i + 1 }] })),
      true,
    ).filter((t) => t.speaker === 'R').length;

  it('plain text: one fragment per R turn', () => {
    fc.assert(
      fc.property(turns, (ts) => {
        const text = ts.map((t) => `${t.speaker}: ${t.text}`).join('\n');
        const { turns: read } = readers.text(text, 'x.txt', { knownSpeakers: ['R'] });
        const { fragments } = fragmentRespondent('B1', [
          { source: 'x', format: 'text', turns: read, speakers: ['R'], split: 'turn', mergeMessages: false },
        ]);
        expect(fragments.length).toBe(ts.filter((t) => t.speaker === 'R').length);
      }),
      RUNS,
    );
  });

  it('WhatsApp: one fragment per run of messages of the respondent', () => {
    fc.assert(
      fc.property(turns, (ts) => {
        const text = ts
          .map(
            (t, i) =>
              `14-02-2026 21:${String(i % 60).padStart(2, '0')} - ${t.speaker === 'R' ? 'Jay' : 'Outreach'}: ${t.text}`,
          )
          .join('\n');
        const { turns: read } = readers.whatsapp(text, 'c.txt', {});
        const { fragments } = fragmentRespondent('C1', [
          {
            source: 'c',
            format: 'whatsapp',
            turns: read,
            speakers: ['Jay'],
            split: 'turn',
            mergeMessages: true,
          },
        ]);
        expect(fragments.length).toBe(respondentTurns(ts));
      }),
      RUNS,
    );
  });

  it('CSV chat: any message text, quotes and line breaks included, comes through whole', () => {
    const message = fc.stringMatching(/^(?:[a-z ,;"\n'ë]|😀){1,40}$/).filter((m) => m.trim() !== '');
    fc.assert(
      fc.property(
        fc.array(fc.record({ sender: fc.constantFrom('hulp', 'anon'), message }), {
          minLength: 1,
          maxLength: 20,
        }),
        (rows) => {
          const text = stringify([
            ['timestamp', 'sender', 'message'],
            ...rows.map((r, i) => [String(i), r.sender, r.message]),
          ]);
          const { turns: read, diagnostics } = readers['chat-csv'](text, 'c.csv', {});
          expect(diagnostics).toEqual([]);
          expect(read.map((t) => t.paragraphs[0]!.text)).toEqual(rows.map((r) => r.message.trim()));
        },
      ),
      RUNS,
    );
  });
});

describe('parsers report located errors, never crash', () => {
  it('codebook', () => {
    fc.assert(
      fc.property(noisy, (body) =>
        located(
          parseCodebook(
            `subquestion,main_no,main_label,core_letter,core_label,definition\n${body}`,
            'cb.csv',
            'cb',
          ).diagnostics,
          `x\n${body}`,
          'cb.csv',
        ),
      ),
      RUNS,
    );
  });
  it('codings', () => {
    fc.assert(
      fc.property(noisy, (body) =>
        located(
          parseCodings(`fragment,label,memo\n${body}`, 'c.csv', 'anna').diagnostics,
          `x\n${body}`,
          'c.csv',
        ),
      ),
      RUNS,
    );
  });
  it('config, from random JSON and from random text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) =>
        located(
          parseConfig(JSON.stringify(v, null, 2), 'q.json').diagnostics,
          JSON.stringify(v, null, 2),
          'q.json',
        ),
      ),
      RUNS,
    );
    fc.assert(
      fc.property(noisy, (t) => located(parseConfig(t, 'q.json').diagnostics, t, 'q.json')),
      RUNS,
    );
  });
  it('citations: any text; generated well-formed groups give back their codes without problems', () => {
    fc.assert(
      fc.property(noisy, (t) => void parseCitations(t)),
      RUNS,
    );
    const code = fc
      .tuple(
        fc.constantFrom('A', 'B', 'C', 'D'),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 60 }),
      )
      .map(([g, i, f]) => `${g}${i}.${f}`);
    fc.assert(
      fc.property(fc.uniqueArray(code, { minLength: 1, maxLength: 6 }), fc.boolean(), (codes, wrap) => {
        const groups = parseCitations(
          `Zie ${wrap ? `[${codes.join(',\n')}]` : `[${codes.join(', ')}]`} hier.`,
        );
        expect(groups).toHaveLength(1);
        expect(groups[0]!.codes).toEqual(codes);
        expect(groups[0]!.problems).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('range compression and expansion are inverse', () => {
  it('for any set of fragment codes', () => {
    const code = fc
      .tuple(fc.constantFrom('A', 'B', 'C'), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 }))
      .map(([g, i, f]) => `${g}${i}.${f}`);
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 40 }), (codes) => {
        const expanded = expandRanges(compressRanges(codes));
        expect(new Set(expanded)).toEqual(new Set(codes));
        expect(expanded).toHaveLength(codes.length);
      }),
      RUNS,
    );
  });
});

describe('agreement statistics stay within bounds and are symmetric in the coders', () => {
  const rating = fc.option(fc.constantFrom(0, 1), { nil: null, freq: 5 });
  const matrix = fc
    .integer({ min: 2, max: 4 })
    .chain((coders) =>
      fc.array(fc.array(rating, { minLength: coders, maxLength: coders }), { minLength: 1, maxLength: 40 }),
    );
  it('alpha ≤ 1, agreement in [0, 1], and the same for any order of coders', () => {
    fc.assert(
      fc.property(matrix, (units) => {
        const alpha = krippendorffAlphaNominal(units).alpha;
        const reversed = units.map((u) => [...u].reverse());
        const alphaReversed = krippendorffAlphaNominal(reversed).alpha;
        if (alpha === null) expect(alphaReversed).toBeNull();
        else {
          expect(alpha).toBeLessThanOrEqual(1 + 1e-12);
          expect(alphaReversed!).toBeCloseTo(alpha, 10);
          expect(
            binaryAlpha(
              units.map((u) => ({
                m: u.filter((x) => x !== null).length,
                k: u.filter((x) => x === 1).length,
              })),
            )!,
          ).toBeCloseTo(alpha, 10);
        }
        const p = pairwiseAgreement(units);
        if (p !== null) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(pairwiseAgreement(reversed)).toBeCloseTo(p, 12);
        }
      }),
      RUNS,
    );
  });
  it("Cohen's and Fleiss' kappa ≤ 1 and symmetric", () => {
    const pairs = fc.array(fc.tuple(fc.constantFrom(0, 1, 2), fc.constantFrom(0, 1, 2)), {
      minLength: 1,
      maxLength: 50,
    });
    fc.assert(
      fc.property(pairs, (ps) => {
        const a = ps.map((p) => p[0]);
        const b = ps.map((p) => p[1]);
        const k = cohenKappa(a, b);
        if (k !== null) {
          expect(k).toBeLessThanOrEqual(1 + 1e-12);
          expect(k).toBeGreaterThanOrEqual(-1 - 1e-12);
          expect(cohenKappa(b, a)!).toBeCloseTo(k, 12);
        }
        const counts = ps.map(([x, y]) => [0, 1, 2].map((c) => (x === c ? 1 : 0) + (y === c ? 1 : 0)));
        const f = fleissKappa(counts);
        if (f !== null) expect(f).toBeLessThanOrEqual(1 + 1e-12);
      }),
      RUNS,
    );
  });
});

describe('CSV fast path', () => {
  // quote_record_delimiter: a cell with any line break is quoted; csv-stringify's default for
  // an explicit record delimiter quotes only that delimiter, so Excel's \r\n layout would
  // leave a bare \n unquoted and split the row.
  it('writing CSV by hand gives exactly what csv-stringify writes (every line break quoted, formulas neutralised), in both layouts', async () => {
    const { stringifyCsv } = await import('../../src/io/csv.js');
    const cell = fc.oneof(
      fc.stringMatching(/^(?:[a-z ,;"\n\r\të=+\-@']|😀){0,8}$/),
      fc.integer({ min: -5, max: 5 }),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 }),
        fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 6 }),
        fc.boolean(),
        (header, rows, excel) => {
          // Text a spreadsheet would run as a formula gets a leading quote (OWASP); numbers stay.
          const safe = (c: string | number) =>
            typeof c === 'string' && /^'*[=+\-@\t\r]/.test(c) ? `'${c}` : c;
          const expected = stringify([header.map(safe), ...rows.map((r) => r.map(safe))], {
            delimiter: excel ? ';' : ',',
            record_delimiter: excel ? '\r\n' : '\n',
            quote_record_delimiter: true,
          });
          expect(stringifyCsv(header, rows, { excel })).toBe(excel ? `\uFEFF${expected}` : expected);
        },
      ),
      { numRuns: 500, seed: 5 },
    );
  });
  it('splitting quote-free CSV gives the same table and diagnostics as csv-parse', async () => {
    const { parseCsv, parseCsvFully } = await import('../../src/io/csv.js');
    const cell = fc.stringMatching(/^[a-z0-9 .ë\t\u00a0-]{0,6}$/);
    const row = fc.array(cell, { minLength: 0, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        (rows, delimiter, eol) => {
          const text = rows.map((r) => r.join(delimiter)).join(eol);
          const fast = parseCsv(text, 'f.csv');
          const full = parseCsvFully(text, 'f.csv');
          expect({
            header: fast.header,
            rows: fast.rows,
            rules: fast.diagnostics.map((d) => [d.line, d.rule]),
          }).toEqual({
            header: full.header,
            rows: full.rows,
            rules: full.diagnostics.map((d) => [d.line, d.rule]),
          });
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
