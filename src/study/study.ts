import type { Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { GroupConfig, RespondentConfig, StudyConfig } from '../config/study-config.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { FragmentIndex } from '../fragments/fragment-index.js';
import type { Fragment, SourceTranscript } from '../fragments/fragment.js';
import type { KeyEntry } from '../privacy/pseudonymise.js';

/** Everything qualkit knows about a study once its folder is read and checked. */
export interface Study {
  /** Folder holding the config; source, codebook and codings paths are relative to it. */
  root: string;
  configFile: string;
  config: StudyConfig;
  codebooks: Codebook[];
  codebookOfGroup: Map<string, Codebook>;
  groups: GroupConfig[];
  respondents: RespondentConfig[];
  fragments: Fragment[];
  fragmentIndex: FragmentIndex;
  transcripts: SourceTranscript[];
  /** Codings that passed validation, all coders. */
  codings: Coding[];
  privacy: {
    /** Absolute path of the key file (placeholder → original). */
    keyFile: string;
    /** The key as it stands after reading the study; empty when pseudonymisation is off. */
    key: KeyEntry[];
    /** Matcher for the names file's names, for scanning outputs. */
    names: RegExp | undefined;
  };
  diagnostics: Diagnostic[];
}
