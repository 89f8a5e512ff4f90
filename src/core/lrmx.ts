import { SaxesParser } from 'saxes';
import { csvLine } from './csv.ts';
import { ReadError } from './messages.ts';
import { detectEncoding } from './text.ts';
import { normaliseText } from './width.ts';

/**
 * .lrmx files (干部任免审批表 exported by cadre systems): XML, root <Person>, one person per file,
 * pinyin tags. They become one roster, a row per file, under the Chinese headers the loader knows.
 */
const TAGS: Record<string, string> = {
  XingMing: '姓名',
  XingBie: '性别',
  ChuShengNianYue: '出生年月',
  MinZu: '民族',
  JiGuan: '籍贯',
  ChuShengDi: '出生地',
  ZhengZhiMianMao: '政治面貌',
  RuDangShiJian: '入党时间',
  CanJiaGongZuoShiJian: '参加工作时间',
  QuanRiZhiJiaoYu_XueLi: '全日制学历',
  QuanRiZhiJiaoYu_XueWei: '全日制学位',
  ZaiZhiJiaoYu_XueLi: '在职学历',
  ZaiZhiJiaoYu_XueWei: '在职学位',
  XianRenZhiWu: '现任职务',
  NianDuKaoHeJieGuo: '年度考核',
  ShenFenZheng: '身份证号',
  DaoLingNianYue: '到龄年月',
  JiSuanNianLingShiJian: '计算年龄时间',
  TianBiaoShiJian: '填表时间',
};
/** Large or nested parts of the form that are not roster fields. */
const SKIP = new Set(['ZhaoPian', 'JiaTingChengYuan', 'JianLi', 'JiangChengQingKuang']);

export interface LrmxFile {
  name: string;
  bytes: Uint8Array;
}

/** The text of an XML file in the encoding its declaration names (GB2312/GBK read as GB18030). */
function xmlText(bytes: Uint8Array): string {
  // UTF-16, as some cadre systems save forms: found as for text rosters (a mark or the zero bytes).
  const { encoding, bom } = detectEncoding(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be')
    return new TextDecoder(encoding).decode(bytes.subarray(bom));
  // Whatever the declaration says (GB2312 over a form an editor re-saved as UTF-8, none or UTF-8
  // over a form saved as GBK): Chinese in GB18030 is almost never valid UTF-8, so text that is
  // valid UTF-8 is read as UTF-8 and anything else as GB18030.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A tag as the forms of every software version name it: no prefix, known tags in their case. */
const KNOWN = new Map([...Object.keys(TAGS), ...SKIP, 'Person'].map((t) => [t.toLowerCase(), t]));
const tagName = (name: string) => {
  const local = name.slice(name.indexOf(':') + 1);
  return KNOWN.get(local.toLowerCase()) ?? local;
};

/**
 * What forms written by hand or by older exports get wrong and a reader can mend: blank lines
 * before the declaration, and an & that starts no entity (“党建&宣传” in a 简历).
 */
const mended = (xml: string) =>
  xml
    .replace(/^[\s\uFEFF]+/, '')
    .replace(/&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);)/g, '&amp;');

/** One person's fields, by tag. Throws a ReadError when the file is not a readable LRMX form. */
export function readLrmx(file: LrmxFile): Map<string, string> {
  const out = new Map<string, string>();
  const p = new SaxesParser();
  const path: string[] = [];
  let text = '';
  p.on('opentag', (t) => {
    const name = tagName(t.name);
    if (path.length === 0 && name !== 'Person') throw new ReadError('lrmx_not_form');
    path.push(name);
    text = '';
  });
  p.on('text', (s) => {
    text += s;
  });
  p.on('cdata', (s) => {
    text += s;
  });
  p.on('closetag', (t) => {
    const name = tagName(t.name);
    if (path.length === 2 && !SKIP.has(name)) {
      const v = normaliseText(text).trim();
      if (v !== '') out.set(name, v);
    }
    path.pop();
    text = '';
  });
  try {
    p.write(mended(xmlText(file.bytes))).close();
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError('lrmx_bad_xml', {}, e instanceof Error ? e.message : String(e));
  }
  if (!out.has('XingMing') && !out.has('ChuShengNianYue')) throw new ReadError('lrmx_not_form');
  return out;
}

/** Rows from several files (LRMX) name their file in this column. */
export const FILE_COLUMN = '__file';
/** A form that cannot be read is a row with its reject code here (and nothing else). */
export const REJECT_COLUMN = '__reject';

/**
 * Many LRMX files as one CSV roster: a column per tag seen (known tags under their Chinese
 * headers), `__file` naming each row's file. A form that cannot be read is a row of its own with
 * the reason's code in `__reject`, so the others load and it is listed as rejected. 政治面貌
 * comes from 入党时间 when the form has no such tag: a date there means a CPC member, other text
 * names the party (民主党派 are written in that box), an empty box leaves it unknown.
 */
export function lrmxToCsv(files: LrmxFile[]): string {
  const people = files.map((f) => {
    try {
      return readLrmx(f);
    } catch (e) {
      const code = e instanceof ReadError ? e.code : 'lrmx_bad_xml';
      return new Map([[REJECT_COLUMN, code]]);
    }
  });
  for (const p of people) {
    const joined = p.get('RuDangShiJian');
    if (p.has('ZhengZhiMianMao') || joined === undefined) continue;
    p.set('ZhengZhiMianMao', /^\d{4}/.test(joined) ? '中共党员' : joined);
  }
  // 姓名 and 出生年月 always, so a batch of broken forms is still a roster (of rejected rows).
  const tags = [
    ...new Set(['XingMing', 'ChuShengNianYue', ...people.flatMap((p) => [...p.keys()])]),
  ].filter((t) => t !== REJECT_COLUMN);
  const broken = people.some((p) => p.has(REJECT_COLUMN));
  const lines = [
    csvLine([FILE_COLUMN, ...(broken ? [REJECT_COLUMN] : []), ...tags.map((t) => TAGS[t] ?? t)]),
  ];
  people.forEach((p, i) =>
    lines.push(
      csvLine([
        files[i].name,
        ...(broken ? [p.get(REJECT_COLUMN)] : []),
        ...tags.map((t) => p.get(t)),
      ]),
    ),
  );
  return lines.join('\n') + '\n';
}
