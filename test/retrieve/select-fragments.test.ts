import { describe, expect, it } from 'vitest';
import type { Fragment } from '../../src/fragments/fragment.js';
import {
  describeFilter,
  foldText,
  parseWhere,
  seenByCoders,
  selectFragments,
  type SelectionContext,
} from '../../src/retrieve/select-fragments.js';

const fragment = (code: string, text = ''): Fragment => {
  const respondent = code.split('.')[0]!;
  return {
    code,
    group: code[0]!,
    interview: Number(respondent.slice(1)),
    respondent,
    speaker: 'R',
    text,
    source: 's',
    line: 1,
  };
};

const fragments = [
  fragment('A1.1', 'Café in de buurt'),
  fragment('A1.2', 'geen\nidee'),
  fragment('B1.1', 'Schaamte'),
  fragment('B2.1'),
];

function context(overrides: Partial<SelectionContext> = {}): SelectionContext {
  return {
    fragments,
    groups: [
      { letter: 'A', codebook: 'x' },
      { letter: 'B', codebook: 'y' },
    ],
    respondents: [
      { id: 'A1', attributes: { type: 'a', age: 15, minor: true } },
      { id: 'B1', attributes: { type: 'b' } },
      { id: 'B2', attributes: {} },
    ],
    labels: new Map([
      ['A1.1', new Set(['1.A', '10.B'])],
      ['B1.1', new Set(['1.AB'])],
    ]),
    seen: () => true,
    ...overrides,
  };
}

const codes = (ctx: SelectionContext, filter: Parameters<typeof selectFragments>[1]) =>
  selectFragments(ctx, filter).map((f) => f.code);

describe('selectFragments', () => {
  it('a main label matches its core labels only, not a main label that starts with the same digit', () => {
    expect(codes(context(), { labels: ['1'] })).toEqual(['A1.1', 'B1.1']);
    expect(codes(context(), { labels: ['10'] })).toEqual(['A1.1']);
    expect(codes(context(), { labels: ['1.A'] })).toEqual(['A1.1']);
    expect(codes(context(), { labels: ['1.A', '10.B'], match: 'all' })).toEqual(['A1.1']);
    expect(codes(context(), { labels: ['1.A', '1.AB'], match: 'all' })).toEqual([]);
    expect(codes(context(), { not: ['1'] })).toEqual(['A1.2', 'B2.1']);
  });

  it('attributes: booleans and numbers compare as their text; a missing attribute never matches', () => {
    expect(codes(context(), { where: [{ attribute: 'minor', value: 'true' }] })).toEqual(['A1.1', 'A1.2']);
    expect(codes(context(), { where: [{ attribute: 'age', value: '15' }] })).toEqual(['A1.1', 'A1.2']);
    expect(
      codes(context(), {
        where: [
          { attribute: 'type', value: 'a' },
          { attribute: 'type', value: 'b' },
        ],
      }),
    ).toEqual(['A1.1', 'A1.2', 'B1.1']);
  });

  it('codebook, text and uncoded', () => {
    expect(codes(context(), { codebook: 'y' })).toEqual(['B1.1', 'B2.1']);
    expect(codes(context(), { text: 'CAFE IN' })).toEqual(['A1.1']);
    expect(codes(context(), { text: 'geen idee' })).toEqual(['A1.2']);
    expect(codes(context(), { uncoded: true })).toEqual(['A1.2', 'B2.1']);
  });

  it('fragments no chosen coder saw are left out, unless they carry a label', () => {
    const seen = seenByCoders([{ scope: ['B1'] }]);
    expect(codes(context({ seen }), {})).toEqual(['A1.1', 'B1.1']);
    expect(codes(context({ seen }), { uncoded: true })).toEqual([]);
    expect(seenByCoders([{ scope: ['B'] }, {}])(fragment('A1.1'))).toBe(true);
    expect(seenByCoders([])(fragment('A1.1'))).toBe(true);
  });
});

describe('parseWhere, foldText, describeFilter', () => {
  it('parses attribute=value, the value may hold "=" or be empty', () => {
    expect(parseWhere('type=bijverdieners')).toEqual({ attribute: 'type', value: 'bijverdieners' });
    expect(parseWhere('note=a=b')).toEqual({ attribute: 'note', value: 'a=b' });
    expect(parseWhere('note=')).toEqual({ attribute: 'note', value: '' });
    expect(typeof parseWhere('type')).toBe('string');
    expect(typeof parseWhere(' =x')).toBe('string');
  });

  it('folds case, diacritics and white space', () => {
    expect(foldText('Één  CAFÉ\nnaïef')).toBe('een cafe naief');
  });

  it('says what was asked', () => {
    expect(
      describeFilter({
        labels: ['4.A', '5.A'],
        match: 'all',
        not: ['5.L'],
        groups: ['B'],
        where: [
          { attribute: 'type', value: 'a' },
          { attribute: 'type', value: 'b' },
        ],
        text: 'anoniem',
      }),
    ).toBe('labels 4.A and 5.A; not 5.L; group B; type=a or b; text "anoniem"');
  });
});
