import type { Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { CoderConfig, GroupConfig } from '../config/study-config.js';
import { warning, type Diagnostic } from '../core/diagnostics.js';
import type { Fragment } from '../fragments/fragment.js';
import { coderSaw } from './compute-agreement.js';

export interface LabelCounts {
  codebook: string;
  label: string;
  name: string;
  /** Per coder, in the order of `coders`: fragments given this label; null when the coder saw none of the codebook's fragments. */
  counts: (number | null)[];
}

export interface CoderConsistency {
  coders: string[];
  counts: LabelCounts[];
  diagnostics: Diagnostic[];
}

/**
 * Checks coders against each other, for `qualkit validate --coders`: a label one coder
 * gives to fragments another coder also saw, which that other coder never gives to any of
 * those shared fragments (warning at the first such use),
 * fragments no coder coded (warning at the fragment's source line), and every label's
 * count per coder side by side. `sourcePath` turns a source file of the config into the
 * path shown in messages.
 */
export function checkCoderConsistency(
  codebooks: readonly Codebook[],
  groups: readonly GroupConfig[],
  fragments: readonly Fragment[],
  codings: readonly Coding[],
  coders: readonly CoderConfig[],
  sourcePath: (source: string) => string,
): CoderConsistency {
  const diagnostics: Diagnostic[] = [];
  const counts: LabelCounts[] = [];
  const coded = new Set(codings.map((c) => c.fragment));
  const fragmentIndex = new Map(fragments.map((f) => [f.code, f]));
  for (const f of fragments)
    if (!coded.has(f.code))
      diagnostics.push(
        warning(
          sourcePath(f.source),
          f.line,
          'coders/uncoded-fragment',
          `Fragment ${f.code} is coded by no coder`,
        ),
      );

  for (const codebook of codebooks) {
    const letters = new Set(groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter));
    const mine = fragments.filter((f) => letters.has(f.group));
    const sawAny = coders.map((c) => mine.some((f) => coderSaw(c, f)));
    const perCoder = coders.map((c) => {
      const map = new Map<string, Coding[]>();
      for (const x of codings)
        if (x.coder === c.name && letters.has(x.fragment[0]!))
          map.set(x.label, [...(map.get(x.label) ?? []), x]);
      return map;
    });
    for (const main of codebook.mains)
      for (const core of main.cores) {
        const n = perCoder.map((m, i) => (sawAny[i] ? (m.get(core.id)?.length ?? 0) : null));
        if (n.every((x) => !x)) continue;
        counts.push({ codebook: codebook.id, label: core.id, name: core.label, counts: n });
        coders.forEach((c, i) => {
          coders.forEach((d, j) => {
            if (i === j) return;
            const shared = (code: string) => {
              const f = fragmentIndex.get(code);
              return f !== undefined && coderSaw(c, f) && coderSaw(d, f);
            };
            const mineShared = (perCoder[i]!.get(core.id) ?? []).filter((x) => shared(x.fragment));
            const theirsShared = (perCoder[j]!.get(core.id) ?? []).filter((x) => shared(x.fragment));
            if (mineShared.length > 0 && theirsShared.length === 0)
              diagnostics.push(
                warning(
                  mineShared[0]!.file,
                  mineShared[0]!.line,
                  'coders/label-one-coder',
                  `Label ${core.id} (${codebook.id}) is given by ${c.name} to ${mineShared.length} fragment(s) that ${d.name} coded too, but never by ${d.name}`,
                ),
              );
          });
        });
      }
  }
  return { coders: coders.map((c) => c.name), counts, diagnostics };
}
