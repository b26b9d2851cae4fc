import type { Codebook } from '../codebook/codebook.js';

/** Names of codes as exported: `3. Problematiek MMS` for a main label, `J. Anonimiteit` for a core label. */
export interface CodeNames {
  main: (codebook: Codebook, mainId: string) => string;
  core: (codebook: Codebook, coreId: string) => string;
}

/** What a repeated main label's name ends with: ` (dv3)`. */
export const MAIN_SUFFIX = / \(([A-Za-z0-9_-]+)\)$/;
/** What a repeated core label's name ends with: ` (dv3 5.A)`. */
export const CORE_SUFFIX = / \(([A-Za-z0-9_-]+) (\d+)\.([A-Z]{1,2})\)$/;

/**
 * Code names that are unique per level over all codebooks of a project, as QualCoder
 * (`unique(name)` on codes and on categories), ATLAS.ti and MAXQDA need: a name used once keeps
 * its plain form; a name that occurs more than once (in two codebooks, or twice in one) gets its
 * place appended, ` (dv3)` for a main label and ` (dv3 5.A)` for a core label, which the import
 * strips again.
 */
export function uniqueCodeNames(codebooks: readonly Codebook[]): CodeNames {
  const mainName = new Map<string, string>();
  const coreName = new Map<string, string>();
  const count = (names: Iterable<string>) => {
    const n = new Map<string, number>();
    for (const x of names) n.set(x, (n.get(x) ?? 0) + 1);
    return n;
  };
  const mains = codebooks.flatMap((cb) => cb.mains.map((m) => ({ cb, m, name: `${m.no}. ${m.label}` })));
  const cores = codebooks.flatMap((cb) =>
    cb.mains.flatMap((m) => m.cores.map((c) => ({ cb, c, name: `${c.letter}. ${c.label}` }))),
  );
  const mainCount = count(mains.map((x) => x.name));
  const coreCount = count(cores.map((x) => x.name));
  for (const { cb, m, name } of mains)
    mainName.set(`${cb.id}|${m.id}`, mainCount.get(name)! > 1 ? `${name} (${cb.id})` : name);
  for (const { cb, c, name } of cores)
    coreName.set(`${cb.id}|${c.id}`, coreCount.get(name)! > 1 ? `${name} (${cb.id} ${c.id})` : name);
  return {
    main: (cb, id) => mainName.get(`${cb.id}|${id}`) ?? id,
    core: (cb, id) => coreName.get(`${cb.id}|${id}`) ?? id,
  };
}
