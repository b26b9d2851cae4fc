import type { Codebook } from '../codebook/codebook.js';
import type { CoderConfig, GroupConfig, RespondentConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';

/**
 * Which fragments to retrieve. Every given criterion must hold (they combine with AND);
 * within a repeated criterion the values are alternatives, except labels under
 * `match: 'all'`. Shared by `qualkit retrieve` and the coding page's retrieve view.
 */
export interface FragmentFilter {
  /**
   * Label references: a core label `3.J`, or a main label `3` (= any of its core labels).
   * A fragment matches when it carries any of them (`match: 'any'`, the default) or all.
   */
  labels?: readonly string[];
  match?: 'any' | 'all';
  /** Label references the fragment must carry none of. */
  not?: readonly string[];
  /** Group letters (`B`): any of them. */
  groups?: readonly string[];
  /** Respondent ids (`B3`): any of them. */
  respondents?: readonly string[];
  /**
   * Respondent attributes: a respondent matches every attribute named, and for an
   * attribute named more than once, any of its values (`type=a`, `type=b`: either type).
   */
  where?: readonly AttributeCondition[];
  /** Text the fragment must contain, ignoring case, diacritics and runs of white space. */
  text?: string;
  /** Only fragments that carry no label (of the chosen coders, merged). */
  uncoded?: boolean;
  /** Only fragments of the groups coded with this codebook. */
  codebook?: string;
}

export interface AttributeCondition {
  attribute: string;
  value: string;
}

/** What a selection looks at: the study's fragments, groups and respondents, and the labels to match. */
export interface SelectionContext {
  /** Fragments in study order; the selection keeps that order. */
  fragments: readonly Fragment[];
  groups: readonly Pick<GroupConfig, 'letter' | 'codebook'>[];
  respondents: readonly RespondentConfig[];
  /** Labels per fragment code, merged over the chosen coders (see labelsByFragment). */
  labels: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Whether one of the chosen coders saw the fragment (see coderSaw). Fragments nobody of
   * them saw are never selected: a coder's silence about a fragment outside her scope says
   * nothing. A fragment carrying a label counts as seen whatever the scope.
   */
  seen: (fragment: Fragment) => boolean;
}

/**
 * `type=bijverdieners` → the condition; the value may contain `=` and may be empty, the
 * attribute name may not. Returns a message (for a usage error) when the syntax is wrong.
 */
export function parseWhere(text: string): AttributeCondition | string {
  const eq = text.indexOf('=');
  const attribute = eq < 0 ? '' : text.slice(0, eq).trim();
  if (eq < 0 || attribute === '')
    return `--where takes attribute=value (e.g. --where type=bijverdieners); got "${text}"`;
  return { attribute, value: text.slice(eq + 1).trim() };
}

/**
 * Text folded for searching: diacritics removed (é → e, ï → i), lower case, every run of
 * white space (line breaks between chat messages included) one space.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** Whether a label reference (`3.J` or main label `3`) names a label of this codebook. */
export function codebookHasLabel(codebook: Codebook, ref: string): boolean {
  const dot = ref.indexOf('.');
  const main = codebook.mains.find((m) => m.id === (dot < 0 ? ref : ref.slice(0, dot)));
  return main !== undefined && (dot < 0 || main.cores.some((c) => c.id === ref));
}

/**
 * What is wrong with a filter for this study, as messages for a usage error (empty when
 * nothing is): unknown labels (in the codebooks the selection covers), codebook, groups,
 * respondents, attributes or attribute values, `--uncoded` with labels, an empty text.
 */
export function filterProblems(
  filter: FragmentFilter,
  study: {
    codebooks: readonly Codebook[];
    groups: readonly Pick<GroupConfig, 'letter' | 'codebook'>[];
    respondents: readonly RespondentConfig[];
  },
): string[] {
  const problems: string[] = [];
  const list = (xs: readonly string[]) => xs.join(', ') || '(none)';
  let codebooks = study.codebooks;
  if (filter.codebook !== undefined) {
    codebooks = codebooks.filter((c) => c.id === filter.codebook);
    if (codebooks.length === 0)
      problems.push(
        `unknown codebook "${filter.codebook}"; the study has ${list(study.codebooks.map((c) => c.id))}`,
      );
  }
  for (const ref of [...(filter.labels ?? []), ...(filter.not ?? [])]) {
    if (!/^[1-9]\d*(\.[A-Z]+)?$/.test(ref))
      problems.push(`"${ref}" is not a label: give a core label such as 3.J or a main label such as 3`);
    else if (codebooks.length > 0 && !codebooks.some((c) => codebookHasLabel(c, ref)))
      problems.push(
        `unknown label "${ref}": no ${ref.includes('.') ? 'core' : 'main'} label ${ref} in codebook ${codebooks.map((c) => c.id).join(', ')}`,
      );
  }
  if (filter.uncoded && (filter.labels?.length ?? 0) > 0)
    problems.push('--uncoded lists fragments without labels; it cannot be combined with --label');
  const letters = study.groups.map((g) => g.letter);
  for (const g of filter.groups ?? [])
    if (!letters.includes(g)) problems.push(`unknown group "${g}"; the study has ${list(letters)}`);
  const ids = new Set(study.respondents.map((r) => r.id));
  for (const r of filter.respondents ?? [])
    if (!ids.has(r)) problems.push(`unknown respondent "${r}"; the study has no respondent ${r}`);
  for (const { attribute, value } of filter.where ?? []) {
    const values = new Set<string>();
    for (const r of study.respondents)
      if (attribute in r.attributes) values.add(String(r.attributes[attribute]));
    if (values.size === 0) {
      const known = [...new Set(study.respondents.flatMap((r) => Object.keys(r.attributes)))].sort();
      problems.push(`no respondent has the attribute "${attribute}"; attributes: ${list(known)}`);
    } else if (!values.has(value))
      problems.push(
        `no respondent has ${attribute}=${value}; values of ${attribute}: ${list([...values].sort())}`,
      );
  }
  if (filter.text !== undefined && foldText(filter.text).trim() === '')
    problems.push('--text needs some text to search for');
  return problems;
}

/** A test for one label reference on a fragment's label set. */
function labelTest(ref: string): (labels: ReadonlySet<string>) => boolean {
  if (ref.includes('.')) return (labels) => labels.has(ref);
  const prefix = `${ref}.`;
  return (labels) => {
    for (const l of labels) if (l.startsWith(prefix)) return true;
    return false;
  };
}

const NO_LABELS: ReadonlySet<string> = new Set();

/**
 * The fragments that pass the filter, in study order. Pure; check the filter with
 * filterProblems first (an unknown label here simply matches nothing).
 */
export function selectFragments(context: SelectionContext, filter: FragmentFilter): Fragment[] {
  const tests: ((f: Fragment, labels: ReadonlySet<string>) => boolean)[] = [];
  if (filter.codebook !== undefined) {
    const letters = new Set(
      context.groups.filter((g) => g.codebook === filter.codebook).map((g) => g.letter),
    );
    tests.push((f) => letters.has(f.group));
  }
  if (filter.groups && filter.groups.length > 0) {
    const letters = new Set(filter.groups);
    tests.push((f) => letters.has(f.group));
  }
  if (filter.respondents && filter.respondents.length > 0) {
    const ids = new Set(filter.respondents);
    tests.push((f) => ids.has(f.respondent));
  }
  if (filter.where && filter.where.length > 0) {
    const wanted = new Map<string, Set<string>>();
    for (const { attribute, value } of filter.where) {
      let values = wanted.get(attribute);
      if (!values) wanted.set(attribute, (values = new Set()));
      values.add(value);
    }
    const matching = new Set<string>();
    for (const r of context.respondents)
      if (
        [...wanted].every(
          ([attribute, values]) => attribute in r.attributes && values.has(String(r.attributes[attribute])),
        )
      )
        matching.add(r.id);
    tests.push((f) => matching.has(f.respondent));
  }
  if (filter.labels && filter.labels.length > 0) {
    const any = filter.labels.map(labelTest);
    tests.push(
      filter.match === 'all'
        ? (_, labels) => any.every((t) => t(labels))
        : (_, labels) => any.some((t) => t(labels)),
    );
  }
  if (filter.not && filter.not.length > 0) {
    const none = filter.not.map(labelTest);
    tests.push((_, labels) => !none.some((t) => t(labels)));
  }
  if (filter.uncoded) tests.push((_, labels) => labels.size === 0);
  if (filter.text !== undefined) {
    const needle = foldText(filter.text);
    tests.push((f) => foldText(f.text).includes(needle));
  }
  const selected: Fragment[] = [];
  for (const f of context.fragments) {
    const labels = context.labels.get(f.code) ?? NO_LABELS;
    if (labels.size === 0 && !context.seen(f)) continue;
    if (tests.every((t) => t(f, labels))) selected.push(f);
  }
  return selected;
}

/**
 * The `seen` test for some coders: a fragment is seen when it is in one coder's scope (no
 * scope: every fragment), as agreement counts it.
 */
export function seenByCoders(
  coders: readonly Pick<CoderConfig, 'scope'>[],
): (fragment: Pick<Fragment, 'group' | 'respondent'>) => boolean {
  if (coders.length === 0 || coders.some((c) => !c.scope)) return () => true;
  const scope = new Set(coders.flatMap((c) => c.scope ?? []));
  return (f) => scope.has(f.group) || scope.has(f.respondent);
}

/** The filter in words, for the head of a result: `label 1.A and 2.B, not 5.L; group C`. */
export function describeFilter(filter: FragmentFilter): string {
  const parts: string[] = [];
  const labels = filter.labels ?? [];
  if (labels.length > 0)
    parts.push(
      `label${labels.length > 1 ? 's' : ''} ${labels.join(filter.match === 'all' ? ' and ' : ' or ')}`,
    );
  if (filter.not && filter.not.length > 0) parts.push(`not ${filter.not.join(' or ')}`);
  if (filter.uncoded) parts.push('no label');
  if (filter.codebook !== undefined) parts.push(`codebook ${filter.codebook}`);
  if (filter.groups && filter.groups.length > 0)
    parts.push(`group${filter.groups.length > 1 ? 's' : ''} ${filter.groups.join(' or ')}`);
  if (filter.respondents && filter.respondents.length > 0)
    parts.push(`respondent ${filter.respondents.join(' or ')}`);
  const where = new Map<string, string[]>();
  for (const w of filter.where ?? []) where.set(w.attribute, [...(where.get(w.attribute) ?? []), w.value]);
  for (const [attribute, values] of where) parts.push(`${attribute}=${values.join(' or ')}`);
  if (filter.text !== undefined) parts.push(`text "${filter.text}"`);
  return parts.join('; ');
}
