import type { FrequencyTable } from '../analysis/frequencies.js';

export interface HeatmapCell {
  x: number;
  fill: string;
  ink: string;
  text: string;
  title: string;
}

export interface Heatmap {
  width: number;
  height: number;
  labelWidth: number;
  cellWidth: number;
  cellHeight: number;
  columns: { key: string; name: string; x: number; n: number }[];
  rows: { id: string; label: string; level: string; y: number; textY: number; cells: HeatmapCell[] }[];
  omitted: number;
}

/** White → deep teal by share of respondents (0..1); ink switches to white on dark cells. */
export function shareColour(share: number | null): { fill: string; ink: string } {
  if (share === null || share === 0) return { fill: '#f4f4f4', ink: '#999999' };
  const t = Math.min(1, Math.max(0, share));
  const mix = (a: number, b: number) =>
    Math.round(a + (b - a) * t)
      .toString(16)
      .padStart(2, '0');
  return {
    fill: `#${mix(0xe0, 0x00)}${mix(0xf2, 0x5b)}${mix(0xf1, 0x63)}`,
    ink: t > 0.5 ? '#ffffff' : '#1a1a1a',
  };
}

/**
 * Lays out a label × column heatmap for SVG: one row per label that was coded at least
 * once (main labels and their core labels), one column per group or attribute value; the
 * colour is the share of the column's respondents, the number the fragments.
 */
export function layoutHeatmap(table: FrequencyTable): Heatmap {
  const labelWidth = 320;
  const cellWidth = 88;
  const cellHeight = 22;
  const top = 40;
  const used = table.rows.filter((r) => r.total.fragments > 0);
  const columns = table.columns.map((c, i) => ({
    ...c,
    x: labelWidth + i * cellWidth,
    n: used[0]?.cells[i]?.respondentsTotal ?? table.rows[0]?.cells[i]?.respondentsTotal ?? 0,
  }));
  const rows = used.map((r, k) => ({
    id: r.id,
    label: r.label.length > 42 ? `${r.label.slice(0, 41)}…` : r.label,
    level: r.level,
    y: top + k * cellHeight,
    textY: top + k * cellHeight + cellHeight / 2 + 4,
    cells: r.cells.map((c, i) => {
      const { fill, ink } = shareColour(c.share);
      const col = table.columns[i]!;
      return {
        x: labelWidth + i * cellWidth,
        fill,
        ink,
        text: c.fragments === 0 ? '' : String(c.fragments),
        title: `${r.id} ${r.label} — ${col.name}: ${c.fragments} fragments, ${c.respondents} of ${c.respondentsTotal} respondents${c.share === null ? '' : ` (${Math.round(c.share * 100)}%)`}`,
      };
    }),
  }));
  return {
    width: labelWidth + columns.length * cellWidth + 10,
    height: top + rows.length * cellHeight + 10,
    labelWidth,
    cellWidth,
    cellHeight,
    columns,
    rows,
    omitted: table.rows.length - used.length,
  };
}
