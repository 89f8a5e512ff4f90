/** UI strings, zh-CN by default with an English switch. Metric labels come from the rules. */
export type Lang = 'zh' | 'en';

const zh = {
  title: '干部队伍结构分析',
  demoBadge: '示例数据',
  demoNote: '示例数据：虚构的“示例市”，人员姓名均为虚构',
  asOf: '统计时点',
  language: 'English',
  openFiles: '打开名册文件',
  loadingDb: '正在启动本地数据库…',
  loadingData: '正在载入数据…',
  computing: '正在计算…',
  headcount: '总人数',
  meanAge: '平均年龄',
  medianAge: '年龄中位数',
  years: '岁',
  people: '人',
  ageStructure: '年龄结构',
  ageBands: '年龄段分布',
  cohorts: '出生年代分布',
  yongzhou: '永州“六个六分之一”及基期指标',
  yongzhouNote: 'Y1–Y6 的具体口径为依据公开报道的推定，待核实，可调整。',
  jinzhou: '锦州乡镇(街道)党政正职年轻化',
  met: '达标',
  notMet: '未达标',
  shortBy: '还差 {n} 人',
  noData: '无数据',
  unverified: '待核实',
  target: '目标',
  actual: '实际',
  baseline2017: '2017年基期',
  unitsLine: '{n} 个班子/单位中 {failing} 个未达标',
  source: '数据来源',
  rows: '读取 {read} 行，载入 {loaded} 行，拒收 {rejected} 行，数据质量提示 {warnings} 条',
  footnoteAge:
    '年龄为统计时点的周岁（按出生年月计算）；“N岁以下”“N岁以上”均含N岁；80后指1980年1月及以后出生（含90后）。',
  footnoteTargets:
    '“不少于1/6”按≥判断，“超过1/3”按>判断；“还差N人”指在人数不变的前提下需调整为年轻干部的最少人数。',
  errorTitle: '出错了',
  cohortTitle: '出生年代（严格按十年划分）',
  chartCaption: '统计时点 {date} · 范围：全市',
};

const en: typeof zh = {
  title: 'Cadre Pool Structure',
  demoBadge: 'Demo data',
  demoNote: 'Demo data: the fictional “Sample City”; all names are synthetic',
  asOf: 'Reference date',
  language: '中文',
  openFiles: 'Open roster files',
  loadingDb: 'Starting the local database…',
  loadingData: 'Loading data…',
  computing: 'Computing…',
  headcount: 'Headcount',
  meanAge: 'Mean age',
  medianAge: 'Median age',
  years: 'yrs',
  people: '',
  ageStructure: 'Age structure',
  ageBands: 'Age bands',
  cohorts: 'Birth decades',
  yongzhou: 'Yongzhou “six one-sixths” and baseline ratios',
  yongzhouNote:
    'Y1–Y6 definitions are reconstructed from press reports: to be confirmed, editable.',
  jinzhou: 'Jinzhou: younger township principals',
  met: 'Met',
  notMet: 'Not met',
  shortBy: 'short by {n}',
  noData: 'No data',
  unverified: 'to be confirmed',
  target: 'Target',
  actual: 'Actual',
  baseline2017: '2017 baseline',
  unitsLine: '{failing} of {n} teams/units short',
  source: 'Source',
  rows: '{read} rows read, {loaded} loaded, {rejected} rejected, {warnings} data-quality notes',
  footnoteAge:
    'Age in whole years at the reference date (from year and month of birth); “N or under/over” includes N; post-80 means born January 1980 or later.',
  footnoteTargets:
    '“At least 1/6” is ≥, “more than 1/3” is >; “short by N” is the fewest people who would have to be young instead, same headcount.',
  errorTitle: 'Something went wrong',
  cohortTitle: 'Birth decade (strict decades)',
  chartCaption: 'As of {date} · Scope: whole city',
};

export type MessageKey = keyof typeof zh;

class I18n {
  lang = $state<Lang>('zh');
  t = (key: MessageKey, vars: Record<string, string | number> = {}) =>
    (this.lang === 'zh' ? zh : en)[key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

export const i18n = new I18n();
