import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { seededRandom } from '../agreement/bootstrap.js';

const WORDS = [
  'geld',
  'school',
  'slapen',
  'vriend',
  'bang',
  'hulp',
  'politie',
  'thuis',
  'telefoon',
  'app',
  'werk',
  'moe',
  'eten',
  'bed',
  'kamer',
  'trein',
  'station',
  'weekend',
  'avond',
  'vertrouwen',
  'schaam',
  'niemand',
  'weten',
  'vragen',
  'praten',
  'rustig',
  'later',
  'morgen',
  'misschien',
  'soms',
];

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/**
 * A synthetic study of `messages` WhatsApp messages (half of them by respondents, so
 * messages / 2 fragments) in chats of 1,000 messages, a codebook of 8 main × 5 core = 40
 * labels, and two coders who code every fragment with one or two labels and agree on about
 * 80% of them. Seeded: the same size always gives the same files.
 */
export async function generateStudy(
  dir: string,
  messages: number,
): Promise<{ fragments: number; chats: number }> {
  const random = seededRandom(messages);
  await mkdir(join(dir, 'sources'), { recursive: true });
  await mkdir(join(dir, 'codings'), { recursive: true });
  const perChat = 1000;
  const chats = Math.max(1, Math.ceil(messages / perChat));
  const codebook = ['subquestion,main_no,main_label,core_letter,core_label,definition'];
  for (let m = 1; m <= 8; m++) {
    codebook.push(`1,${m},Hoofdlabel ${m},,,Hoofdlabel ${m}.`);
    for (const l of 'ABCDE')
      codebook.push(`1,${m},Hoofdlabel ${m},${l},Kernlabel ${m}.${l},Definitie van ${m}.${l}.`);
  }
  await writeFile(join(dir, 'codebook.csv'), `${codebook.join('\n')}\n`);
  const sentence = () =>
    Array.from(
      { length: 4 + Math.floor(random() * 10) },
      () => WORDS[Math.floor(random() * WORDS.length)],
    ).join(' ');
  const labels = Array.from({ length: 40 }, (_, i) => `${Math.floor(i / 5) + 1}.${'ABCDE'[i % 5]}`);
  const anna: string[] = ['fragment,label\n'];
  const bram: string[] = ['fragment,label\n'];
  let fragments = 0;
  for (let c = 1; c <= chats; c++) {
    const n = Math.min(perChat, messages - (c - 1) * perChat);
    let f = 0;
    function* lines() {
      for (let i = 0; i < n; i++) {
        const minute = String(i % 60).padStart(2, '0');
        const hour = String(10 + (Math.floor(i / 60) % 12)).padStart(2, '0');
        if (i % 2 === 0) yield `14-02-2026 ${hour}:${minute} - Outreach: ${sentence()}\n`;
        else {
          f++;
          const code = `C${c}.${f}`;
          const own = labels[Math.floor(random() * 40)]!;
          const bramOwn = random() < 0.8 ? own : labels[Math.floor(random() * 40)]!;
          anna.push(`${code},${own}\n`);
          bram.push(`${code},${bramOwn}\n`);
          if (random() < 0.3) {
            const second = labels[Math.floor(random() * 40)]!;
            if (second !== own) {
              anna.push(`${code},${second}\n`);
              if (second !== bramOwn && random() < 0.8) bram.push(`${code},${second}\n`);
            }
          }
          yield `14-02-2026 ${hour}:${minute} - Jongere ${c}: ${sentence()}\n`;
        }
      }
    }
    await writeLines(join(dir, 'sources', `C${c}.txt`), lines());
    fragments += f;
  }
  await writeLines(join(dir, 'codings/anna.csv'), anna);
  await writeLines(join(dir, 'codings/bram.csv'), bram);
  const config = {
    study: `Benchmark ${messages} messages`,
    codebooks: [{ id: 'bench', file: 'codebook.csv' }],
    groups: [{ letter: 'C', name: 'Chats', kind: 'chat', codebook: 'bench' }],
    respondents: Array.from({ length: chats }, (_, i) => ({
      id: `C${i + 1}`,
      attributes: { type: ['gelukszoekers', 'bijverdieners', 'slachtoffers'][i % 3] },
    })),
    sources: Array.from({ length: chats }, (_, i) => ({
      file: `sources/C${i + 1}.txt`,
      respondent: `C${i + 1}`,
      speaker: `Jongere ${i + 1}`,
    })),
    coders: [
      { name: 'anna', file: 'codings/anna.csv' },
      { name: 'bram', file: 'codings/bram.csv' },
    ],
    privacy: { pseudonymise: false },
  };
  await writeFile(join(dir, 'qualkit.json'), JSON.stringify(config));
  return { fragments, chats };
}
