import { isAbsolute, join, relative } from 'node:path';

/**
 * A safe file-name part made from data (an attribute name, a theme set's name): letters
 * and digits of any script, `-` and `_` are kept, every other run of characters (slashes,
 * dots, spaces, control characters) becomes one `-`, and the result is at most 60
 * characters. `/../../codings/anna` becomes `codings-anna`, so a name from the data can
 * never leave the output folder or name a hidden file.
 */
export function fileSlug(text: string): string {
  const slug = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'x' : slug;
}

/** Slugs made unique in one folder: the second `type` (or `Type`, on a case-blind disk) becomes `type-2`. */
export function uniqueSlugs(texts: readonly string[]): string[] {
  const taken = new Set<string>();
  return texts.map((t) => {
    const base = fileSlug(t);
    let slug = base;
    for (let n = 2; taken.has(slug.toLowerCase()); n++) slug = `${base}-${n}`;
    taken.add(slug.toLowerCase());
    return slug;
  });
}

/**
 * `dir/name` for a file qualkit writes, refusing (as a bug: names are made by qualkit) a
 * name that would land anywhere but directly inside `dir`.
 */
export function insideFolder(dir: string, name: string): string {
  const path = join(dir, name);
  const rel = relative(dir, path);
  if (rel !== name || rel.startsWith('..') || isAbsolute(rel) || /[\\/]/.test(name) || name.startsWith('.'))
    throw new Error(`output file name "${name}" would leave the folder ${dir}`);
  return path;
}
