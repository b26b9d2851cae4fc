import { describe, expect, it } from 'vitest';
import { locateJsonPath } from '../../src/config/locate-json-path.js';
import { parseConfig } from '../../src/config/parse-config.js';

const base = {
  study: 'S',
  codebooks: [{ id: 'cb', file: 'cb.csv' }],
  groups: [{ letter: 'B', name: 'Prof', kind: 'interview', codebook: 'cb' }],
  respondents: [{ id: 'B1', attributes: { role: 'arts' } }],
  sources: [{ file: 'b1.txt', respondent: 'B1', speaker: 'R' }],
};

describe('parseConfig', () => {
  it('fills defaults and turns a single speaker into a list', () => {
    const { config, diagnostics } = parseConfig(JSON.stringify(base), 'qualkit.json');
    expect(diagnostics).toEqual([]);
    expect(config!.language).toBe('nl');
    expect(config!.sources[0]!.speaker).toEqual(['R']);
    expect(config!.fragments).toEqual({ split: 'turn', mergeMessages: true });
    expect(config!.coders).toEqual([]);
  });

  it('names the field path of every schema problem, with the line', () => {
    const text = JSON.stringify(
      { ...base, groups: [{ letter: 'b', name: 'Prof', kind: 'interview', codebook: 'cb', colour: 'red' }] },
      null,
      2,
    );
    const { diagnostics } = parseConfig(text, 'qualkit.json');
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [11, 'groups[0].letter: one capital letter, e.g. "B"'],
      [10, 'groups[0]: Unrecognized key: "colour"'],
    ]);
  });

  it('says what is missing and what has the wrong type, in the same words whatever the zod version', () => {
    const text = JSON.stringify(
      {
        ...base,
        study: 3,
        groups: undefined,
        codebooks: [{ id: 'cb', file: 'cb.csv', extra: 1, more: 2 }],
        sources: [{ ...base.sources[0], format: 'pdf' }],
      },
      null,
      2,
    );
    expect(parseConfig(text, 'q.json').diagnostics.map((d) => d.message)).toEqual([
      'study: Invalid input: expected string, received number',
      'codebooks[0]: Unrecognized keys: "extra", "more"',
      'groups: missing: expected array',
      'sources[0].format: Invalid option: expected one of "text"|"docx"|"webvtt"|"srt"|"whatsapp"|"chat-csv"|"literature"',
    ]);
  });

  it('checks references between sections', () => {
    const text = JSON.stringify(
      {
        ...base,
        groups: [{ ...base.groups[0], codebook: 'dv9' }],
        respondents: [{ id: 'C1' }, { id: 'C1' }],
        coders: [{ name: 'a', file: 'a.csv', scope: ['Q'] }],
      },
      null,
      2,
    );
    expect(parseConfig(text, 'q.json').diagnostics.map((d) => d.rule)).toEqual([
      'config/unknown-codebook',
      'config/unknown-group',
      'config/duplicate',
      'config/unknown-group',
      'config/unknown-respondent',
      'config/unknown-scope',
    ]);
  });
});

describe('locateJsonPath', () => {
  it('finds the line of a nested value, and of the parent when the field is missing', () => {
    const text = '{\n  "a": [\n    { "b": 1 },\n    {\n      "b": 2\n    }\n  ]\n}';
    expect(locateJsonPath(text, ['a', 1, 'b'])).toBe(5);
    expect(locateJsonPath(text, ['a', 0, 'b'])).toBe(3);
    expect(locateJsonPath(text, ['a', 1, 'zz'])).toBe(4);
  });
});
