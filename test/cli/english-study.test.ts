import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyStudy, runCli } from '../helpers/run-cli.js';

/** The mini study in English: language en, an English codebook and an English chat C1. */
function englishStudy(language = 'en'): string {
  const dir = copyStudy('mini');
  const config = join(dir, 'qualkit.json');
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace('"language": "nl"', `"language": "${language}"`),
  );
  writeFileSync(
    join(dir, 'codebook.csv'),
    [
      'subquestion,main_no,main_label,core_letter,core_label,definition',
      '1,1,Barriers,,,What keeps young men from seeking help.',
      '1,1,Barriers,A,Shame,"Shame, taboo."',
      '1,1,Barriers,B,Distrust,No trust in social workers.',
      '1,2,Needs,,,What young men need.',
      '1,2,Needs,A,Shelter,"A place to sleep, for nights or weeks."',
      '1,2,Needs,B,Money,Income and worries about money.',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'sources/C1.txt'),
    [
      '14/02/2026, 21:03 - Outreach: Hi, how are you?',
      '14/02/2026, 21:05 - Jay: ashamed really',
      '14/02/2026, 21:08 - Outreach: What do you need?',
      '14/02/2026, 21:09 - Jay: money for food',
      '14/02/2026, 21:10 - Outreach: Ok.',
      "14/02/2026, 21:12 - Jay: I have been sleeping outside for weeks, before that at a friend's",
      '',
    ].join('\n'),
  );
  return dir;
}

describe('a study in English', () => {
  it('accepts ISO codes and rejects a language name', () => {
    expect(runCli(['validate', englishStudy('en')]).status).toBe(0);
    expect(runCli(['validate', englishStudy('en-GB')]).status).toBe(0);
    const r = runCli(['validate', englishStudy('english')]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(
      /qualkit\.json:3: error language: an ISO 639-1 language code such as "nl" or "en"/,
    );
  });

  it("suggests with natural's English stemmer and stop words", () => {
    const dir = englishStudy();
    const r = runCli(['suggest', dir, '--for', 'bram', '--out', join(dir, 'out')]);
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(readFileSync(join(dir, 'out/suggestions-bram.csv'), 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    const reasons = rows.filter((x) => x.fragment === 'C1.3').flatMap((x) => x.reason!.split(' '));
    // English Porter: weeks → week, sleeping → sleep; the Dutch one gave "wek" and kept "sleeping".
    expect(reasons).toContain('week');
    expect(reasons).toContain('sleep');
    expect(reasons).not.toContain('wek');
    // "before" is an English stop word (the Dutch stemmer made it "befor").
    expect(reasons).not.toContain('befor');
    expect(rows.find((x) => x.fragment === 'C1.3')!.label).toBe('2.A');
  });

  it('language-check says its word list is Dutch', () => {
    const r = runCli(['language-check', englishStudy()]);
    expect(r.stderr).toContain(
      'The word list (wordlists/attitude-nl.csv) is Dutch, but this study\'s language is "en": only Dutch words are found. Give a word list in the study\'s language with --words.',
    );
    expect(runCli(['language-check', copyStudy('mini')]).stderr).not.toContain('is Dutch');
  });

  it('language-check matches a word list of its own with English stems', () => {
    const dir = englishStudy();
    writeFileSync(join(dir, 'words.csv'), 'word,category,advice\nworry,normative,Ask instead.\n');
    writeFileSync(
      join(dir, 'sources/C2.txt'),
      '[14-02-2026 20:01:10] Outreach: I am worried about you\n[14-02-2026 20:02:30] Sem: ik verdien zo wat bij\n[14-02-2026 20:03:00] Outreach: How?\n[14-02-2026 20:04:00] Sem: weet niet of ik jullie kan vertrouwen\n',
    );
    const r = runCli(['language-check', dir, '--words', join(dir, 'words.csv'), '--format', 'csv']);
    expect(r.stdout).toContain('Outreach,worried,normative,Ask instead.');
  });
});
