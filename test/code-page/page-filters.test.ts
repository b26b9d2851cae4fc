import { describe, expect, it } from 'vitest';
import {
  matchesFilters,
  NO_FILTERS,
  parseAttributes,
  parseLabelList,
  type Candidate,
} from '../../src/page/filters.js';
import { fold } from '../../src/page/fold.js';
import { searchLabels } from '../../src/page/label-search.js';

const fragment = (
  code: string,
  labels: string[],
  text: string,
  attributes: Record<string, string> = {},
): Candidate => ({
  code,
  group: code[0]!,
  respondent: code.split('.')[0]!,
  attributes,
  labels,
  folded: () => fold(text),
});

const all = [
  fragment('B1.1', ['1.A', '2.B'], 'Ze schamen zich', { role: 'jeugdarts' }),
  fragment('B1.2', ['1.B'], 'Geen vertrouwen'),
  fragment('C1.1', [], 'Ik wil anoniem blijven', { type: 'gelukszoekers' }),
  fragment('C2.1', ['2.A'], 'Een café, dáár slaap ik', { type: 'Bijverdieners' }),
];
const codes = (f: Partial<typeof NO_FILTERS>) =>
  all.filter((c) => matchesFilters(c, { ...NO_FILTERS, ...f })).map((c) => c.code);

describe('the page’s filters mean what retrieve’s options mean', () => {
  it('labels: any by default, all on request, a main label for its core labels, not excludes', () => {
    expect(codes({ labels: ['1.A', '1.B'] })).toEqual(['B1.1', 'B1.2']);
    expect(codes({ labels: ['1.A', '2.B'], all: true })).toEqual(['B1.1']);
    expect(codes({ labels: ['2'] })).toEqual(['B1.1', 'C2.1']);
    expect(codes({ labels: ['1'], not: ['2.B'] })).toEqual(['B1.2']);
    expect(codes({ not: ['1'] })).toEqual(['C1.1', 'C2.1']);
  });

  it('uncoded, group, respondent, attributes and text (case and diacritics ignored)', () => {
    expect(codes({ uncoded: true })).toEqual(['C1.1']);
    expect(codes({ group: 'C' })).toEqual(['C1.1', 'C2.1']);
    expect(codes({ respondent: 'b1' })).toEqual(['B1.1', 'B1.2']);
    expect(codes({ attributes: [['type', 'bijverdieners']] })).toEqual(['C2.1']);
    expect(codes({ text: 'CAFE' })).toEqual(['C2.1']);
    expect(codes({ text: 'DAAR slaap' })).toEqual(['C2.1']);
    expect(codes({ text: 'anoniem', group: 'B' })).toEqual([]);
  });

  it('reads label lists and attribute pairs as typed', () => {
    expect(parseLabelList(' 3.j, 5  4.A;')).toEqual(['3.J', '5', '4.A']);
    expect(parseAttributes('type=bijverdieners, Age = 16, junk')).toEqual([
      ['type', 'bijverdieners'],
      ['age', '16'],
    ]);
  });
});

describe('the label picker', () => {
  const labels = [
    { id: '1.A', label: 'Schaamte', definition: 'Taboe en schaamte.', main: '1 Drempels' },
    { id: '1.B', label: 'Wantrouwen', definition: 'Geen vertrouwen in hulpverleners.', main: '1 Drempels' },
    {
      id: '2.A',
      label: 'Onderdak',
      definition: 'Een plek om te slapen (café, opvang).',
      main: '2 Behoeften',
    },
    { id: '12.B', label: 'Privé', definition: '', main: '12 Anders' },
  ];
  const ids = (q: string) => searchLabels(labels, q).map((l) => l.id);
  it('finds ids, names and definitions, diacritics ignored, ids and name starts first', () => {
    expect(ids('1b')).toEqual(['1.B']);
    expect(ids('1.')).toEqual(['1.A', '1.B']);
    expect(ids('wan')).toEqual(['1.B']);
    expect(ids('prive')).toEqual(['12.B']);
    expect(ids('cafe')).toEqual(['2.A']);
    expect(ids('vertrouwen')).toEqual(['1.B']);
    expect(ids('drempels taboe')).toEqual(['1.A']);
    expect(ids('')).toEqual(['1.A', '1.B', '2.A', '12.B']);
  });
});
