import { describe, expect, it } from 'vitest';
import { compareFragmentCodes, parseFragmentCode } from '../../src/core/fragment-code.js';

describe('fragment codes', () => {
  it('parses group letter, interview number and fragment number (appendix 7)', () => {
    expect(parseFragmentCode('B3.7')).toEqual({ group: 'B', interview: 3, fragment: 7 });
    expect(parseFragmentCode('D12.103')).toEqual({ group: 'D', interview: 12, fragment: 103 });
  });
  it('rejects OCR slips and incomplete codes', () => {
    for (const bad of ['Al.2', '3.16', 'B3', 'b3.7', 'B3,7', 'B0.1', 'B3.0', 'B3.7.1', 'C55'])
      expect(parseFragmentCode(bad)).toBeUndefined();
  });
  it('orders codes by group, interview and fragment number', () => {
    expect(['B2.10', 'A9.1', 'B10.1', 'B2.9', 'B2.1'].sort(compareFragmentCodes)).toEqual([
      'A9.1',
      'B2.1',
      'B2.9',
      'B2.10',
      'B10.1',
    ]);
  });
});
