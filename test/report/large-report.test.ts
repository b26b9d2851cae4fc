import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../src/agreement/compute-agreement.js';
import { labelsByFragment } from '../../src/analysis/labels-by-fragment.js';
import { MAX_DISAGREEMENTS } from '../../src/report/report-data.js';
import { buildReportFiles, contentOf } from '../../src/report/report-files.js';
import { scanFilePieces, scanFileText } from '../../src/privacy/scan-text.js';
import { loadStudy } from '../../src/study/load-study.js';
import { FIXTURES } from '../helpers/run-cli.js';

describe('reports of large studies', () => {
  it('list the first disagreements on the page and count the rest, which stay complete in disagreements.md', async () => {
    const study = await loadStudy(join(FIXTURES, 'studies/mini'));
    const real = computeAgreement(
      study.codebooks,
      study.groups,
      study.fragments,
      study.codings,
      study.config.coders,
    );
    const many = Array.from({ length: MAX_DISAGREEMENTS + 50 }, (_, i) => ({
      ...real.disagreements[0]!,
      fragment: `A1.${i + 1}`,
    }));
    const files = await buildReportFiles(study, labelsByFragment(study.codings), ['anna', 'bram'], {
      agreement: { ...real, disagreements: many },
    });
    const content = Object.fromEntries(files.map((f) => [f.name, contentOf(f)]));
    expect(content['index.html']).toContain(`… and 50 more in disagreements.md`);
    expect(content['index.html']).toContain(`<td class="frag">A1.${MAX_DISAGREEMENTS}</td>`);
    expect(content['index.html']).not.toContain(`<td class="frag">A1.${MAX_DISAGREEMENTS + 1}</td>`);
    expect(content['report.md']).toContain(`${MAX_DISAGREEMENTS + 50} fragments were labelled differently`);
    expect(content['disagreements.md']).toContain(`A1.${MAX_DISAGREEMENTS + 50}`);
  });

  it('scanning a file in pieces finds what scanning it whole finds, at the same lines and columns, wherever the cuts fall', () => {
    const text =
      'regel een\nbel 06-12345678 of mail a.b@example.nl\n\nniets\nIBAN NL91 ABNA 0417 1643 00 einde\nlaatste 1234 AB';
    const whole = scanFileText(text, 'x.md', undefined);
    expect(whole.length).toBeGreaterThanOrEqual(4);
    for (let a = 0; a <= text.length; a += 3)
      for (let b = a; b <= text.length; b += 7) {
        expect(
          scanFilePieces([text.slice(0, a), text.slice(a, b), text.slice(b)], 'x.md', undefined),
        ).toEqual(whole);
      }
  });
});
