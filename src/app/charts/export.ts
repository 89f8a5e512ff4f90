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

export function standaloneSvg(svg: SVGSVGElement, title: string, caption: string): string {
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
  out.setAttribute('viewBox', `0 0 ${w} ${h + HEADER}`);
  out.setAttribute('width', String(w));
  out.setAttribute('height', String(h + HEADER));
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
  text(title, 20, 16, 'bold', '#1f2933');
  text(caption, 38, 12, 'normal', '#5f6b7a');
  clone.setAttribute('x', '0');
  clone.setAttribute('y', String(HEADER));
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
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG'))), 'image/png'),
    );
    return { blob, width: img.naturalWidth, height: img.naturalHeight };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name from the chart title and date: spaces and path characters removed. */
export function fileNameFor(title: string, date: string, ext: string): string {
  const base = `${title}_${date}`.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${base}.${ext}`;
}
