/**
 * The data's own vocabulary (levels, education, party, ethnic groups, age bands, birth decades …)
 * in the language shown: Chinese as it is (a decade with its years), English by name; other values
 * (unit names, posts) are shown as they are.
 */
import type { Lang } from './messages.ts';

/** English names of the data's own vocabulary; other values are shown as they are. */
const VALUES_EN: Record<string, string> = {
  男: 'Male',
  女: 'Female',
  研究生: 'Postgraduate',
  大学本科: 'Bachelor',
  大学专科: 'College',
  中专及以下: 'Secondary or below',
  未知: 'Unknown',
  中共党员: 'CPC member',
  非中共党员: 'Not CPC',
  中共预备党员: 'CPC probationary member',
  民主党派: 'Democratic parties',
  无党派: 'Non-party',
  共青团员: 'Youth League member',
  群众: 'No affiliation',
  优秀: 'Excellent',
  称职: 'Competent',
  基本称职: 'Basically competent',
  不称职: 'Incompetent',
  厅局级正职: 'Bureau head',
  厅局级副职: 'Deputy bureau',
  县处级正职: 'County head',
  县处级副职: 'Deputy county',
  乡科级正职: 'Section head',
  乡科级副职: 'Deputy section',
  科员: 'Staff',
  办事员: 'Clerk',
  未定级: 'No level',
  市直: 'City depts',
  县市区: 'Counties',
  乡镇街道: 'Townships',
  未分类: 'Unclassified',
  处级后备: 'County reserve',
  科级后备: 'Section reserve',
  博士: 'Doctorate',
  硕士: "Master's",
  学士: "Bachelor's degree",
  无学位: 'No degree',
  上挂: 'Seconded up',
  下挂: 'Seconded down',
  平挂: 'Seconded across',
  外挂: 'Seconded to another region',
  大学生村官: 'Graduate village official',
  '村(社区)干部': 'Village or community cadre',
  企事业单位: 'Enterprise or institution',
  选调生: 'Selected graduate',
  军转干部: 'Transferred from the army',
  公务员考录: 'Civil service exam',
  汉族: 'Han',
  少数民族: 'Minority',
  // The 55 officially recognised minority groups (ethnicity is a closed vocabulary).
  蒙古族: 'Mongol',
  回族: 'Hui',
  藏族: 'Tibetan',
  维吾尔族: 'Uyghur',
  苗族: 'Miao',
  彝族: 'Yi',
  壮族: 'Zhuang',
  布依族: 'Buyei',
  朝鲜族: 'Korean',
  满族: 'Manchu',
  侗族: 'Dong',
  瑶族: 'Yao',
  白族: 'Bai',
  土家族: 'Tujia',
  哈尼族: 'Hani',
  哈萨克族: 'Kazakh',
  傣族: 'Dai',
  黎族: 'Li',
  傈僳族: 'Lisu',
  佤族: 'Va',
  畲族: 'She',
  高山族: 'Gaoshan',
  拉祜族: 'Lahu',
  水族: 'Sui',
  东乡族: 'Dongxiang',
  纳西族: 'Nakhi',
  景颇族: 'Jingpo',
  柯尔克孜族: 'Kyrgyz',
  土族: 'Monguor',
  达斡尔族: 'Daur',
  仫佬族: 'Mulao',
  羌族: 'Qiang',
  布朗族: 'Blang',
  撒拉族: 'Salar',
  毛南族: 'Maonan',
  仡佬族: 'Gelao',
  锡伯族: 'Xibe',
  阿昌族: 'Achang',
  普米族: 'Pumi',
  塔吉克族: 'Tajik',
  怒族: 'Nu',
  乌孜别克族: 'Uzbek',
  俄罗斯族: 'Russian',
  鄂温克族: 'Evenki',
  德昂族: "De'ang",
  保安族: 'Bonan',
  裕固族: 'Yugur',
  京族: 'Gin',
  塔塔尔族: 'Tatar',
  独龙族: 'Derung',
  鄂伦春族: 'Oroqen',
  赫哲族: 'Hezhen',
  门巴族: 'Monpa',
  珞巴族: 'Lhoba',
  基诺族: 'Jino',

  '≥2年': '≥ 2 years',
  '<2年': '< 2 years',
  '<1年': '< 1 year',
  '1–3年': '1–3 years',
  '3–5年': '3–5 years',
  '5–10年': '5–10 years',
  '≥10年': '≥ 10 years',
};

/** The years of a birth decade written "80后": 1980–1989 (00后–20后 are 2000–2029). */
const cohortYears = (d: string) => {
  const from = (Number(d) <= 2 ? 2000 : 1900) + Number(d) * 10;
  return `${from}–${from + 9}`;
};

/** A value of the data (level, education, cohort, age band …) in `lang`. */
export function vocabularyText(lang: Lang, value: string): string {
  if (lang === 'zh') return value.replace(/^(\d)0后$/, (c, d: string) => `${c}(${cohortYears(d)})`);
  return (
    VALUES_EN[value] ??
    value
      .replace(/^(\d)0后$/, (_, d: string) => `${cohortYears(d).slice(0, 4)}s (${cohortYears(d)})`)
      .replace(/^(\d+)岁及以下$/, '≤ $1')
      .replace(/^(\d+)岁及以上$/, '≥ $1')
      .replace(/^(\d+)-(\d+)岁$/, '$1–$2')
  );
}
