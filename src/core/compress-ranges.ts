import {
  formatFragmentCode,
  parseFragmentCode,
  sortFragmentCodes,
  type FragmentCode,
} from './fragment-code.js';

/**
 * Fragment lists as appendix 10 prints them: per interview, runs of three or more
 * consecutive fragments become a range (`B5.1-B5.3`), shorter runs stay listed
 * (`A4.1, A4.2`). Returns one string per interview, in code order. Duplicates are dropped.
 */
export function compressRangesByInterview(codes: Iterable<string>): string[] {
  return compressSortedCodes(sortFragmentCodes(new Set(codes)));
}

/** compressRangesByInterview for codes already parsed, distinct and in code order (as sortFragmentCodes gives them). */
export function compressSortedCodes(
  sorted: readonly { code: string; parsed: FragmentCode | undefined }[],
): string[] {
  const byInterview = new Map<string, number[]>();
  for (const { code, parsed } of sorted) {
    if (!parsed) throw new Error(`not a fragment code: ${code}`);
    const key = `${parsed.group}${parsed.interview}`;
    const list = byInterview.get(key) ?? [];
    list.push(parsed.fragment);
    byInterview.set(key, list);
  }
  const lines: string[] = [];
  for (const [respondent, numbers] of byInterview) {
    const parts: string[] = [];
    let i = 0;
    while (i < numbers.length) {
      let j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
      if (j - i >= 2) parts.push(`${respondent}.${numbers[i]}-${respondent}.${numbers[j]}`);
      else for (let k = i; k <= j; k++) parts.push(`${respondent}.${numbers[k]}`);
      i = j + 1;
    }
    lines.push(parts.join(', '));
  }
  return lines;
}

/** All interviews on one line: `B1.1, B1.7, B5.1-B5.3`. */
export function compressRanges(codes: Iterable<string>): string {
  return compressRangesByInterview(codes).join(', ');
}

/**
 * The inverse of compressRanges: `B5.1-B5.3, B5.6` gives B5.1, B5.2, B5.3, B5.6.
 * Spaces around the dash are allowed (`D3.22 - D3.25`), as the reference writes them.
 * Returns undefined when a part is not a code or a range within one interview.
 */
export function expandRanges(text: string): string[] | undefined {
  const out: string[] = [];
  for (const rawPart of text.split(/[,;\n]/)) {
    const part = rawPart.trim();
    if (part === '') continue;
    const [from, to, ...rest] = part.split(/\s*[-–]\s*/);
    if (rest.length > 0 || from === undefined) return undefined;
    const start = parseFragmentCode(from);
    if (!start) return undefined;
    if (to === undefined) {
      out.push(formatFragmentCode(start));
      continue;
    }
    const end = parseFragmentCode(to);
    if (
      !end ||
      end.group !== start.group ||
      end.interview !== start.interview ||
      end.fragment < start.fragment
    )
      return undefined;
    for (let n = start.fragment; n <= end.fragment; n++)
      out.push(formatFragmentCode({ ...start, fragment: n }));
  }
  return out;
}
