import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyStudy, FIXTURES, ROOT, runCli } from '../helpers/run-cli.js';

/** A copy of data-sample (and the codebooks it points to) with a consensus coder of anna and bram. */
function sampleWithConsensus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-meeting-'));
  cpSync(join(ROOT, 'data-sample'), join(dir, 'data-sample'), { recursive: true });
  cpSync(join(ROOT, 'codebooks'), join(dir, 'codebooks'), { recursive: true });
  const study = join(dir, 'data-sample');
  addConsensus(study);
  return study;
}

function addConsensus(study: string, extra: (config: Record<string, unknown>) => void = () => {}): void {
  const file = join(study, 'qualkit.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { coders: unknown[] } & Record<string, unknown>;
  config.coders.push({ name: 'consensus', file: 'codings/consensus.csv', consensus: ['anna', 'bram'] });
  extra(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
}

const read = (study: string, file: string) => readFileSync(join(study, 'codings', file), 'utf8');

describe('qualkit consensus (the coding meeting without the page)', () => {
  it('decides three disagreements of data-sample: both files equal the expected bytes', () => {
    const study = sampleWithConsensus();
    const steps = [
      ['--decide', 'B1.3:4.N=keep', '--note', '4.N: the real question comes later'],
      ['--decide', 'B1.4:3.S=drop'],
      [
        '--decide',
        'B1.6:5.I=keep',
        'B1.6:5.J=drop',
        'B1.6:9.A=add',
        '--note',
        'anonymous testing, not the opening hours',
      ],
    ];
    for (const step of steps) expect(runCli(['consensus', '.', ...step], study).status).toBe(0);
    expect(read(study, 'consensus-decisions.csv')).toBe(
      [
        'fragment,label,anna,bram,decision,note',
        'B1.3,4.N,yes,no,keep,4.N: the real question comes later',
        'B1.4,3.S,yes,no,drop,',
        'B1.6,5.I,yes,no,keep,"anonymous testing, not the opening hours"',
        'B1.6,5.J,no,yes,drop,"anonymous testing, not the opening hours"',
        'B1.6,9.A,no,no,add,"anonymous testing, not the opening hours"',
        '',
      ].join('\n'),
    );
    // Worked out apart from qualkit (a script over anna.csv, bram.csv and the three decisions):
    // agreed fragments their labels, B1.3 3.T + 4.N, B1.4 3.G + 3.H, B1.6 5.I + 5.L + 9.A,
    // the 20 undecided fragments left out, A, D and L fragments (only anna saw them) as anna coded them.
    expect(read(study, 'consensus.csv')).toBe(
      readFileSync(join(FIXTURES, 'consensus/data-sample-consensus.csv'), 'utf8'),
    );
    const status = runCli(['consensus', '.', '--status'], study);
    expect(status.stdout.split('\n')[0]).toBe('3 of 23 decided, 20 undecided');
  });

  it('keeps the order and units of agree --disagreements', () => {
    const study = sampleWithConsensus();
    const list = parse(runCli(['agree', '.', '--disagreements', '--format', 'csv'], study).stdout, {
      columns: true,
    }) as Record<string, string>[];
    const status = JSON.parse(runCli(['consensus', '.', '--status', '--format', 'json'], study).stdout) as {
      items: { fragment: string }[];
    };
    expect(status.items.map((i) => i.fragment)).toEqual(list.map((r) => r.fragment));
  });

  it('resumes an interrupted meeting with its decisions kept; --undo takes one back', () => {
    const study = sampleWithConsensus();
    runCli(['consensus', '.', '--decide', 'B1.3:4.N=keep'], study);
    // A later session (another process) goes on where the first stopped.
    runCli(['consensus', '.', '--decide', 'B1.4:3.S=drop'], study);
    expect(read(study, 'consensus-decisions.csv')).toContain('B1.3,4.N,yes,no,keep,');
    expect(runCli(['consensus', '.', '--status'], study).stdout).toMatch(/^2 of 23 decided/);
    runCli(['consensus', '.', '--undo', 'B1.3:4.N'], study);
    expect(read(study, 'consensus-decisions.csv')).not.toContain('B1.3');
    expect(read(study, 'consensus.csv')).not.toMatch(/^B1\.3,/m);
  });

  it("marks a decided fragment for another look when a coder's file changed, and validate says so", () => {
    const study = sampleWithConsensus();
    runCli(['consensus', '.', '--decide', 'B1.6:5.I=keep', 'B1.6:5.J=drop', 'B1.3:4.N=keep'], study);
    // bram takes back 5.J on B1.6 after the meeting decided it.
    const bram = join(study, 'codings/bram.csv');
    writeFileSync(bram, readFileSync(bram, 'utf8').replace('B1.6,5.J,\n', ''));
    const status = runCli(['consensus', '.', '--status'], study).stdout;
    expect(status).toContain("1 of 23 decided, 21 undecided, 1 to look at again (a coder's codings changed)");
    expect(status).toContain('to look at again: B1.6');
    const v = runCli(['validate', '.'], study);
    expect(v.status).toBe(0);
    expect(v.stdout).toContain(
      "codings/consensus-decisions.csv: warning 1 decided fragment(s) to look at again in the meeting of anna and bram (consensus coder consensus), a coder's codings of them changed since the decision: B1.6 [consensus/changed]",
    );
    // Deciding it again records what bram has now.
    runCli(['consensus', '.', '--decide', 'B1.6:5.J=drop'], study);
    expect(read(study, 'consensus-decisions.csv')).toContain('B1.6,5.J,no,no,drop,');
    expect(runCli(['consensus', '.', '--status'], study).stdout).toMatch(/^2 of 23 decided, 21 undecided\n/);
  });

  it('validate warns about undecided fragments in one line, with the count and the list', () => {
    const study = sampleWithConsensus();
    runCli(['consensus', '.', '--decide', 'B1.3:4.N=keep'], study);
    const lines = runCli(['validate', '.'], study).stdout.split('\n');
    const undecided = lines.filter((l) => l.includes('[consensus/undecided]'));
    expect(undecided).toHaveLength(1);
    expect(undecided[0]).toMatch(
      /^codings\/consensus-decisions\.csv: warning 22 of 23 disagreement fragments undecided in the meeting of anna and bram \(consensus coder consensus\): B1\.4, B1\.6, .*, C4\.10 \[consensus\/undecided\]$/,
    );
  });

  it('refuses a consensus coder the config does not declare, printing the lines to add', () => {
    const r = runCli(['consensus', 'data-sample', '--status']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'add to "coders" in the config: { "name": "consensus", "file": "codings/consensus.csv", "consensus": ["anna","bram"] }',
    );
  });

  it('names file and line of a bad decision, and writes nothing', () => {
    const study = sampleWithConsensus();
    runCli(['consensus', '.', '--decide', 'B1.3:4.N=keep'], study);
    const file = join(study, 'codings/consensus-decisions.csv');
    writeFileSync(file, readFileSync(file, 'utf8') + 'B1.4,3.S,yes,no,maybe,\n');
    const r = runCli(['consensus', '.', '--decide', 'B1.4:3.S=drop'], study);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'codings/consensus-decisions.csv:3: error Unexpected decision "maybe", expected keep, drop, add or empty (not decided) [decisions/bad-decision]',
    );
    expect(read(study, 'consensus-decisions.csv')).toContain('maybe');
  });

  it("refuses a label outside the fragment's codebook and a fragment not on the agenda", () => {
    const study = sampleWithConsensus();
    expect(runCli(['consensus', '.', '--decide', 'B1.3:99.A=keep'], study).stderr).toContain(
      '"99.A" is not a core label of codebook dv3',
    );
    const r = runCli(['consensus', '.', '--decide', 'B1.1:1.A=keep'], study);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("B1.1 is not on the meeting's agenda");
  });
});

/*
 * Mini study (bram's scope C). The meeting decides three of its four disagreements:
 *   C1.2 anna 2.B, bram 2.A → keep 2.A, drop 2.B; C1.3 anna 2.A 2.B, bram none → keep 2.A, drop 2.B;
 *   C2.2 anna none, bram 1.B → keep 1.B; C3.2 (anna 1.A, bram none) stays undecided and is left out.
 * Consensus on C: C1.1 1.A, C1.2 2.A, C1.3 2.A, C2.1 2.B, C2.2 1.B. Units: C1.1 C1.2 C1.3 C2.1 C2.2 C3.1
 * (6 fragments) × 4 core labels = 24.
 * anna: positives 5, consensus 5, both 3, anna only 2 (C1.2 2.B, C1.3 2.B), consensus only 2 (C1.2 2.A,
 *   C2.2 1.B), both absent 17. Agreement 20/24 = .8333; differing fragments C1.2 C1.3 C2.2 = 3.
 *   Cohen: p_e = (5·5 + 19·19)/576 = 386/576; κ = (480 − 386)/(576 − 386) = 94/190 = .4947.
 *   α = 1 − (n − 1)·D/(2·n₁·n₀) with n = 48 values, n₁ = 10, n₀ = 38, D = 8: 1 − 47·8/760 = .5053.
 * bram: positives 4, consensus 5, both 4, consensus only 1 (C1.3 2.A), both absent 19. Agreement 23/24 = .9583;
 *   differing: C1.3 = 1. Cohen: p_e = (4·5 + 20·19)/576 = 400/576; κ = (552 − 400)/(576 − 400) = .8636.
 *   α: n₁ = 9, n₀ = 39, D = 2: 1 − 47·2/702 = .8661.
 */
describe('qualkit agree --against consensus', () => {
  function decidedMini(extra?: (config: Record<string, unknown>) => void): string {
    const study = copyStudy('mini');
    addConsensus(study, extra);
    const r = runCli(
      [
        'consensus',
        '.',
        '--decide',
        'C1.2:2.A=keep',
        'C1.2:2.B=drop',
        'C1.3:2.A=keep',
        'C1.3:2.B=drop',
        'C2.2:1.B=keep',
      ],
      study,
    );
    expect(r.status).toBe(0);
    return study;
  }

  it('compares each coder with the consensus, as counted by hand', () => {
    const study = decidedMini();
    const r = runCli(['agree', '.', '--against', 'consensus', '--format', 'csv'], study);
    expect(r.status).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.coder, x.codebook])).toEqual([
      ['anna', 'cb'],
      ['bram', 'cb'],
    ]);
    expect(rows[0]).toMatchObject({
      consensus: 'consensus',
      fragments: '6',
      differing_fragments: '3',
      units: '24',
      percent_agreement: '0.8333',
      cohen_kappa: '0.4947',
      alpha: '0.5053',
    });
    expect(rows[1]).toMatchObject({
      fragments: '6',
      differing_fragments: '1',
      units: '24',
      percent_agreement: '0.9583',
      cohen_kappa: '0.8636',
      alpha: '0.8661',
    });
    const md = runCli(['agree', '.', '--against', 'consensus'], study).stdout;
    expect(md).toContain('Left out, not decided yet (or to look at again): C3.2.');
    expect(md).toContain('| anna | cb | 6 | 3 | 24 | 83.3% | 0.495 | 0.505 |');
  });

  it('leaves the consensus coder out of plain agree', () => {
    const study = decidedMini();
    const r = runCli(['agree', '.', '--format', 'csv'], study);
    expect(r.stdout.split('\n')[0]).toContain('positives_anna,positives_bram,percent');
  });

  it('run reports from the consensus coder when report.coders names it, and says so', () => {
    const study = decidedMini((c) => ((c.report as Record<string, unknown>).coders = ['consensus']));
    const r = runCli(['run', '.', '--out', 'out'], study);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 of 4 disagreement fragments undecided');
    const md = readFileSync(join(study, 'out/report.md'), 'utf8');
    expect(md).toContain('Codings: consensus.');
    expect(md).toContain(
      'The codings are those of the consensus coder: consensus is the consensus of anna and bram from their coding meeting: 3 of 4 disagreement fragments decided (not yet decided, so without codings here: C3.2); the decisions are in codings/consensus-decisions.csv.',
    );
    // The consensus file: B1.1, B1.2 (two), B1.3, B2.1, B2.2 from anna; C1.1, C1.2, C1.3, C2.1, C2.2 decided or agreed.
    expect(md).toContain('11 fragment–label assignments (consensus merged');
    const html = readFileSync(join(study, 'out/index.html'), 'utf8');
    expect(html).toContain(
      '<p class="meta">The codings are those of the consensus coder: consensus is the consensus of anna and bram',
    );
    // The agreement section is that of the meeting's coders.
    expect(readFileSync(join(study, 'out/agreement.md'), 'utf8')).toContain('Coders: anna, bram');
  });
});
