import { coderSaw, computeAgreement, type AgreementRow } from '../agreement/compute-agreement.js';
import type { CoderConfig } from '../config/study-config.js';
import { computeMeeting, type MeetingInput } from './compute-consensus.js';

/** One coder against the consensus, pooled over a codebook's core labels (or all codebooks). */
export interface AgainstRow {
  coder: string;
  codebook: string;
  /** Fragments both coded (the coder saw it, the meeting decided it). */
  fragments: number;
  /** Of those, fragments where the coder's labels are not the consensus labels. */
  differing: number;
  /** Pooled row: units are fragment × core label pairs. */
  agreement: AgreementRow;
}

export interface AgainstReport {
  consensus: string;
  coders: string[];
  rows: AgainstRow[];
  /** Agenda fragments left out because the meeting has not decided them (or must look again). */
  leftOut: string[];
  replicates: number;
  seed: number;
}

/**
 * Each coder of the meeting compared with the consensus coder, so a supervisor sees who
 * drifted from the agreed reading. Units: the fragments two or more of the meeting's coders
 * saw (the meeting's material) that the coder saw, less the undecided ones (the consensus has
 * no reading of them yet, and counting them "absent" would blame the coder). Statistics as
 * in `agree`, per codebook pooled over its core labels.
 */
export function compareWithConsensus(
  meeting: MeetingInput,
  consensus: CoderConfig,
  coders: readonly CoderConfig[],
  options: { replicates?: number; seed?: number } = {},
): AgainstReport {
  const state = computeMeeting(meeting);
  const leftOut = new Set([...state.undecided, ...state.changed]);
  const material = meeting.fragments.filter(
    (f) => !leftOut.has(f.code) && meeting.coders.filter((c) => coderSaw(c, f)).length >= 2,
  );
  const labelsOf = (coder: string) => {
    const map = new Map<string, Set<string>>();
    for (const x of meeting.codings)
      if (x.coder === coder)
        (map.get(x.fragment) ?? map.set(x.fragment, new Set()).get(x.fragment)!).add(x.label);
    return map;
  };
  const agreed = labelsOf(consensus.name);
  const rows: AgainstRow[] = [];
  for (const coder of coders) {
    const report = computeAgreement(
      meeting.codebooks,
      meeting.groups,
      material,
      meeting.codings,
      [coder, { ...consensus, scope: undefined }],
      options,
    );
    const own = labelsOf(coder.name);
    for (const row of report.rows.filter((r) => r.level === 'pooled')) {
      const letters = new Set(
        meeting.groups
          .filter((g) => row.codebook === 'all' || g.codebook === row.codebook)
          .map((g) => g.letter),
      );
      const seen = material.filter((f) => letters.has(f.group) && coderSaw(coder, f));
      if (seen.length === 0) continue;
      const same = (a: Set<string> | undefined, b: Set<string> | undefined) =>
        (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every((l) => b?.has(l));
      rows.push({
        coder: coder.name,
        codebook: row.codebook,
        fragments: seen.length,
        differing: seen.filter((f) => !same(own.get(f.code), agreed.get(f.code))).length,
        agreement: row,
      });
    }
  }
  return {
    consensus: consensus.name,
    coders: coders.map((c) => c.name),
    rows,
    leftOut: [...leftOut],
    replicates: options.replicates ?? 1000,
    seed: options.seed ?? 20201,
  };
}
