import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run-cli.js';

const MINI = join(FIXTURES, 'studies/mini');

/*
 * Mini study, codings of both coders merged. B1, B2 have no type; C1, C3 gelukszoekers, C2 bijverdieners.
 * Main label 1: B1.1, B1.2, B2.1 | C2.2 | C1.1, C3.2.   Main label 2: B1.3, B2.2 | C2.1 | C1.2, C1.3 (C1 only).
 */
describe('freq --by group,type', () => {
  it('nests the type within the groups in Markdown', () => {
    const r = runCli(['freq', MINI, '--by', 'group,type', '--level', 'main']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '| Label | B Professionals / (none) (n=2) | C Chats / bijverdieners (n=1) | C Chats / gelukszoekers (n=2) | Total (n=5) |',
    );
    expect(r.stdout).toContain(
      '| **1 Drempels** | 3 / 2 (100%) | 1 / 1 (100%) | 2 / 2 (100%) | 6 / 5 (100%) |',
    );
    expect(r.stdout).toContain(
      '| **2 Behoeften** | 2 / 2 (100%) | 1 / 1 (100%) | 2 / 1 (50%) | 5 / 4 (80%) |',
    );
  });

  it('gives each attribute a column of its own in CSV and the parts of each column in JSON', () => {
    const rows = parse(
      runCli(['freq', MINI, '--by', 'group,type', '--level', 'main', '--format', 'csv']).stdout,
      {
        columns: true,
      },
    ) as Record<string, string>[];
    expect(
      rows
        .filter((x) => x.label === '2')
        .map((x) => [x.column, x.by_group, x.by_type, x.fragments, x.respondents]),
    ).toEqual([
      ['B / (none)', 'B', '(none)', '2', '2'],
      ['C / bijverdieners', 'C', 'bijverdieners', '1', '1'],
      ['C / gelukszoekers', 'C', 'gelukszoekers', '2', '1'],
      ['total', '', '', '5', '4'],
    ]);
    const json = JSON.parse(runCli(['freq', MINI, '--by', 'group,type', '--format', 'json']).stdout);
    expect(json[0].columns[2]).toEqual({
      key: 'C / gelukszoekers',
      name: 'C Chats / gelukszoekers',
      parts: [
        { by: 'group', key: 'C', name: 'Chats' },
        { by: 'type', key: 'gelukszoekers', name: 'gelukszoekers' },
      ],
    });
    expect(
      json[0].rows.find((x: { id: string }) => x.id === '2').cells['C / gelukszoekers'].respondents,
    ).toBe(1);
  });

  it('names an unknown attribute in the list', () => {
    const r = runCli(['freq', MINI, '--by', 'group,height']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no respondent has the attribute "height"');
  });
});
