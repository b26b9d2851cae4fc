/** Whose voice a respondent group is (kept free of zod so it costs nothing at start-up). */
export const perspectives = ['self', 'professional', 'literature'] as const;
export type Perspective = (typeof perspectives)[number];

/** Default: chat → self, literature → literature, interview → professional. */
export function perspectiveOf(group: { kind: string; perspective?: Perspective | undefined }): Perspective {
  return (
    group.perspective ??
    (group.kind === 'chat' ? 'self' : group.kind === 'literature' ? 'literature' : 'professional')
  );
}
