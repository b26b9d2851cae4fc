import { z } from 'zod';
import {
  applyDecision,
  computeMeeting,
  meetingStatusLine,
  type MeetingInput,
  type MeetingState,
} from '../consensus/compute-consensus.js';
import { UsageError } from '../core/diagnostics.js';
import { fragment, label, text } from './change-schema.js';
import { shown } from '../study/load-study.js';
import { saveMeeting, type MeetingFiles } from '../study/meeting-files.js';
import type { Study } from '../study/study.js';
import { pageCodebook } from './page-data.js';
import type { MeetingPageState } from '../page/page-data-types.js';

/** The one write the meeting page may ask for, as the POST /api/decide body; decision null takes it back. */
export const DecisionSchema = z
  .object({
    fragment,
    label,
    decision: z.enum(['keep', 'drop', 'add']).nullable(),
    note: text(2000).optional(),
  })
  .strict();

export type DecisionChange = z.infer<typeof DecisionSchema>;

export type { MeetingPageItem, MeetingPageState } from '../page/page-data-types.js';

/**
 * The coding meeting behind the page: the meeting's input in memory, one decision at a
 * time (serialised), each written at once to both files (decisions first, then consensus).
 * A restart reads the decisions file again, so an interrupted meeting goes on where it stopped.
 */
export class MeetingSession {
  private input: MeetingInput;
  private state: MeetingState;
  private queue: Promise<unknown> = Promise.resolve();
  /** The coders' memos by coder, fragment and label (the codings do not change during the meeting). */
  private readonly memos = new Map<string, string>();
  private readonly context = new Map<string, { speaker: string; text: string; before: [string, string][] }>();

  constructor(
    readonly study: Study,
    readonly meeting: MeetingFiles,
  ) {
    this.input = meeting.input;
    this.state = computeMeeting(this.input);
    const names = new Set(this.state.coders);
    for (const c of this.input.codings)
      if (names.has(c.coder)) this.memos.set(`${c.coder}\u0000${c.fragment}\u0000${c.label}`, c.memo);
    for (const t of study.transcripts)
      t.entries.forEach((e, i) => {
        if (e.kind !== 'fragment' || e.code === undefined) return;
        const before = t.entries
          .slice(Math.max(0, i - 2), i)
          .map((p): [string, string] => [p.speaker, p.text]);
        this.context.set(e.code, { speaker: e.speaker, text: e.text, before });
      });
  }

  view(): MeetingPageState {
    const s = this.state;
    const memos = this.memos;
    const memoOf = (coder: string, f: string, l: string) => memos.get(`${coder}\u0000${f}\u0000${l}`) ?? '';
    const used = new Set(s.items.map((i) => i.codebook));
    return {
      study: this.study.config.study,
      consensus: this.meeting.consensus.name,
      coders: s.coders,
      files: [shown(this.meeting.codingsFile), shown(this.meeting.decisionsFile)],
      status: meetingStatusLine(s),
      decided: s.decided,
      total: s.items.length,
      codebooks: this.study.codebooks.filter((c) => used.has(c.id)).map(pageCodebook),
      items: s.items.map((i) => {
        const f = this.study.fragmentIndex.get(i.fragment);
        const c = this.context.get(i.fragment);
        return {
          fragment: i.fragment,
          codebook: i.codebook,
          status: i.status,
          speaker: c?.speaker ?? f?.speaker ?? '',
          text: f?.text ?? c?.text ?? '',
          context: c?.before ?? [],
          coders: i.labels.map((ls, k) =>
            ls === null ? null : ls.map((l) => ({ label: l, memo: memoOf(s.coders[k]!, i.fragment, l) })),
          ),
          toDecide: i.toDecide,
          shared: i.shared,
          decisions: i.decisions.map((d) => ({ label: d.label, decision: d.decision, note: d.note })),
        };
      }),
    };
  }

  /** Records one decision (or takes it back) and saves both files before answering. */
  decide(
    d: DecisionChange,
  ): Promise<{ status: number; ok: boolean; message?: string; state?: MeetingPageState }> {
    const run = this.queue.then(async () => {
      let next: MeetingState;
      try {
        next = applyDecision(this.input, d);
      } catch (e) {
        if (e instanceof UsageError) return { status: 400, ok: false, message: e.message };
        throw e;
      }
      await saveMeeting(this.meeting, next);
      this.input = { ...this.input, decisions: next.decisions };
      this.state = next;
      return { status: 200, ok: true, state: this.view() };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
