import { describe, expect, it } from 'vitest';
import {
  decisionsCsv,
  decisionsFileOf,
  parseDecisions,
  type DecisionRow,
} from '../../src/consensus/decisions-file.js';
import { parseConfig } from '../../src/config/parse-config.js';

describe('the decisions file', () => {
  it('reads back what it writes, a note with a comma, a quote, a line break or a formula start included', () => {
    const rows: DecisionRow[] = [
      {
        fragment: 'B3.7',
        label: '3.J',
        choices: ['yes', 'no'],
        decision: 'keep',
        note: 'school, not "home"',
      },
      { fragment: 'B3.7', label: '5.A', choices: ['no', 'yes'], decision: 'drop', note: '=HYPERLINK("x")' },
      { fragment: 'C1.2', label: '10.AB', choices: ['no', ''], decision: 'add', note: 'two\nlines' },
      { fragment: 'C1.3', label: '2.B', choices: ['yes', 'no'], decision: '', note: '' },
    ];
    const text = decisionsCsv(['anna', 'bram'], rows);
    expect(text.split('\n')[0]).toBe('fragment,label,anna,bram,decision,note');
    // A spreadsheet never runs a note as a formula: it starts with an apostrophe in the file.
    expect(text).toContain(`B3.7,5.A,no,yes,drop,"'=HYPERLINK(""x"")"`);
    const back = parseDecisions(text, 'd.csv', ['anna', 'bram']);
    expect(back.diagnostics).toEqual([]);
    expect(back.rows.map(({ line: _line, ...r }) => r)).toEqual(rows);
  });

  it('names the line of every bad row and a missing coder column', () => {
    const text = [
      'fragment,label,anna,bram,decision,note',
      'B3.7,3.J,yes,no,keep,',
      'B3.7,3.J,yes,no,drop,',
      'B3.x,3.J,yes,no,keep,',
      'B3.8,3,yes,no,keep,',
      'B3.9,3.J,maybe,no,keep,',
      'B3.9,3.K,yes,no,later,',
    ].join('\n');
    expect(parseDecisions(text, 'd.csv', ['anna', 'bram']).diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [3, 'decisions/duplicate'],
      [4, 'decisions/malformed-fragment'],
      [5, 'decisions/malformed-label'],
      [6, 'decisions/bad-choice'],
      [7, 'decisions/bad-decision'],
    ]);
    expect(parseDecisions(text, 'd.csv', ['anna', 'cas']).diagnostics[0]!.message).toBe(
      'Missing column(s) cas; expected header fragment,label,anna,cas,decision,note',
    );
  });

  it('sits beside the consensus codings file', () => {
    expect(decisionsFileOf('codings/consensus.csv')).toBe('codings/consensus-decisions.csv');
  });
});

describe('a consensus coder in the config', () => {
  const base = {
    study: 'S',
    codebooks: [{ id: 'cb', file: 'cb.csv' }],
    groups: [{ letter: 'B', name: 'Prof', kind: 'interview', codebook: 'cb' }],
    respondents: [{ id: 'B1' }],
    sources: [{ file: 'b1.txt', respondent: 'B1', speaker: 'R' }],
  };
  const coders = [
    { name: 'anna', file: 'a.csv' },
    { name: 'bram', file: 'b.csv' },
  ];

  it('is accepted with two declared coders, and report.coders may name it', () => {
    const { diagnostics, config } = parseConfig(
      JSON.stringify({
        ...base,
        coders: [...coders, { name: 'consensus', file: 'c.csv', consensus: ['anna', 'bram'] }],
        report: { coders: ['consensus'] },
      }),
      'qualkit.json',
    );
    expect(diagnostics).toEqual([]);
    expect(config!.coders[2]!.consensus).toEqual(['anna', 'bram']);
  });

  it('must name other, declared coders who coded, and report.coders declared ones', () => {
    const { diagnostics } = parseConfig(
      JSON.stringify({
        ...base,
        coders: [
          ...coders,
          { name: 'c1', file: 'c.csv', consensus: ['anna', 'cas', 'c1', 'anna'] },
          { name: 'c2', file: 'd.csv', consensus: ['c1', 'bram'] },
        ],
        report: { coders: ['nobody'] },
      }),
      'qualkit.json',
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      'coders[2].consensus[1]: unknown coder "cas", expected one of anna, bram, c1, c2',
      'coders[2].consensus[2]: a consensus coder cannot be one of its own meeting',
      'coders[2].consensus[3]: coder "anna" is named twice',
      'coders[3].consensus[0]: "c1" is itself a consensus coder; a meeting compares the coders who coded',
      'report.coders[0]: unknown coder "nobody", expected one of anna, bram, c1, c2',
    ]);
  });
});
