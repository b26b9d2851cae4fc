import { describe, expect, it } from 'vitest';
import { compressRanges, compressRangesByInterview, expandRanges } from '../../src/core/compress-ranges.js';

describe('compressRanges', () => {
  it('compresses runs of three or more and keeps gaps, as appendix 10 writes them', () => {
    expect(compressRanges(['B5.1', 'B5.2', 'B5.3', 'B5.6'])).toBe('B5.1-B5.3, B5.6');
  });
  it('keeps a single fragment as it is', () => {
    expect(compressRanges(['A3.41'])).toBe('A3.41');
  });
  it('lists a run of two instead of making it a range (A4.1, A4.2 in appendix 10)', () => {
    expect(compressRanges(['A4.2', 'A4.1'])).toBe('A4.1, A4.2');
  });
  it('sorts numerically, not as text, and drops duplicates', () => {
    expect(compressRanges(['B2.10', 'B2.9', 'B2.11', 'B2.9', 'B2.2'])).toBe('B2.2, B2.9-B2.11');
  });
  it('does not join runs across interviews or groups', () => {
    expect(compressRangesByInterview(['B1.3', 'B2.1', 'B2.2', 'B2.3', 'C1.1', 'B1.2', 'B1.1'])).toEqual([
      'B1.1-B1.3',
      'B2.1-B2.3',
      'C1.1',
    ]);
  });
  it('returns an empty list for no fragments', () => {
    expect(compressRanges([])).toBe('');
  });
  it('rejects something that is not a fragment code', () => {
    expect(() => compressRanges(['B1'])).toThrow(/not a fragment code/);
  });
});

describe('expandRanges', () => {
  it('expands ranges with or without spaces around the dash', () => {
    expect(expandRanges('D3.22 - D3.25, A1.30-A1.32')).toEqual([
      'D3.22',
      'D3.23',
      'D3.24',
      'D3.25',
      'A1.30',
      'A1.31',
      'A1.32',
    ]);
  });
  it('rejects a range across interviews and a backwards range', () => {
    expect(expandRanges('B1.3-B2.4')).toBeUndefined();
    expect(expandRanges('B1.5-B1.2')).toBeUndefined();
    expect(expandRanges('Al.2')).toBeUndefined();
  });
  it('is the inverse of compressRanges', () => {
    const codes = ['C1.1', 'C1.2', 'C1.3', 'C1.5', 'C2.7', 'C2.8', 'D1.1'];
    expect(expandRanges(compressRanges(codes))).toEqual(codes);
  });
});
