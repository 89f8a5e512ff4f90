/**
 * A programme's target bars (Y/J 目标达成情况) drawn as one standalone SVG for briefings: each
 * rule's share as a bar on one shared scale with its target line, the numbers, and the status in
 * words (✓ 达标 / ✗ 未达标 · 还差 N 人); title and caption above, the data source under it.
 * Presentation attributes only (the page's CSP blocks inline styles), Chinese kept as text.
 */
export interface TargetPanelRow {
  id: string;
  label: string;
  numerator: number;
  denominator: number;
  value: number | null;
  target: number;
  /** "≥ 1/6", "> 1/3". */
  targetText: string;
  met: boolean | null;
  /** The status in words ("✓ 达标", "✗ 未达标") and what is short ("还差 3 人"). */
  status: string;
  detail?: string | null;
  /** Teams/units (or counties) evaluated and short: "72 个班子/单位中 25 个未达标". */
  units?: string | null;
  /** A published baseline to mark on the bar (Yongzhou 2017). */
  baseline?: number | null;
}

const W = 900;
const HEADER = 52;
const ROW = 48;
const BAR_X = 310;
const BAR_W = 250;
const NUM_X = 575;
const STATUS_X = 705;
const COLOURS = { ink: '#1f2933', muted: '#5f6b7a', track: '#eceff3', met: '#2f6fb0' };
const STATUS = { ok: '#1d7a46', bad: '#b3261e', none: '#5f6b7a' };

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A label in lines of at most `n` characters (two lines, the second cut with …). */
function lines(s: string, n: number): string[] {
  const chars = [...s];
  if (chars.length <= n) return [s];
  const rest = chars.slice(n);
  return [
    chars.slice(0, n).join(''),
    rest.length > n ? rest.slice(0, n - 1).join('') + '…' : rest.join(''),
  ];
}

export function targetPanelSvg(o: {
  title: string;
  caption: string;
  source: string;
  rows: TargetPanelRow[];
  /** Top of the shared scale (a share). */
  max: number;
  ticks: number[];
  pct: (v: number | null) => string;
  /** Axis labels (whole percentages). */
  tick: (v: number) => string;
  fontFamily: string;
}): string {
  const h = HEADER + 18 + o.rows.length * ROW + 26;
  const x = (v: number) => BAR_X + (Math.max(0, Math.min(v, o.max)) / o.max) * BAR_W;
  const parts: string[] = [];
  const text = (s: string, px: number, py: number, size: number, fill: string, extra = '') =>
    parts.push(
      `<text x="${px}" y="${py}" font-size="${size}" fill="${fill}"${extra}>${esc(s)}</text>`,
    );
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  text(o.title, 8, 20, 16, COLOURS.ink, ' font-weight="bold"');
  text(o.caption, 8, 38, 12, COLOURS.muted);
  for (const v of o.ticks)
    text(o.tick(v), x(v), HEADER + 10, 10, COLOURS.muted, ' text-anchor="middle"');
  o.rows.forEach((r, i) => {
    const top = HEADER + 18 + i * ROW;
    const mid = top + ROW / 2;
    const label = lines(r.label, 19);
    text(r.id, 8, mid - (label.length - 1) * 8 + 4, 13, COLOURS.muted, ' font-weight="bold"');
    label.forEach((l, k) =>
      text(l, 40, mid - (label.length - 1) * 8 + 4 + k * 16, 13, COLOURS.ink),
    );
    parts.push(
      `<rect x="${BAR_X}" y="${mid - 9}" width="${BAR_W}" height="18" rx="3" fill="${COLOURS.track}"/>`,
    );
    for (const v of o.ticks.filter((t) => t > 0 && t < o.max))
      parts.push(
        `<line x1="${x(v)}" x2="${x(v)}" y1="${mid - 9}" y2="${mid + 9}" stroke="#ffffff" stroke-width="1.5"/>`,
      );
    parts.push(
      `<rect x="${BAR_X}" y="${mid - 6}" width="${x(r.value ?? 0) - BAR_X}" height="12" rx="2" fill="${r.met ? COLOURS.met : '#e3a19c'}"/>`,
    );
    if (r.baseline !== null && r.baseline !== undefined)
      parts.push(
        `<line x1="${x(r.baseline)}" x2="${x(r.baseline)}" y1="${mid - 11}" y2="${mid + 11}" stroke="${COLOURS.muted}" stroke-width="2" stroke-dasharray="2 2"/>`,
      );
    parts.push(
      `<line x1="${x(r.target)}" x2="${x(r.target)}" y1="${mid - 15}" y2="${mid + 15}" stroke="${COLOURS.ink}" stroke-width="2"/>`,
    );
    text(o.pct(r.value), NUM_X, mid - 3, 13, COLOURS.ink, ' font-weight="bold"');
    text(`${r.numerator}/${r.denominator}`, NUM_X + 50, mid - 3, 11, COLOURS.muted);
    text(r.targetText, NUM_X, mid + 14, 11, COLOURS.muted);
    const colour = r.met === null ? STATUS.none : r.met ? STATUS.ok : STATUS.bad;
    text(r.status + (r.detail ? ` · ${r.detail}` : ''), STATUS_X, mid - 3, 12, colour);
    if (r.units) text(r.units, STATUS_X, mid + 14, 10, COLOURS.muted);
    parts.push(
      `<line x1="8" x2="${W - 8}" y1="${top + ROW}" y2="${top + ROW}" stroke="#e4e8ee" stroke-width="1"/>`,
    );
  });
  text(o.source, 8, h - 9, 11, COLOURS.muted);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" font-family="${esc(o.fontFamily)}">` +
    parts.join('') +
    '</svg>'
  );
}
