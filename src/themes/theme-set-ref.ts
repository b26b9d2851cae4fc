/** The theme sets shipped in themes/ (kept free of I/O and zod). */
export const BUILT_IN_THEME_SETS = ['barriers', 'signals', 'needs'] as const;

/** A `triangulation.themes` entry: a set's name or path, or the same with explicit sections. */
export type ThemeSetRef =
  | string
  | { set: string; needs?: boolean | undefined; signalMap?: boolean | undefined; title?: string | undefined };

export interface ThemeSetChoice {
  /** A shipped set's name or a CSV path. */
  set: string;
  /** Add needs × respondent type. */
  needs: boolean;
  /** Add the signal map. */
  signalMap: boolean;
  title?: string | undefined;
}

export function isBuiltInThemeSet(ref: string): boolean {
  return (BUILT_IN_THEME_SETS as readonly string[]).includes(ref);
}

/**
 * What to report for a theme set. Only the shipped sets have defaults (needs → the needs
 * table, signals → the signal map); a set of your own gets them only when asked, whatever
 * its file is called.
 */
export function themeSetChoice(ref: ThemeSetRef): ThemeSetChoice {
  const r = typeof ref === 'string' ? { set: ref } : ref;
  const builtIn = isBuiltInThemeSet(r.set);
  return {
    set: r.set,
    needs: r.needs ?? (builtIn && r.set === 'needs'),
    signalMap: r.signalMap ?? (builtIn && r.set === 'signals'),
    ...(r.title !== undefined ? { title: r.title } : {}),
  };
}
