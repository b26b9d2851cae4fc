import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsByFragment } from '../../src/analysis/labels-by-fragment.js';
import { buildReportFiles, contentOf } from '../../src/report/report-files.js';
import { renderTemplate } from '../../src/report/render-report.js';
import { loadStudy } from '../../src/study/load-study.js';
import { FIXTURES } from '../helpers/run-cli.js';

// Fragment C3.1 of the mini study is: hoi <script>alert(1)</script> <img src=x onerror=alert(2)> & | [link](javascript:alert(3))
async function reportWithHostileFragment() {
  const study = await loadStudy(join(FIXTURES, 'studies/mini'));
  study.codings.push({ coder: 'anna', fragment: 'C3.1', label: '1.B', memo: '', file: 'x', line: 1 });
  const files = await buildReportFiles(study, labelsByFragment(study.codings), ['anna', 'bram']);
  return Object.fromEntries(files.map((f) => [f.name, contentOf(f)]));
}

describe('reports escape transcript text and load nothing', () => {
  it('the HTML report shows the hostile fragment as text and contains no script, handler or external reference', async () => {
    const html = (await reportWithHostileFragment())['index.html']!;
    expect(html).toContain(
      '<b>C3.1</b> hoi &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src&#x3D;x onerror&#x3D;alert(2)&gt; &amp; | [link](javascript:alert(3))',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
  });

  it('the HTML report has the heatmap as inline SVG', async () => {
    const html = (await reportWithHostileFragment())['index.html']!;
    expect(html).toMatch(/<svg class="heatmap"[^>]*>/);
    // 1.A in group C: 2 of 3 respondents → a coloured cell with the fragment count 2.
    expect(html).toContain('<title>1.A Schaamte — Chats: 2 fragments, 2 of 3 respondents (67%)</title>');
  });

  it('the Markdown source book and report escape it for Markdown', async () => {
    const files = await reportWithHostileFragment();
    expect(files['source-book.md']).toContain(
      'hoi &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; &amp; \\| [link]\\(javascript:alert(3))',
    );
    expect(files['source-book.md']).not.toMatch(/<script|<img/);
    expect(files['report.md']).not.toMatch(/<script|<img/);
  });

  it('refuses an HTML template that would print text unescaped', () => {
    expect(() => renderTemplate('<p>{{{text}}}</p>', { text: '<script>' }, 'html')).toThrow(/triple-stash/);
    expect(renderTemplate('<p>{{text}}</p>', { text: '<script>' }, 'html')).toBe('<p>&lt;script&gt;</p>');
  });

  it('Markdown templates get every string pre-escaped', () => {
    expect(renderTemplate('| {{a}} | {{b.c}} |', { a: 'x|y', b: { c: '<b>*z*</b>' } }, 'md')).toBe(
      '| x\\|y | &lt;b&gt;\\*z\\*&lt;/b&gt; |',
    );
  });
});
