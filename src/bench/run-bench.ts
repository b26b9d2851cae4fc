#!/usr/bin/env node
/**
 * `npm run bench`: generates synthetic studies (10k, 100k, 1M WhatsApp messages by default;
 * half are respondent messages, so half as many fragments, 40 labels, 2 coders), times
 * each qualkit stage as a separate process (wall time and peak memory), and beside it,
 * on the same files: the floor (a Node script that only reads the sources and splits them
 * into lines) and, for ingest, the same reading plus writing as many bytes as the source
 * books, pandas crosstab for the frequency table and scikit-learn's cohen_kappa_score
 * for agreement (when python3-pandas and python3-sklearn are installed), and freq beside
 * retrieve (which reads the fragment texts). What is compared
 * runs three times in turns and the median counts. Prints a Markdown table with the ratios.
 * Sizes: `npm run bench -- 10000,100000`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCodePage } from './bench-code-page.js';
import { generateStudy } from './generate-study.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
// `npm run bench -- --code-page[=fragments]` runs only the coding page's part.
const codePageArg = process.argv.find((a) => a.startsWith('--code-page'));
if (codePageArg !== undefined) {
  process.stdout.write(await benchCodePage(Number(codePageArg.split('=')[1] ?? 100_000)));
  process.exit(0);
}
const sizes = (process.argv[2] ?? '10000,100000,1000000').split(',').map(Number);

interface Measure {
  seconds: number;
  peakMb: number;
  ok: boolean;
}

/** Runs a command under GNU time (wall seconds, peak resident memory). */
function measure(command: string, args: string[]): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [sec, kb] = last.split(' ').map(Number);
  return { seconds: sec ?? NaN, peakMb: (kb ?? NaN) / 1024, ok: r.status === 0 };
}

// util-linux script gives a command a pseudo-terminal, to measure run with its progress line.
const hasScript = spawnSync('script', ['-qfec', 'true', '/dev/null']).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const hasTime = spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status === 0;
if (!hasTime) {
  process.stderr.write('bench needs GNU time at /usr/bin/time (Debian package "time")\n');
  process.exit(2);
}
// Debian's python3-pandas and python3-sklearn belong to /usr/bin/python3, which may not be the first python3 on PATH.
const python = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import pandas, sklearn']).status === 0,
);
const hasPython = python !== undefined;
if (!hasPython)
  process.stderr.write(
    'pandas or scikit-learn not installed (Debian: python3-pandas, python3-sklearn): their columns are skipped\n',
  );

const PANDAS_FREQ = `
import sys, pandas as pd
d = sys.argv[1]
book = pd.read_csv(d + '/out/source-book.csv', usecols=['code', 'group', 'respondent'])
cod = pd.concat([pd.read_csv(d + '/codings/anna.csv'), pd.read_csv(d + '/codings/bram.csv')]).drop_duplicates()
m = cod.merge(book, left_on='fragment', right_on='code')
pd.crosstab(m['label'], m['group']).to_csv(sys.stdout)
pd.crosstab(m['label'], m['group'], values=m['respondent'], aggfunc='nunique').to_csv(sys.stdout)
`;
const SKLEARN_AGREE = `
import sys, pandas as pd
from sklearn.metrics import cohen_kappa_score
d = sys.argv[1]
book = pd.read_csv(d + '/out/source-book.csv', usecols=['code'])
a = pd.read_csv(d + '/codings/anna.csv'); b = pd.read_csv(d + '/codings/bram.csv')
for label in sorted(set(a['label']) | set(b['label'])):
    x = book['code'].isin(a.loc[a['label'] == label, 'fragment']).astype(int)
    y = book['code'].isin(b.loc[b['label'] == label, 'fragment']).astype(int)
    print(label, cohen_kappa_score(x, y))
`;
const FLOOR = `
const fs = require('fs'); const d = process.argv[1] + '/sources'; let n = 0;
for (const f of fs.readdirSync(d)) n += fs.readFileSync(d + '/' + f, 'utf8').split('\\n').length;
console.log(n);
`;

// Beside the floor: reading the sources and writing two files as large as the two source
// books ingest writes (through temporary files, flushed and renamed, as ingest does), to
// show how much of ingest is only moving bytes.
const COPY = `
const fs = require('fs'); const d = process.argv[1]; const bytes = Number(process.argv[2]);
let n = 0; const chunks = [];
for (const f of fs.readdirSync(d + '/sources')) { const t = fs.readFileSync(d + '/sources/' + f, 'utf8'); n += t.split('\\n').length; chunks.push(t); }
for (const name of ['a', 'b']) {
  const tmp = d + '/copy-' + name + '.tmp'; const fd = fs.openSync(tmp, 'w'); let written = 0;
  while (written < bytes / 2) for (const c of chunks) { if (written >= bytes / 2) break; written += fs.writeSync(fd, c); }
  fs.fsyncSync(fd); fs.closeSync(fd); fs.renameSync(tmp, d + '/copy-' + name);
}
console.log(n);
`;

const rows: string[] = [];
const fmt = (m: Measure) => (m.ok ? `${m.seconds.toFixed(2)} s / ${Math.round(m.peakMb)} MB` : 'failed');
const ratio = (a: Measure, b: Measure) =>
  a.ok && b.ok && b.seconds > 0 ? `${(a.seconds / b.seconds).toFixed(1)}×` : '–';
/**
 * Runs commands that are compared with each other in turns (a, b, a, b, …), `REPEATS`
 * times, and keeps each one's median run: on a shared machine the speed drifts, and
 * taking turns exposes both sides to the same drift.
 */
const REPEATS = 3;
function measureInTurns(commands: [string, string[]][]): Measure[] {
  const runs: Measure[][] = commands.map(() => []);
  for (let r = 0; r < REPEATS; r++)
    commands.forEach(([command, args], i) => runs[i]!.push(measure(command, args)));
  return runs.map((list) => {
    if (list.some((m) => !m.ok)) return list.find((m) => !m.ok)!;
    return [...list].sort((a, b) => a.seconds - b.seconds)[Math.floor(list.length / 2)]!;
  });
}

const SAMPLE = fileURLToPath(new URL('../../data-sample', import.meta.url));
const [start, help, validateSample] = measureInTurns([
  [process.execPath, ['-e', '0']],
  [process.execPath, [CLI, '--help']],
  [process.execPath, [CLI, 'validate', SAMPLE]],
]) as [Measure, Measure, Measure];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), `qualkit-bench-${size}-`));
  process.stderr.write(`generating ${size} messages in ${dir} …\n`);
  const { fragments } = await generateStudy(dir, size);
  const q = (args: string[]) => measure(process.execPath, [CLI, ...args]);
  const qualkit = (args: string[]): [string, string[]] => [process.execPath, [CLI, ...args]];
  const stages: [string, Measure, string][] = [];
  // Ingest once for the size of its output, then in turns with the floor and the copy.
  q(['ingest', dir, '--out', join(dir, 'out')]);
  const written = ['source-book.csv', 'source-book.md'].reduce(
    (n, f) => n + statSync(join(dir, 'out', f)).size,
    0,
  );
  const [ingest, floor, copy] = measureInTurns([
    qualkit(['ingest', dir, '--out', join(dir, 'out')]),
    [process.execPath, ['-e', FLOOR, dir]],
    [process.execPath, ['-e', COPY, dir, String(written)]],
  ]) as [Measure, Measure, Measure];
  stages.push([
    'ingest',
    ingest,
    `floor ${fmt(floor)} → ${ratio(ingest, floor)}; reading and writing as many bytes (${Math.round(written / 1e6)} MB) ${fmt(copy)} → ${ratio(ingest, copy)}`,
  ]);
  stages.push(['validate', q(['validate', dir]), '']);
  stages.push(['overview', q(['overview', dir, '--format', 'csv']), '']);
  let freq: Measure;
  let agree: Measure;
  let freqNote = 'pandas not installed';
  let agreeNote = 'scikit-learn not installed';
  if (hasPython) {
    writeFileSync(join(dir, 'freq.py'), PANDAS_FREQ);
    writeFileSync(join(dir, 'agree.py'), SKLEARN_AGREE);
    const [f, pandas] = measureInTurns([
      qualkit(['freq', dir, '--format', 'csv']),
      [python, [join(dir, 'freq.py'), dir]],
    ]) as [Measure, Measure];
    const [a, sklearn] = measureInTurns([
      qualkit(['agree', dir, '--format', 'csv', '--level', 'core']),
      [python, [join(dir, 'agree.py'), dir]],
    ]) as [Measure, Measure];
    [freq, agree] = [f, a];
    freqNote = `pandas crosstab ${fmt(pandas)} → ${ratio(freq, pandas)}`;
    agreeNote = `scikit-learn cohen_kappa_score ${fmt(sklearn)} → ${ratio(agree, sklearn)}`;
  } else {
    freq = q(['freq', dir, '--format', 'csv']);
    agree = q(['agree', dir, '--format', 'csv', '--level', 'core']);
  }
  stages.push(['freq', freq, freqNote], ['agree', agree, agreeNote]);
  // retrieve reads the fragments' texts (the cache of codes does not serve it), in turns with freq.
  const [freqBeside, cell, quotes] = measureInTurns([
    qualkit(['freq', dir, '--format', 'csv']),
    qualkit(['retrieve', dir, '--label', '1.A', '--label', '2.B', '--all', '--format', 'csv']),
    qualkit(['retrieve', dir, '--label', '3', '--where', 'type=bijverdieners', '--context']),
  ]) as [Measure, Measure, Measure];
  stages.push(
    ['retrieve (a co-occurrence cell, CSV)', cell, `freq ${fmt(freqBeside)} → ${ratio(cell, freqBeside)}`],
    [
      'retrieve (main label and attribute, Markdown with context)',
      quotes,
      `freq ${fmt(freqBeside)} → ${ratio(quotes, freqBeside)}`,
    ],
  );
  stages.push(['report', q(['report', dir, '--out', join(dir, 'out')]), '']);
  stages.push(['run', q(['run', dir, '--out', join(dir, 'out2')]), '']);
  if (hasScript) {
    // Progress costs: run in a pseudo-terminal with its progress line, in turns with --quiet there.
    const inTerminal = (extra: string[]): [string, string[]] => [
      'script',
      [
        '-qfec',
        [process.execPath, CLI, 'run', dir, '--out', join(dir, 'out3'), ...extra].map(quote).join(' '),
        '/dev/null',
      ],
    ];
    const [shown, quiet] = measureInTurns([inTerminal([]), inTerminal(['--quiet'])]) as [Measure, Measure];
    stages.push(['run, terminal', shown, `the same with --quiet ${fmt(quiet)} → ${ratio(shown, quiet)}`]);
  }
  for (const [stage, m, note] of stages)
    rows.push(
      `| ${size.toLocaleString('en')} | ${fragments.toLocaleString('en')} | ${stage} | ${fmt(m)} | ${note} |`,
    );
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.\n` +
    `Start-up: node -e 0 ${fmt(start)}; qualkit --help ${fmt(help)}; qualkit validate data-sample (143 fragments, 405 codings) ${fmt(validateSample)}.\n\n` +
    '| messages | fragments | stage | qualkit (time / peak memory) | compared with |\n| ---: | ---: | --- | --- | --- |\n' +
    `${rows.join('\n')}\n`,
);
if (existsSync('/usr/bin/chromium')) process.stdout.write(`\n${await benchCodePage(100_000)}`);
else process.stderr.write('chromium not installed (/usr/bin/chromium): the coding page part is skipped\n');
