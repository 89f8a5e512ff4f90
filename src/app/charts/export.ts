import { saveFile } from '../download.ts';

/**
 * Chart downloads for briefings: a standalone SVG (computed styles written as attributes, the
 * title and caption drawn above the chart, Chinese text kept as text) and a PNG at twice the
 * size, both made in the page.
 */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-weight',
  'font-family',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

const HEADER = 46;
const FOOTER = 22;
const TITLE_LINE = 20;

/**
 * Text split into lines no wider than `width` at font size `size`, by an estimate (a Chinese
 * character is as wide as the size, a Latin one about 0.6 of it): between words where the text
 * has spaces, else between characters.
 */
export function wrapText(text: string, width: number, size: number): string[] {
  const wide = (s: string) =>
    [...s].reduce((n, c) => n + (/[\u2e80-\uffef]/.test(c) ? 1 : 0.6), 0) * size;
  const parts = text.includes(' ') ? text.split(/(?<= )/) : [...text];
  const lines: string[] = [];
  let line = '';
  for (const p of parts) {
    if (line && wide(line + p) > width) {
      lines.push(line.trimEnd());
      line = p.trimStart();
    } else line += p;
  }
  if (line) lines.push(line.trimEnd());
  return lines.length ? lines : [''];
}

/**
 * The chart as a file of its own: title and caption (统计时点, scope) above, the data source line
 * (file names, 示例数据) under it.
 */
export function standaloneSvg(
  svg: SVGSVGElement,
  title: string,
  caption: string,
  sourceLine = '',
): string {
  const ns = 'http://www.w3.org/2000/svg';
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll('*')];
  const target = [clone, ...clone.querySelectorAll('*')];
  // Presentation attributes, not a style attribute: the page's CSP blocks inline styles.
  source.forEach((el, i) => {
    const cs = getComputedStyle(el);
    for (const p of STYLE_PROPS) target[i].setAttribute(p, cs.getPropertyValue(p));
  });
  clone.querySelectorAll('[data-export="skip"]').forEach((el) => el.remove());
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 600 300').split(/\s+/).map(Number);
  const family = getComputedStyle(svg).fontFamily;
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  const foot = sourceLine ? FOOTER : 0;
  // A title wider than the chart (J1 and J2 over time, in English) wraps onto more lines.
  const titleLines = wrapText(title, w - 16, 16);
  const head = HEADER + (titleLines.length - 1) * TITLE_LINE;
  out.setAttribute('viewBox', `0 0 ${w} ${h + head + foot}`);
  out.setAttribute('width', String(w));
  out.setAttribute('height', String(h + head + foot));
  out.setAttribute('font-family', family);
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  out.appendChild(bg);
  const text = (s: string, y: number, size: number, weight: string, fill: string) => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', '8');
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', String(size));
    t.setAttribute('font-weight', weight);
    t.setAttribute('fill', fill);
    t.textContent = s;
    out.appendChild(t);
  };
  titleLines.forEach((line, i) => text(line, 20 + i * TITLE_LINE, 16, 'bold', '#1f2933'));
  text(caption, head - 8, 12, 'normal', '#5f6b7a');
  if (sourceLine) text(sourceLine, h + head + 15, 11, 'normal', '#5f6b7a');
  clone.setAttribute('x', '0');
  clone.setAttribute('y', String(head));
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.removeAttribute('style');
  out.appendChild(clone);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out);
}

export function downloadSvg(text: string, fileName: string): void {
  saveFile(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }), fileName);
}

/** Draws the standalone SVG on a canvas at `scale` × its size and saves it as PNG. */
export async function downloadPng(text: string, fileName: string, scale = 2): Promise<void> {
  saveFile((await svgToPng(text, scale)).blob, fileName);
}

/** The standalone SVG drawn on a canvas at `scale` × its size: PNG bytes and its CSS size. */
export async function svgToPng(
  text: string,
  scale = 2,
): Promise<{ blob: Blob; width: number; height: number }> {
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.scale(scale, scale);
    // The image's inlined fonts load after decode() resolves, and text waits for them: drawn at
    // once, the PNG had no text at all. Drawn again until a drawing differs from the first (its
    // text has come) and the next agrees with it, at most ~2 s.
    const draw = () => {
      ctx.clearRect(0, 0, img.naturalWidth, img.naturalHeight);
      ctx.drawImage(img, 0, 0);
      return fingerprint(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
    };
    const first = draw();
    let last = first;
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, i === 0 ? 0 : 100));
      const now = draw();
      if (now !== first && now === last) break;
      last = now;
    }
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG'))), 'image/png'),
    );
    return { blob, width: img.naturalWidth, height: img.naturalHeight };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A cheap summary of a drawing's pixels: how many are dark, and a rolling sum of them all. */
function fingerprint(d: Uint8ClampedArray): string {
  let dark = 0;
  let sum = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] < 128 && d[i + 1] < 128 && d[i + 2] < 128) dark++;
    sum = (sum * 31 + d[i] + d[i + 1] + d[i + 2]) | 0;
  }
  return `${dark}:${sum}`;
}

/** A file name from the chart title and date: spaces and path characters removed. */
export function fileNameFor(title: string, date: string, ext: string): string {
  const base = `${title}_${date}`.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${base}.${ext}`;
}

/** Whether a CSS unicode-range ("U+4e00-4e5f,U+3002") covers one of the code points. */
function covers(range: string, points: Set<number>): boolean {
  if (!range) return true;
  return range.split(',').some((part) => {
    const m = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!m) return false;
    const lo = parseInt(m[1].replace(/\?/g, '0'), 16);
    const hi = m[2] ? parseInt(m[2], 16) : parseInt(m[1].replace(/\?/g, 'f'), 16);
    for (const p of points) if (p >= lo && p <= hi) return true;
    return false;
  });
}

const toBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

/**
 * The exported SVG with the page's own fonts inside it: the font files (shipped with the app)
 * that hold its characters, for every family its text names (Noto Sans for Latin, Noto Sans SC),
 * inlined with their unicode-range, so the file — and the PNG drawn from it — shows the same
 * glyphs on every machine, whatever fonts it has. A family named but not inlined left every
 * text of the drawn PNG blank in Chromium.
 */
export async function withFonts(svgText: string): Promise<string> {
  const text = svgText.replace(/<[^>]*>/g, '');
  const points = new Set([...text].map((c) => c.codePointAt(0)!));
  const named = new Set(
    [...svgText.matchAll(/font-family="([^"]*)"/g)].flatMap((m) =>
      m[1]
        .replace(/&quot;|["']/g, '')
        .split(',')
        .map((f) => f.trim()),
    ),
  );
  const faces: string[] = [];
  for (const sheet of [...document.styleSheets]) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of [...rules]) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      const family = rule.style.getPropertyValue('font-family').replace(/["']/g, '').trim();
      if (!named.has(family)) continue;
      const range = rule.style.getPropertyValue('unicode-range');
      if (!covers(range, points)) continue;
      const url = /url\("?([^")]+\.woff2)"?\)/.exec(rule.style.getPropertyValue('src'))?.[1];
      if (!url) continue;
      const response = await fetch(new URL(url, sheet.href ?? location.href));
      if (!response.ok) continue;
      const data = toBase64(new Uint8Array(await response.arrayBuffer()));
      faces.push(
        `@font-face{font-family:"${family}";font-weight:${rule.style.getPropertyValue('font-weight') || 400};` +
          `font-style:${rule.style.getPropertyValue('font-style') || 'normal'};` +
          (range ? `unicode-range:${range};` : '') +
          `src:url(data:font/woff2;base64,${data}) format("woff2")}`,
      );
    }
  }
  if (!faces.length) return svgText;
  const at = svgText.indexOf('>', svgText.indexOf('<svg')) + 1;
  return `${svgText.slice(0, at)}<defs><style>${faces.join('')}</style></defs>${svgText.slice(at)}`;
}
