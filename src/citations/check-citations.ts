import { compareFragmentCodes } from '../core/fragment-code.js';
import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import type { Fragment } from '../fragments/fragment.js';
import type { CitationGroup, CitationProblemKind } from './parse-citations.js';

const PROBLEM_TEXT: Record<CitationProblemKind, string> = {
  'ocr-letter': 'a letter where a digit belongs',
  'lowercase-letter': 'the group letter is lower case',
  'missing-letter': 'the group letter is missing',
  'missing-dot': 'the dot between interview and fragment number is missing',
  'missing-comma': 'two codes without a comma between them',
  duplicate: 'the same code twice in one citation',
  'bad-range': 'not a range within one interview (expected e.g. A1.30-A1.34)',
  other: 'not a fragment code',
};

/** Kinds whose fix is the only reading of the token. */
const REPAIRABLE = new Set<CitationProblemKind>(['ocr-letter', 'lowercase-letter', 'missing-dot']);

export interface CitedGroup extends CitationGroup {
  /** Labels the group's fragments carry (any coder, named by `describe`), with how many of its fragments carry each. */
  labels: { label: string; fragments: number }[];
}

export interface CitationCheck {
  groups: CitedGroup[];
  diagnostics: Diagnostic[];
  /** Per respondent group letter: coded fragments never cited, and labels no cited fragment carries. */
  uncited: { group: string; fragments: string[]; labels: string[] }[];
}

/**
 * Checks a draft's citation groups against the study: malformed codes and repeated codes
 * (from parsing), codes of fragments that do not exist (errors), and codes of fragments
 * no coder coded (warnings). Lists the labels each group's fragments carry, and per
 * respondent group the coded fragments and labels the draft never cites.
 */
export function checkCitations(
  groups: readonly CitationGroup[],
  file: string,
  fragments: ReadonlyMap<string, Fragment>,
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  describe: (fragment: string, label: string) => string = (_, label) => label,
): CitationCheck {
  const diagnostics: Diagnostic[] = [];
  const cited = new Set<string>();
  const checked: CitedGroup[] = groups.map((g) => {
    // A malformed code with a sure repair (the error names it) cites the fragment it repairs to;
    // a missing group letter is only a likely guess.
    for (const p of g.problems) if (p.fix && REPAIRABLE.has(p.kind) && fragments.has(p.fix)) cited.add(p.fix);
    for (const p of g.problems) {
      const raw = g.raw.replace(/\s+/g, ' ');
      const message =
        p.kind === 'duplicate'
          ? `Citation ${raw} names ${p.token} twice`
          : `Malformed citation ${raw}: "${p.token}": ${PROBLEM_TEXT[p.kind]}${p.fix ? ` (did you mean ${p.fix}?)` : ''}`;
      diagnostics.push(
        p.kind === 'duplicate'
          ? warning(file, p.line, 'cite/duplicate', message)
          : error(file, p.line, `cite/${p.kind}`, message),
      );
    }
    const counts = new Map<string, number>();
    for (const code of new Set(g.codes)) {
      cited.add(code);
      if (!fragments.has(code)) {
        const respondent = code.split('.')[0]!;
        const count = [...fragments.keys()].filter((c) => c.startsWith(`${respondent}.`)).length;
        diagnostics.push(
          error(
            file,
            g.line,
            'cite/unknown-fragment',
            `Fragment ${code} does not exist${count > 0 ? ` (${respondent} has ${respondent}.1 to ${respondent}.${count})` : ` (the study has no respondent ${respondent})`}`,
          ),
        );
        continue;
      }
      const set = labels.get(code);
      if (!set || set.size === 0) {
        diagnostics.push(
          warning(
            file,
            g.line,
            'cite/uncoded-fragment',
            `Fragment ${code} is cited but no coder gave it a label`,
          ),
        );
        continue;
      }
      for (const l of set) {
        const name = describe(code, l);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
    const sorted = [...counts]
      .map(([label, n]) => ({ label, fragments: n }))
      .sort((a, b) => b.fragments - a.fragments || compareLabels(a.label, b.label));
    return { ...g, labels: sorted };
  });

  const byGroup = new Map<string, { fragments: string[]; labels: Set<string>; citedLabels: Set<string> }>();
  for (const [code, set] of labels) {
    if (set.size === 0) continue;
    const letter = code[0]!;
    let entry = byGroup.get(letter);
    if (!entry) byGroup.set(letter, (entry = { fragments: [], labels: new Set(), citedLabels: new Set() }));
    set.forEach((l) => entry.labels.add(l));
    if (cited.has(code)) set.forEach((l) => entry.citedLabels.add(l));
    else entry.fragments.push(code);
  }
  const uncited = [...byGroup.keys()].sort().map((group) => {
    const e = byGroup.get(group)!;
    return {
      group,
      fragments: e.fragments.sort(compareFragmentCodes),
      labels: [...e.labels]
        .filter((l) => !e.citedLabels.has(l))
        .sort(compareLabels)
        .map((l) => describe(`${group}1.1`, l)),
    };
  });
  return { groups: checked, diagnostics, uncited };
}

function compareLabels(a: string, b: string): number {
  const [ma, la] = a.split('.');
  const [mb, lb] = b.split('.');
  return Number(ma) - Number(mb) || la!.length - lb!.length || (la! < lb! ? -1 : la! > lb! ? 1 : 0);
}
