import { standaloneSvg, svgToPng, withFonts } from './charts/export.ts';

/*
 * 下载 Word: the briefing as it stands on the page, turned into a .docx that staff can edit —
 * headings, the analysis paragraphs, the tables, the key figures and every chart as a picture,
 * in the page's order. Built from the page itself, so the document and the page never differ.
 * The docx library is loaded only when asked for.
 */
const A4_TEXT_WIDTH = 600; // px at 96 dpi between 2.5 cm margins on A4 portrait

export async function briefingToWord(article: HTMLElement): Promise<Blob> {
  const d = await import('docx');
  const children: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [];
  const text = (el: Element) => (el as HTMLElement).innerText.replace(/\s+\n/g, '\n').trim();
  const para = (
    s: string,
    opts: Partial<ConstructorParameters<typeof d.Paragraph>[0] & object> = {},
  ) => new d.Paragraph({ children: [new d.TextRun(s)], ...opts });
  const cell = (s: string, header = false) =>
    new d.TableCell({
      children: [new d.Paragraph({ children: [new d.TextRun({ text: s, bold: header })] })],
    });
  const table = (rows: string[][], headerRows = 1) =>
    new d.Table({
      width: { size: 100, type: d.WidthType.PERCENTAGE },
      rows: rows.map(
        (r, i) =>
          new d.TableRow({
            tableHeader: i < headerRows,
            children: r.map((c) => cell(c, i < headerRows)),
          }),
      ),
    });
  const handled = new Set<Element>();
  const blocks = article.querySelectorAll(
    'h1, h2, h3, p, dl, table, figure.chart, .kpis, [data-testid^="change-"]',
  );
  for (const el of blocks) {
    if ([...handled].some((h) => h.contains(el))) continue;
    if (el.closest('[data-word="skip"], .toolbar, .tools, .tabs')) continue;
    handled.add(el);
    const tag = el.tagName.toLowerCase();
    if (tag === 'h1')
      children.push(
        para(text(el), { heading: d.HeadingLevel.TITLE, alignment: d.AlignmentType.CENTER }),
      );
    else if (tag === 'h2') children.push(para(text(el), { heading: d.HeadingLevel.HEADING_1 }));
    else if (tag === 'h3') children.push(para(text(el), { heading: d.HeadingLevel.HEADING_2 }));
    else if (tag === 'p') {
      const s = text(el);
      if (s)
        children.push(
          para(s, { indent: el.closest('.analysis') ? { firstLine: 480 } : undefined }),
        );
    } else if (tag === 'dl') {
      const dts = [...el.querySelectorAll('dt')].map(text);
      const dds = [...el.querySelectorAll('dd')].map(text);
      children.push(
        table(
          dts.map((t, i) => [t, dds[i] ?? '']),
          0,
        ),
      );
    } else if (tag === 'table') {
      const caption = el.querySelector('caption');
      if (caption) children.push(para(text(caption), { heading: d.HeadingLevel.HEADING_3 }));
      const rows = [...el.querySelectorAll('tr')]
        .filter((tr) => getComputedStyle(tr.closest('thead') ?? tr).position !== 'absolute')
        .map((tr) => [...tr.children].map(text));
      const header =
        el.querySelector('thead') &&
        getComputedStyle(el.querySelector('thead')!).position !== 'absolute'
          ? 1
          : 0;
      if (rows.length) children.push(table(rows, header));
    } else if (el.classList.contains('kpis')) {
      const cards = [...el.querySelectorAll('.kpi')].map((k) =>
        [...k.children].map(text).filter(Boolean),
      );
      children.push(
        table(
          cards.map((c) => [c[0] ?? '', c.slice(1).join(' ')]),
          0,
        ),
      );
    } else if (tag === 'figure') {
      const svg = el.querySelector('svg');
      const title = text(el.querySelector('h3') ?? el);
      const caption = el.querySelector('.caption');
      if (!svg) continue;
      const png = await svgToPng(
        await withFonts(standaloneSvg(svg, title, caption ? text(caption) : '')),
        2,
      );
      const scale = Math.min(1, A4_TEXT_WIDTH / png.width);
      children.push(
        new d.Paragraph({
          children: [
            new d.ImageRun({
              type: 'png',
              data: new Uint8Array(await png.blob.arrayBuffer()),
              transformation: { width: png.width * scale, height: png.height * scale },
            }),
          ],
        }),
      );
    } else {
      // A change panel (J4/J5 …): its heading and figures as lines.
      for (const line of text(el).split('\n').filter(Boolean)) children.push(para(line));
    }
  }
  const zh = !article.lang.startsWith('en');
  const stamp = (id: string) =>
    (article.querySelector(`[data-testid="briefing-${id}"]`) as HTMLElement | null)?.innerText ??
    '';
  const running = `${zh ? '统计时点 ' : 'As of '}${stamp('date')} · ${stamp('scope')}`;
  const doc = new d.Document({
    styles: {
      default: {
        document: { run: { font: { ascii: 'Times New Roman', eastAsia: '宋体' }, size: 22 } },
        heading1: { run: { font: { eastAsia: '黑体' }, size: 30, bold: true } },
        heading2: { run: { font: { eastAsia: '黑体' }, size: 26, bold: true } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1440, bottom: 1440, left: 1418, right: 1418 },
          },
        },
        // Every page carries the 统计时点 and scope above and its number below, as the PDF does.
        headers: {
          default: new d.Header({
            children: [
              new d.Paragraph({
                alignment: d.AlignmentType.RIGHT,
                children: [new d.TextRun({ text: running, size: 18, color: '666666' })],
              }),
            ],
          }),
        },
        footers: {
          default: new d.Footer({
            children: [
              new d.Paragraph({
                alignment: d.AlignmentType.CENTER,
                children: [
                  new d.TextRun({
                    size: 18,
                    children: zh
                      ? ['第 ', d.PageNumber.CURRENT, ' 页，共 ', d.PageNumber.TOTAL_PAGES, ' 页']
                      : ['Page ', d.PageNumber.CURRENT, ' of ', d.PageNumber.TOTAL_PAGES],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return d.Packer.toBlob(doc);
}
