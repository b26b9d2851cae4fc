/**
 * What long work tells about itself: the stage it is in and, where the total is known,
 * how far. Loaders and the commands call it at stage boundaries; how (or whether) it is
 * shown is the CLI's business (cli/progress.ts).
 */
export interface ProgressReporter {
  /** A new stage, with the number of steps when known (`unit` names them: "respondents"). */
  stage(name: string, total?: number, unit?: string): void;
  /** `n` more steps of the current stage done (default 1). */
  step(n?: number): void;
}

/** Shows nothing: the default wherever no reporter is passed. */
export const silentProgress: ProgressReporter = { stage() {}, step() {} };
