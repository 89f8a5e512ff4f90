/**
 * A deterministic fictional prefecture-level city (示例市) shaped like Yongzhou (DOMAIN.md §7):
 * 11 counties/districts, ~180 townships and streets, 1,614 县处级 and 6,800 正科 posts, plus
 * 副科 and staff. People age, retire (DOMAIN.md retirement rules, with the 2025 delay), leave,
 * are promoted and enter month by month from 2017-12 to 2026-10; snapshots are taken at every
 * year end and monthly over the last 12 months.
 *
 * Calibration by construction: at 2017-12-31, 113 of the 1,614 县处级 cadres are aged 40 or
 * less (7.0%) and 306 of the 6,800 正科 cadres are aged 35 or less (4.5%).
 */
import {
  CITY_DEPARTMENTS,
  COUNTY_BUREAUS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  REGIONS,
  SECTIONS,
  SURNAMES,
  TOWNSHIP_DEPUTY_TITLES,
  TOWNSHIP_HEADS,
  TOWNSHIP_TAILS,
} from './names.ts';

export type Level = '县处级正职' | '县处级副职' | '乡科级正职' | '乡科级副职' | '科员';
const LEVELS: Level[] = ['县处级正职', '县处级副职', '乡科级正职', '乡科级副职', '科员'];
type UnitType = '市直' | '县市区' | '乡镇街道';
type PostKind = 'secretary' | 'head' | 'other';

export interface DemoUnit {
  id: string;
  name: string;
  type: UnitType;
  region: string;
  parent: string | null;
}

interface Slot {
  unit: DemoUnit;
  level: Level;
  title: string;
  team: boolean;
  kind: PostKind;
  holder: Person | null;
}

interface Person {
  id: string;
  name: string;
  gender: '男' | '女';
  by: number;
  bm: number;
  idNumber: string;
  ethnicity: string;
  political: string;
  partyJoin: number | null;
  workStart: number;
  eduFull: string;
  degree: string | null;
  eduIn: string | null;
  source: string;
  grassrootsMonths: number;
  level: Level;
  levelSince: number;
  postSince: number;
  slot: Slot | null;
  reserve: string | null;
  movedAt: number;
}

/** Month index: year × 12 + (month − 1). */
const mi = (y: number, m: number) => y * 12 + m - 1;
const START = mi(2017, 12);
const END = mi(2026, 10);

export function demoSnapshotMonths(): number[] {
  const out: number[] = [];
  for (let y = 2017; y <= 2024; y++) out.push(mi(y, 12));
  for (let t = END - 11; t <= END; t++) out.push(t);
  return out;
}

export function monthEnd(t: number): string {
  const y = Math.floor(t / 12);
  const m = (t % 12) + 1;
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Distributes `total` over `n` parts as evenly as integers allow, larger parts first. */
function spread(total: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

/** Retirement month under DOMAIN.md §5: men 60, women cadres 55 (县处级 60), delayed from 2025. */
export function retirementMonth(by: number, bm: number, gender: string, level: Level): number {
  const base = gender === '男' || level.startsWith('县处级') ? 60 : 55;
  const birth = mi(by, bm);
  const first = base === 60 ? mi(1965, 1) : mi(1970, 1);
  const delay = birth >= first ? Math.min(36, Math.floor((birth - first) / 4) + 1) : 0;
  return birth + base * 12 + delay;
}

export interface DemoCity {
  units: DemoUnit[];
  /** Column arrays of the canonical roster, one row per cadre per snapshot. */
  columns: Record<string, (string | number | boolean | null)[]>;
  snapshots: string[];
}

export const DEMO_COUNTS = {
  countyLevel: 1614,
  sectionChief: 6800,
  youngCounty: 113,
  youngSection: 306,
};

export function generateDemoCity(seed = 20171231): DemoCity {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const weighted = (lo: number, hi: number, w: (a: number) => number) => {
    let total = 0;
    for (let a = lo; a <= hi; a++) total += w(a);
    let r = rnd() * total;
    for (let a = lo; a <= hi; a++) if ((r -= w(a)) < 0) return a;
    return hi;
  };

  // ---- Units and posts --------------------------------------------------------------------
  const units: DemoUnit[] = [];
  const slots: Slot[] = [];
  const addSlot = (
    unit: DemoUnit,
    level: Level,
    title: string,
    team: boolean,
    kind: PostKind = 'other',
  ) => slots.push({ unit, level, title, team, kind, holder: null });

  const city = '市本级';
  const cityUnits = CITY_DEPARTMENTS.map((name, i) => {
    const u: DemoUnit = {
      id: `S${String(i + 1).padStart(2, '0')}`,
      name: '示例' + name,
      type: '市直',
      region: city,
      parent: null,
    };
    units.push(u);
    return u;
  });
  const countyTeams: DemoUnit[][] = [];
  const countyBureaus: DemoUnit[][] = [];
  const townships: DemoUnit[][] = [];
  const townshipCounts = spread(180, REGIONS.length);
  REGIONS.forEach((r, ri) => {
    const rid = `R${String(ri + 1).padStart(2, '0')}`;
    const short = r.name.replace(/瑶族自治县$/, '县');
    const team = ['委', '人民政府', '人大常委会', '政协'].map((t, k) => {
      const u: DemoUnit = {
        id: `${rid}-T${k + 1}`,
        name: short + t,
        type: '县市区',
        region: r.name,
        parent: null,
      };
      units.push(u);
      return u;
    });
    countyTeams.push(team);
    countyBureaus.push(
      COUNTY_BUREAUS.map((b, k) => {
        const u: DemoUnit = {
          id: `${rid}-B${String(k + 1).padStart(2, '0')}`,
          name: short + b,
          type: '县市区',
          region: r.name,
          parent: team[0].id,
        };
        units.push(u);
        return u;
      }),
    );
    const seen = new Set<string>();
    const towns: DemoUnit[] = [];
    for (let k = 0; k < townshipCounts[ri]; k++) {
      let name: string;
      do {
        name = pick(TOWNSHIP_HEADS) + pick(TOWNSHIP_TAILS);
      } while (seen.has(name));
      seen.add(name);
      const suffix = r.kind === '区' && k < 5 ? '街道' : k % 5 === 4 ? '乡' : '镇';
      const u: DemoUnit = {
        id: `${rid}-X${String(k + 1).padStart(2, '0')}`,
        name: short + name + suffix,
        type: '乡镇街道',
        region: r.name,
        parent: team[0].id,
      };
      units.push(u);
      towns.push(u);
    }
    townships.push(towns);
  });

  // County teams: 27 team posts per county + 5 non-team 县处级.
  REGIONS.forEach((r, ri) => {
    const [cw, gov, npc, cppcc] = countyTeams[ri];
    const c = r.name.replace(/瑶族自治县$/, '县');
    const head = r.kind === '区' ? '区长' : r.kind === '市' ? '市长' : '县长';
    addSlot(cw, '县处级正职', `${c}委书记`, true);
    addSlot(cw, '县处级副职', `${c}委副书记`, true);
    for (const t of [
      '纪委书记、监委主任',
      '组织部部长',
      '宣传部部长',
      '政法委书记',
      '统战部部长',
      '办公室主任',
      '常务副' + head,
      '人民武装部政委',
    ])
      addSlot(cw, '县处级副职', `${c}委常委、${t}`, true);
    addSlot(gov, '县处级正职', `${c}委副书记、${c.slice(0, -1)}${head}`, true);
    for (let k = 0; k < 5; k++) addSlot(gov, '县处级副职', `${c}人民政府副${head}`, true);
    addSlot(npc, '县处级正职', `${c}人大常委会主任`, true);
    for (let k = 0; k < 4; k++) addSlot(npc, '县处级副职', `${c}人大常委会副主任`, true);
    addSlot(cppcc, '县处级正职', `${c}政协主席`, true);
    for (let k = 0; k < 4; k++) addSlot(cppcc, '县处级副职', `${c}政协副主席`, true);
    for (let k = 0; k < 5; k++)
      addSlot(
        gov,
        '县处级副职',
        `${c}人民政府党组成员、${['经济开发区管委会主任', '二级调研员', '三级调研员', '重点项目办主任', '城投公司董事长'][k]}`,
        false,
      );
  });
  const countyLevelInCounties = slots.length;
  // City departments: 5 team posts each, the rest of the 1,614 县处级 as non-team posts.
  const nonTeam = spread(
    DEMO_COUNTS.countyLevel - countyLevelInCounties - cityUnits.length * 5,
    cityUnits.length,
  );
  cityUnits.forEach((u, i) => {
    addSlot(u, '县处级正职', `${u.name}党组书记、主要负责人`, true);
    for (let k = 0; k < 4; k++) addSlot(u, '县处级副职', `${u.name}党组成员、副职`, true);
    for (let k = 0; k < nonTeam[i]; k++)
      addSlot(
        u,
        '县处级副职',
        `${u.name}${['总工程师', '二级调研员', '所属中心主任', '三级调研员'][k % 4]}`,
        false,
      );
  });
  // 正科: 4 per township (secretary, head, 人大主席, 专职副书记); 30 per city department; the
  // rest in county bureaus.
  const allTowns = townships.flat();
  for (const t of allTowns) {
    const street = t.name.endsWith('街道');
    const h = t.name.endsWith('乡') ? '乡' : '镇';
    const secVariant = !street && chance(0.15) ? '、人大主席' : '';
    addSlot(
      t,
      '乡科级正职',
      street ? `${t.name}党工委书记` : `${t.name}党委书记${secVariant}`,
      true,
      'secretary',
    );
    addSlot(
      t,
      '乡科级正职',
      street ? `${t.name}党工委副书记、办事处主任` : `${t.name}党委副书记、${h}长`,
      true,
      'head',
    );
    addSlot(t, '乡科级正职', street ? `${t.name}人大工委主任` : `${t.name}人大主席`, true);
    addSlot(t, '乡科级正职', street ? `${t.name}党工委副书记` : `${t.name}党委副书记`, true);
  }
  for (const u of cityUnits)
    for (let k = 0; k < 30; k++)
      addSlot(
        u,
        '乡科级正职',
        `${u.name}${SECTIONS[k % SECTIONS.length]}${k < 16 ? '' : '二级'}负责人`,
        false,
      );
  const bureaus = countyBureaus.flat();
  const bureauChiefs = spread(
    DEMO_COUNTS.sectionChief - allTowns.length * 4 - cityUnits.length * 30,
    bureaus.length,
  );
  bureaus.forEach((u, i) => {
    addSlot(u, '乡科级正职', `${u.name}党组书记、局长`, true);
    for (let k = 1; k < bureauChiefs[i]; k++)
      addSlot(
        u,
        '乡科级正职',
        `${u.name}${['党组成员、副局长（正科级）', '二级主任科员', '所属中心主任'][k % 3]}`,
        false,
      );
  });
  // 副科 and staff.
  for (const t of allTowns) {
    const h = t.name.endsWith('乡') ? '乡' : t.name.endsWith('街道') ? '办事处副主任' : '镇';
    for (let k = 0; k < 7; k++) {
      const title = TOWNSHIP_DEPUTY_TITLES[k].replace('副{h}长', h.length > 1 ? h : `副${h}长`);
      addSlot(t, '乡科级副职', `${t.name}${title}`, true);
    }
    for (let k = 0; k < 4; k++) addSlot(t, '科员', `${t.name}党政综合办公室科员`, false);
  }
  for (const u of bureaus) {
    for (let k = 0; k < 10; k++)
      addSlot(u, '乡科级副职', k < 3 ? `${u.name}党组成员、副局长` : `${u.name}股长`, k < 3);
    for (let k = 0; k < 3; k++) addSlot(u, '科员', `${u.name}科员`, false);
  }
  for (const u of cityUnits) {
    for (let k = 0; k < 30; k++)
      addSlot(u, '乡科级副职', `${u.name}${SECTIONS[k % SECTIONS.length]}副职`, false);
    for (let k = 0; k < 10; k++) addSlot(u, '科员', `${u.name}科员`, false);
  }

  // ---- People ----------------------------------------------------------------------------
  let nextId = 1;
  const regionCode = (region: string) => {
    const i = REGIONS.findIndex((r) => r.name === region);
    return '4399' + String(i + 1).padStart(2, '0');
  };
  const checkChar = (s: string) => {
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i];
    return '10X98765432'[sum % 11];
  };
  const eduFor = (by: number): [string, string | null] => {
    const r = rnd();
    const [ms, zk, bk] =
      by < 1965
        ? [0.35, 0.75, 0.97]
        : by < 1975
          ? [0.15, 0.55, 0.95]
          : by < 1985
            ? [0.04, 0.27, 0.88]
            : [0, 0.06, 0.74];
    if (r < ms) return [pick(['中专', '中等专科', '高中']), null];
    if (r < zk) return [pick(['大专', '大学专科']), null];
    if (r < bk) return [pick(['大学', '大学本科', '本科']), '学士'];
    return [pick(['研究生', '硕士研究生']), chance(0.06) ? '博士' : '硕士'];
  };

  const newPerson = (
    level: Level,
    age: number,
    t: number,
    region: string,
    female: boolean,
  ): Person => {
    const ty = Math.floor(t / 12);
    const tm = (t % 12) + 1;
    const bm = between(1, 12);
    // Age at the end of month t is `age`.
    const by = ty - age - (tm < bm ? 1 : 0);
    const gender = female ? '女' : '男';
    const seq = nextId++;
    const idMonth = chance(0.003) ? (bm % 12) + 1 : bm;
    const genderDigit = (seq % 5) * 2 + (gender === '男' ? 1 : 0);
    const body = `${regionCode(region)}${by}${String(idMonth).padStart(2, '0')}${String(between(1, 28)).padStart(2, '0')}${String(seq % 100).padStart(2, '0')}${genderDigit}`;
    let check = checkChar(body);
    if (chance(0.004)) check = check === '0' ? '1' : '0';
    const [eduFull, degree] = eduFor(by);
    const yao = region === '桃林瑶族自治县' ? 0.4 : 0.08;
    const r = rnd();
    const ethnicity =
      r < yao ? '瑶族' : r < yao + 0.02 ? pick(['壮族', '侗族', '苗族', '土家族']) : '汉族';
    const young = age < 28;
    const political =
      level === '科员'
        ? young && chance(0.35)
          ? '共青团员'
          : chance(0.8)
            ? pick(['中共党员', '中共党员', '中共党员', '中共预备党员'])
            : pick(['群众', '无党派人士'])
        : chance(0.95)
          ? '中共党员'
          : pick(['中国民主同盟盟员', '九三学社社员', '无党派人士', '中国农工民主党党员']);
    const workAge = between(19, 24);
    const workStart = mi(by + workAge, between(7, 9));
    const partyJoin = political.startsWith('中共')
      ? Math.min(t, mi(by + between(19, 30), between(1, 12)))
      : null;
    let eduIn: string | null = null;
    if ((eduFull.includes('专') || eduFull === '高中') && chance(0.6))
      eduIn = pick(['大学', '在职大学', '中央党校大学']);
    else if (eduFull.includes('大学') || eduFull === '本科')
      if (chance(0.25)) eduIn = pick(['在职研究生', '中央党校研究生']);
    const sur = pick(SURNAMES);
    const given = female ? GIVEN_FEMALE : GIVEN_MALE;
    const name = sur + pick(given) + (chance(0.7) ? pick(given) : '');
    return {
      id: 'D' + String(seq).padStart(6, '0'),
      name,
      gender,
      by,
      bm,
      idNumber: body + check,
      ethnicity,
      political,
      partyJoin,
      workStart: Math.min(workStart, t),
      eduFull,
      degree,
      eduIn,
      source: pick([
        '公务员考录',
        '公务员考录',
        '公务员考录',
        '选调生',
        '军队转业',
        '事业单位转任',
      ]),
      grassrootsMonths: between(0, 60),
      level,
      levelSince: t - between(0, 60),
      postSince: t - between(0, 48),
      slot: null,
      reserve: null,
      movedAt: -1,
    };
  };

  const femaleShare: Record<Level, number> = {
    县处级正职: 0.12,
    县处级副职: 0.2,
    乡科级正职: 0.24,
    乡科级副职: 0.32,
    科员: 0.45,
  };
  const oldAge = (level: Level): number => {
    switch (level) {
      case '县处级正职':
      case '县处级副职':
        return weighted(41, 59, (a) => Math.max(1, 12 - Math.abs(a - 52)));
      case '乡科级正职':
        return weighted(36, 59, (a) => Math.max(1, 14 - Math.abs(a - 48)));
      case '乡科级副职':
        return weighted(26, 58, (a) => Math.max(1, 16 - Math.abs(a - 41)));
      default:
        return weighted(22, 50, (a) => Math.max(1, 18 - Math.abs(a - 28)));
    }
  };
  const place = (p: Person, s: Slot, t: number) => {
    if (p.slot) p.slot.holder = null;
    p.slot = s;
    s.holder = p;
    p.postSince = t;
    p.movedAt = t;
  };

  // Initial population at 2017-12: exact young counts among 县处级 and 正科 posts.
  const shuffled = <T>(xs: T[]) => {
    const a = xs.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const county = slots.filter((s) => s.level.startsWith('县处级'));
  const section = slots.filter((s) => s.level === '乡科级正职');
  if (county.length !== DEMO_COUNTS.countyLevel || section.length !== DEMO_COUNTS.sectionChief)
    throw new Error(`demo posts: ${county.length} 县处级, ${section.length} 正科`);
  const youngSlots = new Set<Slot>([
    ...shuffled(county).slice(0, DEMO_COUNTS.youngCounty),
    ...shuffled(section).slice(0, DEMO_COUNTS.youngSection),
  ]);
  for (const s of slots) {
    const female = chance(femaleShare[s.level]);
    let age: number;
    if (youngSlots.has(s))
      age = s.level.startsWith('县处级')
        ? weighted(34, 40, (a) => a - 32)
        : weighted(29, 35, (a) => a - 27);
    else {
      do age = oldAge(s.level);
      while (
        (s.level.startsWith('县处级') && age <= 40) ||
        (s.level === '乡科级正职' && age <= 35)
      );
    }
    if (female && !s.level.startsWith('县处级') && age > 54) age = between(Math.min(50, age), 54);
    const p = newPerson(s.level, age, START, s.unit.region, female);
    if (s.unit.type === '乡镇街道') p.grassrootsMonths += between(12, 120);
    place(p, s, START - between(0, 60));
  }

  // ---- Simulation ------------------------------------------------------------------------
  const rank = (l: Level) => LEVELS.indexOf(l);
  const ageAt = (p: Person, t: number) => Math.floor(t / 12) - p.by - ((t % 12) + 1 < p.bm ? 1 : 0);
  const policyWeight = (t: number) =>
    t < mi(2018, 6) ? 0.3 : Math.min(1.4, 0.3 + ((t - mi(2018, 6)) / 18) * 1.1);

  const columns: DemoCity['columns'] = {};
  const COLS = [
    'snapshot_date',
    'person_id',
    'name',
    'id_number',
    'gender',
    'birth_date',
    'birth_precision',
    'ethnicity',
    'political_status',
    'party_join_date',
    'work_start_date',
    'education_fulltime',
    'degree_fulltime',
    'education_inservice',
    'unit_id',
    'unit_name',
    'unit_type',
    'region',
    'post_title',
    'level',
    'rank',
    'level_since',
    'post_since',
    'is_team_member',
    'reserve',
    'grassroots_years',
    'appraisals',
    'source',
  ];
  for (const c of COLS) columns[c] = [];
  const monthStart = (t: number) =>
    `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01`;
  const appraisal = (p: Person, year: number) => {
    let h = 2166136261;
    for (const ch of p.id + year) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    const r = (h >>> 0) / 4294967296;
    return r < 0.2 ? '优秀' : r < 0.97 ? '称职' : r < 0.995 ? '基本称职' : '不称职';
  };
  const rankFor = (p: Person, t: number): string | null => {
    if (p.level !== '科员') return null;
    const a = ageAt(p, t);
    return a < 28 ? '一级科员' : a < 36 ? '四级主任科员' : a < 45 ? '三级主任科员' : '二级主任科员';
  };
  const snapshot = (t: number) => {
    const date = monthEnd(t);
    const year = Math.floor(t / 12);
    const lastYear = t % 12 === 11 ? year : year - 1;
    for (const s of slots) {
      const p = s.holder;
      if (!p) continue;
      const years = [lastYear - 2, lastYear - 1, lastYear].filter(
        (y) => y * 12 + 11 >= p.workStart,
      );
      const row: Record<string, string | number | boolean | null> = {
        snapshot_date: date,
        person_id: p.id,
        name: p.name,
        id_number: p.idNumber,
        gender: p.gender,
        birth_date: `${p.by}-${String(p.bm).padStart(2, '0')}-01`,
        birth_precision: 'month',
        ethnicity: p.ethnicity,
        political_status: p.political,
        party_join_date: p.partyJoin === null ? null : monthStart(p.partyJoin),
        work_start_date: monthStart(p.workStart),
        education_fulltime: p.eduFull,
        degree_fulltime: p.degree,
        education_inservice: p.eduIn,
        unit_id: s.unit.id,
        unit_name: s.unit.name,
        unit_type: s.unit.type,
        region: s.unit.region,
        post_title: s.title,
        level: s.level,
        rank: rankFor(p, t),
        level_since: monthStart(p.levelSince),
        post_since: monthStart(p.postSince),
        is_team_member: s.team,
        reserve: p.reserve,
        grassroots_years: Math.round((p.grassrootsMonths / 12) * 10) / 10,
        appraisals: years.map((y) => `${y}年度${appraisal(p, y)}`).join('；') || null,
        source: p.source,
      };
      for (const c of COLS) columns[c].push(row[c]);
    }
  };

  const snapshotMonths = new Set(demoSnapshotMonths());
  snapshot(START);
  const holders = () => slots.filter((s) => s.holder).map((s) => s.holder!);

  for (let t = START + 1; t <= END; t++) {
    const vacant: Slot[][] = LEVELS.map(() => []);
    // Leave: retirement and other exits.
    for (const s of slots) {
      const p = s.holder;
      if (!p) continue;
      if (s.unit.type === '乡镇街道') p.grassrootsMonths++;
      const retire = retirementMonth(p.by, p.bm, p.gender, p.level) <= t;
      if (retire || chance(ageAt(p, t) < 50 ? 0.0012 : 0.0006)) {
        s.holder = null;
        p.slot = null;
        vacant[rank(s.level)].push(s);
      }
    }
    // 三个一批 (from 2019, each December): township principals aged 50+ swap with county-bureau
    // 正科 cadres aged 36–45 of the same region.
    if (t >= mi(2019, 12) && t % 12 === 11) {
      for (const s of slots) {
        const p = s.holder;
        if (!p || s.kind === 'other' || ageAt(p, t) < 50 || !chance(0.4)) continue;
        const pool = slots.filter(
          (q) =>
            q.holder &&
            q.unit.region === s.unit.region &&
            q.unit.type === '县市区' &&
            q.level === '乡科级正职' &&
            ageAt(q.holder, t) >= 36 &&
            ageAt(q.holder, t) <= 45,
        );
        if (!pool.length) continue;
        const q = pick(pool);
        const other = q.holder!;
        q.holder = null;
        other.slot = null;
        place(p, q, t);
        place(other, s, t);
      }
    }
    // Fill vacancies top-down; a promotion opens a post one level lower.
    const pools = new Map<string, Person[]>();
    for (const p of holders()) {
      const key = `${p.level}|${p.slot!.unit.region}`;
      if (!pools.has(key)) pools.set(key, []);
      pools.get(key)!.push(p);
    }
    const w = policyWeight(t);
    const score = (p: Person, bonus: number) =>
      rnd() + w * Math.max(-1.5, Math.min(2, (46 - ageAt(p, t)) / 8)) + bonus;
    const choose = (
      level: Level,
      region: string,
      minMonths: number,
      bonus: (p: Person) => number,
    ) => {
      const home = pools.get(`${level}|${region}`) ?? [];
      let best: Person | null = null;
      let bestScore = -Infinity;
      for (let k = 0; k < 30; k++) {
        const src =
          chance(0.85) || region === city
            ? home
            : (pools.get(`${level}|${pick(REGIONS).name}`) ?? []);
        if (!src.length) continue;
        const p = pick(src);
        // A first 县处级 post needs 5 years of work and 2 of grassroots experience (条例 art. 8).
        const firstCountyPost =
          level === '乡科级正职' && (t - p.workStart < 60 || p.grassrootsMonths < 24);
        if (
          !p.slot ||
          p.movedAt === t ||
          p.level !== level ||
          t - p.levelSince < minMonths ||
          ageAt(p, t) > 54 ||
          firstCountyPost
        )
          continue;
        const sc = score(p, bonus(p));
        if (sc > bestScore) [best, bestScore] = [p, sc];
      }
      return best;
    };
    for (let li = 0; li < LEVELS.length; li++) {
      while (vacant[li].length) {
        const s = vacant[li].pop()!;
        const region = s.unit.region;
        let p: Person | null;
        if (s.level === '科员') {
          p = null;
        } else if (s.kind === 'secretary') {
          p = choose('乡科级正职', region, 24, (c) => (c.slot!.kind === 'head' ? 0.8 : 0));
        } else {
          const below = s.kind === 'head' ? '乡科级副职' : LEVELS[li + 1];
          const minMonths = s.level.endsWith('正职') && below.endsWith('副职') ? 24 : 36;
          p = choose(
            below,
            region,
            minMonths,
            (c) =>
              (s.unit.type === '乡镇街道' && c.slot!.unit.type === '乡镇街道' ? 0.4 : 0) +
              (c.reserve ? 0.3 : 0),
          );
        }
        if (p) {
          const old = p.slot!;
          const promoted = p.level !== s.level;
          place(p, s, t);
          if (promoted) {
            p.level = s.level;
            p.levelSince = t;
            // Leading posts go to Party members: a non-member promoted here has joined earlier.
            if (!p.political.startsWith('中共') && s.level !== '科员' && chance(0.92)) {
              p.political = '中共党员';
              p.partyJoin = Math.max(mi(p.by + 18, p.bm), t - between(6, 48));
            }
            if (p.reserve === '处级后备' && s.level.startsWith('县处级')) p.reserve = null;
            if (p.reserve === '科级后备' && s.level !== '科员') p.reserve = null;
          }
          vacant[rank(old.level)].push(old);
        } else {
          // Hire: a graduate for a staff post, a transfer-in for any other.
          const age =
            s.level === '科员' ? weighted(22, 28, (a) => 8 - Math.abs(a - 24)) : oldAge(s.level);
          const female = chance(s.level === '科员' ? 0.5 : femaleShare[s.level]);
          const q = newPerson(
            s.level,
            female && s.level !== '科员' && age > 54 ? 50 : age,
            t,
            region,
            female,
          );
          q.levelSince = t;
          q.grassrootsMonths = s.level === '科员' ? 0 : q.grassrootsMonths;
          if (s.level === '科员' && t >= mi(2019, 1)) {
            q.eduFull = chance(0.3) ? '硕士研究生' : '大学本科';
            q.degree = q.eduFull === '大学本科' ? '学士' : '硕士';
            q.eduIn = null;
            q.source = chance(0.3) ? '选调生' : '公务员考录';
          }
          place(q, s, t);
        }
      }
    }
    // Reserve pool, refreshed each December: young 正科 for 处级 posts, young staff and 副科
    // for 科级 posts.
    if (t % 12 === 11) {
      const all = holders();
      for (const p of all) if (p.reserve && rnd() < 0.25) p.reserve = null;
      const cands = (level: Level, maxAge: number) =>
        all.filter((p) => p.level === level && !p.reserve && ageAt(p, t) <= maxAge);
      for (const p of shuffled(cands('乡科级正职', 42)).slice(0, 90)) p.reserve = '处级后备';
      for (const p of shuffled([...cands('乡科级副职', 35), ...cands('科员', 32)]).slice(0, 420))
        p.reserve = '科级后备';
    }
    if (snapshotMonths.has(t)) snapshot(t);
  }
  return { units, columns, snapshots: demoSnapshotMonths().map(monthEnd) };
}
