/**
 * Fragment codes as in appendix 7 of the reference study: `<group letter><interview no>.<fragment no>`,
 * e.g. `B3.7`. The respondent id (`B3`) is the part before the dot.
 */
export interface FragmentCode {
  group: string;
  interview: number;
  fragment: number;
}

const CODE = /^([A-Z])([1-9]\d*)\.([1-9]\d*)$/;
/** A respondent id: group letter and interview number (`B3`). */
export const RESPONDENT_ID = /^[A-Z][1-9]\d*$/;

/** Whether text (already trimmed) is a well-formed fragment code. */
export function isFragmentCode(text: string): boolean {
  return CODE.test(text);
}

export function parseFragmentCode(text: string): FragmentCode | undefined {
  const m = CODE.exec(text.trim());
  if (!m) return undefined;
  return { group: m[1]!, interview: Number(m[2]), fragment: Number(m[3]) };
}

export function formatFragmentCode(code: FragmentCode): string {
  return `${code.group}${code.interview}.${code.fragment}`;
}

/** Orders codes by group letter, then interview number, then fragment number (B2.10 after B2.9). */
export function compareFragmentCodes(a: string, b: string): number {
  return compareParsed(a, parseFragmentCode(a), b, parseFragmentCode(b));
}

function compareParsed(
  a: string,
  x: FragmentCode | undefined,
  b: string,
  y: FragmentCode | undefined,
): number {
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  if (x.group !== y.group) return x.group < y.group ? -1 : 1;
  if (x.interview !== y.interview) return x.interview - y.interview;
  return x.fragment - y.fragment;
}

/**
 * Codes in the order of compareFragmentCodes, each parsed once (overviews sort hundreds of
 * thousands). With `groupOrder` (the config's group letters), groups come in that order.
 */
export function sortFragmentCodes(
  codes: Iterable<string>,
  groupOrder?: readonly string[],
): { code: string; parsed: FragmentCode | undefined }[] {
  const decorated = Array.from(codes, (code) => ({ code, parsed: parseFragmentCode(code) }));
  const rank = groupRank(groupOrder);
  return decorated.sort(
    (p, q) =>
      (p.parsed && q.parsed ? rank(p.parsed.group) - rank(q.parsed.group) : 0) ||
      compareParsed(p.code, p.parsed, q.code, q.parsed),
  );
}

/** The position of a group letter in the config (letters it does not list last, alphabetically). */
function groupRank(groupOrder: readonly string[] | undefined): (letter: string) => number {
  if (!groupOrder) return () => 0;
  const rank = new Map(groupOrder.map((g, i) => [g, i]));
  return (letter) => rank.get(letter) ?? groupOrder.length;
}

/** Orders respondent ids (`B2` before `B10`); with `groupOrder`, groups in the config's order. */
export function compareRespondentIds(a: string, b: string, groupOrder?: readonly string[]): number {
  if (groupOrder) {
    const rank = groupRank(groupOrder);
    const d = rank(a[0]!) - rank(b[0]!);
    if (d !== 0) return d;
  }
  return compareFragmentCodes(`${a}.1`, `${b}.1`);
}
