import { needsByType } from '../analysis/needs-by-type.js';
import { triangulate } from '../analysis/triangulate.js';
import type { Coding } from '../codings/coding.js';
import { VERSION } from '../core/version.js';
import type { Study } from '../study/study.js';
import type { ThemeSet } from '../themes/parse-theme-set.js';
import { loadTemplate, renderTemplate } from './render-report.js';
import { fileSlug } from '../io/file-slug.js';
import { buildTriangulationData, type TriangulationData } from './triangulation-data.js';

export interface TriangulationOptions {
  codings: readonly Coding[];
  quotes: boolean;
  /** Needs × type: default only for the shipped `needs` set. Signal map: default only for the shipped `signals` set. */
  byType?: boolean | undefined;
  signalMap?: boolean | undefined;
  typeAttribute?: string;
  /** A title of your own (default: the shipped set's, else "Triangulation: <id>"). */
  title?: string | undefined;
}

/** The triangulation data model for one theme set; pure apart from nothing (no I/O). */
export function triangulationData(
  study: Study,
  set: ThemeSet,
  options: TriangulationOptions,
): TriangulationData {
  const t = triangulate(set, study.groups, study.respondents, study.fragmentIndex, options.codings);
  const byType = options.byType ?? (set.builtIn && set.id === 'needs');
  const needs = byType
    ? needsByType(
        set,
        study.groups,
        study.respondents,
        study.fragmentIndex,
        options.codings,
        options.typeAttribute,
      )
    : null;
  return buildTriangulationData(t, needs, {
    study: { name: study.config.study, language: study.config.language },
    tool: `qualkit ${VERSION}`,
    quotes: options.quotes,
    signalMap: options.signalMap ?? (set.builtIn && set.id === 'signals'),
    title: options.title,
  });
}

/** Markdown and HTML reports of one theme set, from the shipped templates. */
export async function triangulationFiles(
  study: Study,
  set: ThemeSet,
  options: TriangulationOptions,
): Promise<{ name: string; description: string; content: string }[]> {
  const data = triangulationData(study, set, options);
  return [
    {
      name: `triangulation-${fileSlug(set.id)}.md`,
      description: `${data.set.title} (Markdown)`,
      content: renderTemplate(await loadTemplate('triangulation.md.hbs'), data, 'md'),
    },
    {
      name: `triangulation-${fileSlug(set.id)}.html`,
      description: `${data.set.title}: convergence matrix${data.signalMap ? ', signal map' : ''}${data.needs ? ', needs per type' : ''}`,
      content: renderTemplate(await loadTemplate('triangulation.html.hbs'), data, 'html'),
    },
  ];
}
