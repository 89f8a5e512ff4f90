/**
 * A deterministic fictional prefecture-level city (示例市) shaped like Yongzhou (DOMAIN.md §7):
 * 11 counties/districts, 180 townships and streets, 1,614 县处级 and 6,800 正科 posts, plus
 * 副科 and staff. People age, retire (DOMAIN.md §5, with the 2025 delay), leave, are appointed
 * in batches (市委 for 县处级, 市委组织部 for city 科级, each 县委 for its own 科级), are
 * recruited each September, sent on secondment (挂职) in cohorts and picked as reserves, month
 * by month from 2017-12 to 2026-10; snapshots are taken at every year end and monthly over the
 * last 12 months. Every appointment is also written as an event (任免记录).
 *
 * Calibration by construction: at 2017-12-31 every post is filled, 113 of the 1,614 县处级
 * cadres are aged 40 or less (7.0%), 306 of the 6,800 正科 cadres 35 or less (4.5%), and 18 of
 * the 180 township secretaries were born in 1980 or later (10.0%).
 */
import {
  BUREAU_INSTITUTIONS,
  BUREAU_SECTIONS,
  CITY_DEPARTMENTS,
  COUNTY_BUREAUS,
  DEMOCRATIC_PARTIES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  LATERAL_UNITS,
  MINORITIES,
  PARTNER_UNITS,
  PROVINCE_UNITS,
  REGIONS,
  SECTIONS,
  SURNAMES,
  TOWN_OFFICES,
  TOWNSHIP_DEPUTY_TITLES,
  TOWNSHIP_HEADS,
  TOWNSHIP_TAILS,
} from './names.ts';
import { idCheckChar } from '../id-number.ts';

export type Level = '县处级正职' | '县处级副职' | '乡科级正职' | '乡科级副职' | '科员';
const LEVELS: Level[] = ['县处级正职', '县处级副职', '乡科级正职', '乡科级副职', '科员'];
type UnitType = '市直' | '县市区' | '乡镇街道';
type PostKind = 'secretary' | 'head' | 'deputy' | 'other';
type UnitKind = 'dept' | 'cw' | 'gov' | 'npc' | 'cppcc' | 'bureau' | 'town';
/** Age shape of a post's holders: lowest, most common and highest age. */
type Profile = [number, number, number];

export interface DemoUnit {
  id: string;
  name: string;
  type: UnitType;
  region: string;
  parent: string | null;
}

interface Unit extends DemoUnit {
  kind: UnitKind;
  /** How much more (or less) often than usual its posts go to women. */
  femaleBias: number;
}

interface Slot {
  unit: Unit;
  level: Level;
  title: string;
  team: boolean;
  principal: boolean;
  kind: PostKind;
  profile: Profile;
  /** May hold one of the young cadres of the 2017 calibration. */
  youngOk: boolean;
  /** A non-leading post: the 职级 it carries, or 'staff' for one that follows service. */
  rank: string | null;
  /** Reserved for a non-CPC member (党外干部). */
  outside: boolean;
  /** Reserved for a member of the autonomous county's own nationality. */
  yao: boolean;
  /** People's congress and CPPCC posts go to older cadres. */
  elder: boolean;
  /** Age below which candidates gain from the youth policy (DOMAIN.md §5). */
  pivot: number;
  authority: string;
  holder: Person | null;
  /** A vacancy is not filled before this month (主持工作 by a deputy, 缺配). */
  holdUntil: number;
}

interface Secondment {
  type: string;
  unit: string;
  start: string;
  end: string;
  batch: string;
  startT: number;
  endT: number;
}

interface Person {
  id: string;
  name: string;
  gender: '男' | '女';
  by: number;
  bm: number;
  idNumber: string;
  ethnicity: string;
  partyJoin: number | null;
  /** 政治面貌 while not (yet) a CPC member; 共青团员 turns 群众 at 28. */
  baseStatus: string;
  blankStatus: boolean;
  workStart: number;
  /** Month of entry into the civil service (appraisals exist from then). */
  joinedAt: number;
  eduFull: string;
  degree: string | null;
  eduIn: string | null;
  eduInAt: number;
  source: string | null;
  grassrootsMonths: number;
  level: Level;
  levelSinceT: number;
  levelSince: string;
  postSince: string;
  postSinceT: number;
  slot: Slot | null;
  reserve: string | null;
  movedAt: number;
  secondment: Secondment | null;
  /** −1 … 1: how well the person is appraised, and so how likely promoted. */
  ability: number;
  /** Months a retirement takes after the retirement month (procedures). */
  linger: number;
}

export interface AppointmentEvent {
  person_id: string;
  name: string;
  date: string;
  batch: string;
  from_level: Level | null;
  to_level: Level;
  is_promotion: boolean;
  from_post: string | null;
  to_post: string;
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

/** The last `n` months of the demo, monthly (histories for the bench and the native engine). */
export function lastMonths(n: number): number[] {
  return Array.from({ length: n }, (_, i) => END - n + 1 + i);
}

export function monthEnd(t: number): string {
  const y = Math.floor(t / 12);
  const m = (t % 12) + 1;
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const dayOf = (t: number, day: number) =>
  `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const monthStart = (t: number) => dayOf(t, 1);

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

/** A stable number in [0, 1) for a key: per-person facts that must agree across snapshots. */
function hash01(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
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
  /** Every appointment (任免记录) from 2018 on: promotions, lateral moves, transfers in. */
  events: AppointmentEvent[];
}

export const DEMO_COUNTS = {
  countyLevel: 1614,
  sectionChief: 6800,
  youngCounty: 113,
  youngSection: 306,
  /** Township secretaries born 1980 or later at 2017-12-31 (J1 = 10.0%). */
  youngSecretaries: 18,
};

/** Secondment cohorts (挂职批次): start month, term in months and size. */
const COHORTS: { batch: string; start: number; term: number; n: number }[] = [
  { batch: '2018年第一批', start: mi(2018, 3), term: 24, n: 42 },
  { batch: '2019年第一批', start: mi(2019, 3), term: 12, n: 36 },
  { batch: '2020年第一批', start: mi(2020, 9), term: 24, n: 48 },
  { batch: '2021年第一批', start: mi(2021, 4), term: 24, n: 50 },
  { batch: '2022年第一批', start: mi(2022, 3), term: 12, n: 40 },
  { batch: '2022年第二批', start: mi(2022, 9), term: 24, n: 32 },
  { batch: '2023年第一批', start: mi(2023, 3), term: 24, n: 54 },
  { batch: '2024年第一批', start: mi(2024, 3), term: 24, n: 60 },
  { batch: '2024年第二批', start: mi(2024, 9), term: 12, n: 30 },
  { batch: '2025年第一批', start: mi(2025, 3), term: 24, n: 52 },
  { batch: '2025年第二批', start: mi(2025, 12), term: 12, n: 36 },
  { batch: '2026年第一批', start: mi(2026, 4), term: 24, n: 44 },
];

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Principal and deputy titles of a department or bureau, from its name. */
function leaderTitles(name: string): [string, string] {
  const rules: [RegExp, string, string][] = [
    [/(人民检察院)$/, '党组书记、检察长', '党组成员、副检察长'],
    [/(人民法院)$/, '党组书记、院长', '党组成员、副院长'],
    [/党校$/, '常务副校长', '副校长'],
    [/纪委监委$/, '常务副书记', '副书记、监委委员'],
    [/(组织部|宣传部|统战部)$/, '常务副部长', '副部长'],
    [/^团市委$/, '书记', '副书记'],
    [/(联合会|总工会|协会|红十字会)$/, '党组书记、主席', '党组成员、副主席'],
    [/(委员会|管委会|办公室|中心|办|室)$/, '党组书记、主任', '党组成员、副主任'],
    [/馆$/, '馆长', '副馆长'],
    [/社$/, '党组书记、理事会主任', '党组成员、理事会副主任'],
  ];
  for (const [re, p, d] of rules) if (re.test(name)) return [p, d];
  return ['党组书记、局长', '党组成员、副局长'];
}

export interface DemoOptions {
  /** Months (year × 12 + month − 1) to take snapshots at; default `demoSnapshotMonths()`. */
  snapshotMonths?: number[];
  /** Prefix of every 人员编号, so that several cities hold distinct people (bench, history). */
  idPrefix?: string;
  /** The first four digits of every 身份证号 (province and prefecture); default 4399. */
  areaCode?: string;
}

export function generateDemoCity(seed = 20171231, options: DemoOptions = {}): DemoCity {
  const rnd = mulberry32(seed);
  const wanted = options.snapshotMonths ?? demoSnapshotMonths();
  const idPrefix = options.idPrefix ?? '';
  const areaCode = options.areaCode ?? '4399';
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
  /** An integer age from a triangular shape. */
  const fromProfile = ([lo, peak, hi]: Profile, min = lo, max = hi) => {
    const a0 = Math.max(lo, min);
    const a1 = Math.min(hi, max);
    if (a1 <= a0) return a0 <= hi ? a0 : a1;
    let total = 0;
    const w = (a: number) =>
      a <= peak ? (a - lo + 1) / (peak - lo + 1) : (hi - a + 1) / (hi - peak + 1);
    for (let a = a0; a <= a1; a++) total += w(a);
    let r = rnd() * total;
    for (let a = a0; a <= a1; a++) if ((r -= w(a)) < 0) return a;
    return a1;
  };
  const shuffled = <T>(xs: T[]) => {
    const a = xs.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };

  // ---- Units and posts --------------------------------------------------------------------
  const units: Unit[] = [];
  const slots: Slot[] = [];
  const city = '市本级';
  const bias = () => Math.exp((rnd() - 0.5) * 1.6);
  const newUnit = (u: Omit<Unit, 'femaleBias'>, femaleBias = bias()) => {
    const unit = { ...u, femaleBias };
    units.push(unit);
    return unit;
  };
  const addSlot = (
    unit: Unit,
    level: Level,
    title: string,
    profile: Profile,
    opts: Partial<
      Pick<
        Slot,
        'team' | 'principal' | 'kind' | 'youngOk' | 'rank' | 'outside' | 'yao' | 'elder' | 'pivot'
      >
    > = {},
  ) => {
    const slot: Slot = {
      unit,
      level,
      title,
      profile,
      team: false,
      principal: false,
      kind: 'other',
      youngOk: false,
      rank: null,
      outside: false,
      yao: false,
      elder: false,
      pivot: { 县处级正职: 44, 县处级副职: 38, 乡科级正职: 40, 乡科级副职: 33, 科员: 30 }[level],
      authority: level.startsWith('县处级')
        ? '市委'
        : unit.region === city
          ? '市委组织部'
          : unit.region.replace(/瑶族自治县$/, '县') + '委',
      holder: null,
      holdUntil: 0,
      ...opts,
    };
    slots.push(slot);
    return slot;
  };

  const cityUnits = CITY_DEPARTMENTS.map((name, i) =>
    newUnit(
      {
        id: `S${String(i + 1).padStart(2, '0')}`,
        name: name.startsWith('示例') ? name : '示例' + name,
        type: '市直',
        region: city,
        parent: null,
        kind: 'dept',
      },
      name === '市妇女联合会' ? 4 : name === '团市委' ? 2 : bias(),
    ),
  );
  const countyTeams: Unit[][] = [];
  const countyBureaus: Unit[][] = [];
  const townships: Unit[][] = [];
  const townshipCounts = spread(180, REGIONS.length);
  REGIONS.forEach((r, ri) => {
    const rid = `R${String(ri + 1).padStart(2, '0')}`;
    const short = r.name.replace(/瑶族自治县$/, '县');
    const kinds: UnitKind[] = ['cw', 'gov', 'npc', 'cppcc'];
    const team = ['委', '人民政府', '人大常委会', '政协'].map((t, k) =>
      newUnit({
        id: `${rid}-T${k + 1}`,
        name: short + t,
        type: '县市区',
        region: r.name,
        parent: null,
        kind: kinds[k],
      }),
    );
    countyTeams.push(team);
    countyBureaus.push(
      COUNTY_BUREAUS.map((b, k) =>
        newUnit({
          id: `${rid}-B${String(k + 1).padStart(2, '0')}`,
          name: short + b,
          type: '县市区',
          region: r.name,
          parent: team[0].id,
          kind: 'bureau',
        }),
      ),
    );
    const seen = new Set<string>();
    const towns: Unit[] = [];
    for (let k = 0; k < townshipCounts[ri]; k++) {
      let name: string;
      do {
        name = pick(TOWNSHIP_HEADS) + pick(TOWNSHIP_TAILS);
      } while (seen.has(name));
      seen.add(name);
      const suffix = r.kind === '区' && k < 5 ? '街道' : k % 5 === 4 ? '乡' : '镇';
      towns.push(
        newUnit({
          id: `${rid}-X${String(k + 1).padStart(2, '0')}`,
          name: short + name + suffix,
          type: '乡镇街道',
          region: r.name,
          parent: team[0].id,
          kind: 'town',
        }),
      );
    }
    townships.push(towns);
  });

  // County teams: 26 team posts per county and 5 non-team 县处级 posts.
  REGIONS.forEach((r, ri) => {
    const [cw, gov, npc, cppcc] = countyTeams[ri];
    const c = r.name.replace(/瑶族自治县$/, '县');
    const autonomous = r.name.endsWith('自治县');
    const head = r.kind === '区' ? '区长' : r.kind === '市' ? '市长' : '县长';
    const lead = { team: true, principal: true, youngOk: true };
    const deputy = { team: true, youngOk: true };
    addSlot(cw, '县处级正职', `${c}委书记`, [43, 49, 56], lead);
    addSlot(cw, '县处级副职', `${c}委副书记`, [36, 43, 54], { ...deputy, pivot: 44 });
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
      addSlot(cw, '县处级副职', `${c}委常委、${t}`, [35, 43, 55], { ...deputy, pivot: 44 });
    addSlot(gov, '县处级正职', `${c}委副书记、${c.slice(0, -1)}${head}`, [40, 46, 54], {
      ...lead,
      yao: autonomous,
    });
    for (let k = 0; k < 5; k++)
      addSlot(gov, '县处级副职', `${c}人民政府副${head}`, [35, 43, 56], {
        ...deputy,
        pivot: 44,
        outside: k === 4 && chance(0.8),
      });
    const elder = { team: true, elder: true };
    addSlot(npc, '县处级正职', `${c}人大常委会主任`, [50, 56, 59], { ...elder, principal: true });
    for (let k = 0; k < 4; k++)
      addSlot(npc, '县处级副职', `${c}人大常委会副主任`, [47, 54, 59], {
        ...elder,
        outside: k === 3 && chance(0.5),
        yao: autonomous && k === 0,
      });
    addSlot(cppcc, '县处级正职', `${c}政协主席`, [50, 56, 59], { ...elder, principal: true });
    for (let k = 0; k < 4; k++)
      addSlot(cppcc, '县处级副职', `${c}政协副主席`, [47, 54, 59], {
        ...elder,
        outside: k >= 2 && (k === 2 || chance(0.5)),
      });
    addSlot(gov, '县处级副职', `${c}经济开发区党工委书记、管委会主任`, [38, 47, 56], {
      youngOk: true,
    });
    addSlot(gov, '县处级副职', `${c}人民政府三级调研员`, [50, 55, 59], { rank: '三级调研员' });
    addSlot(gov, '县处级副职', `${c}人民政府四级调研员`, [48, 54, 59], { rank: '四级调研员' });
    addSlot(gov, '县处级副职', `${c}重点项目建设事务中心主任`, [40, 49, 57], { youngOk: true });
    addSlot(gov, '县处级副职', `${c}城市建设投资集团董事长`, [40, 49, 57], { youngOk: true });
  });
  const countyLevelInCounties = slots.length;
  // City departments: a team of five, the rest of the 1,614 县处级 as non-team posts.
  const nonTeam = spread(
    DEMO_COUNTS.countyLevel - countyLevelInCounties - cityUnits.length * 5,
    cityUnits.length,
  );
  const partyOrgan = /市委|纪委|团市委|党校/;
  cityUnits.forEach((u, i) => {
    const [p, d] = leaderTitles(u.name);
    addSlot(u, '县处级正职', u.name + p, [44, 52, 59], {
      team: true,
      principal: true,
      youngOk: true,
    });
    const outside = !partyOrgan.test(u.name) && chance(0.18);
    for (let k = 0; k < 4; k++)
      addSlot(u, '县处级副职', u.name + d, [38, 49, 59], {
        team: true,
        youngOk: true,
        outside: outside && k === 3,
      });
    for (let k = 0; k < nonTeam[i]; k++) {
      const kind = k % 4;
      if (kind === 0)
        addSlot(u, '县处级副职', `${u.name}三级调研员`, [49, 55, 59], { rank: '三级调研员' });
      else if (kind === 1)
        addSlot(u, '县处级副职', `${u.name}四级调研员`, [46, 53, 59], { rank: '四级调研员' });
      else
        addSlot(
          u,
          '县处级副职',
          `${u.name}${kind === 2 ? '所属事务中心主任' : '总工程师'}`,
          [39, 49, 58],
          { youngOk: true, pivot: 35 },
        );
    }
  });
  // 正科: 4 per township (secretary, head, 人大主席, 专职副书记); 30 per city department (16
  // section chiefs, 14 主任科员); the rest in county bureaus.
  const allTowns = townships.flat();
  for (const t of allTowns) {
    const street = t.name.endsWith('街道');
    const h = t.name.endsWith('乡') ? '乡' : '镇';
    const secVariant = !street && chance(0.15) ? '、人大主席' : '';
    addSlot(
      t,
      '乡科级正职',
      street ? `${t.name}党工委书记` : `${t.name}党委书记${secVariant}`,
      [38, 47, 56],
      { team: true, principal: true, kind: 'secretary', youngOk: true, pivot: 42 },
    );
    addSlot(
      t,
      '乡科级正职',
      street ? `${t.name}党工委副书记、办事处主任` : `${t.name}党委副书记、${h}长`,
      [33, 42, 52],
      { team: true, principal: true, kind: 'head', youngOk: true, pivot: 37 },
    );
    addSlot(t, '乡科级正职', street ? `${t.name}人大工委主任` : `${t.name}人大主席`, [42, 50, 58], {
      team: true,
      elder: true,
    });
    addSlot(
      t,
      '乡科级正职',
      street ? `${t.name}党工委副书记` : `${t.name}党委副书记`,
      [31, 38, 50],
      {
        team: true,
        youngOk: true,
        kind: 'deputy',
        pivot: 35,
      },
    );
  }
  for (const u of cityUnits)
    for (let k = 0; k < 30; k++) {
      if (k < 16) {
        const sec = SECTIONS[k];
        addSlot(
          u,
          '乡科级正职',
          `${u.name}${sec}${sec.endsWith('室') ? '主任' : '科长'}`,
          [35, 44, 58],
          { youngOk: true },
        );
      } else {
        const rank = k % 2 ? '一级主任科员' : '二级主任科员';
        addSlot(u, '乡科级正职', `${u.name}${rank}`, [40, 50, 59], { rank });
      }
    }
  const bureaus = countyBureaus.flat();
  const bureauChiefs = spread(
    DEMO_COUNTS.sectionChief - allTowns.length * 4 - cityUnits.length * 30,
    bureaus.length,
  );
  bureaus.forEach((u, i) => {
    const [p] = leaderTitles(u.name);
    addSlot(u, '乡科级正职', u.name + p, [37, 46, 58], {
      team: true,
      principal: true,
      youngOk: true,
    });
    for (let k = 1; k < bureauChiefs[i]; k++) {
      const kind = k % 3;
      if (kind !== 1)
        addSlot(u, '乡科级正职', `${u.name}${BUREAU_INSTITUTIONS[k % 4]}主任`, [35, 44, 57], {
          youngOk: true,
        });
      else {
        const rank = k % 2 ? '二级主任科员' : '一级主任科员';
        addSlot(u, '乡科级正职', `${u.name}${rank}`, [40, 50, 59], { rank });
      }
    }
  });
  // 副科 and staff.
  for (const t of allTowns) {
    const h = t.name.endsWith('乡') ? '乡' : t.name.endsWith('街道') ? '办事处副主任' : '镇';
    const outside = chance(0.06);
    for (let k = 0; k < 7; k++) {
      const title = TOWNSHIP_DEPUTY_TITLES[k].replace('副{h}长', h.length > 1 ? h : `副${h}长`);
      addSlot(t, '乡科级副职', `${t.name}${title}`, k === 5 ? [36, 46, 56] : [26, 33, 50], {
        team: true,
        outside: outside && k === 4,
        elder: k === 5,
        pivot: 32,
      });
    }
    for (let k = 0; k < 4; k++)
      addSlot(t, '科员', `${t.name}${TOWN_OFFICES[(k + t.name.length) % 5]}科员`, [22, 26, 45], {
        rank: 'staff',
      });
  }
  for (const u of bureaus) {
    const [, d] = leaderTitles(u.name);
    const outside = chance(0.04);
    for (let k = 0; k < 4; k++)
      addSlot(u, '乡科级副职', u.name + (k === 3 ? '党组成员、总工程师' : d), [28, 40, 56], {
        team: true,
        outside: outside && k === 2,
      });
    for (let k = 0; k < 4; k++) {
      let sec = BUREAU_SECTIONS[(k * 3 + u.name.length) % BUREAU_SECTIONS.length];
      if (sec === '办公室' && u.name.endsWith('办公室')) sec = '综合股';
      addSlot(u, '科员', `${u.name}${sec}${sec === '办公室' ? '主任' : '股长'}`, [27, 37, 55], {
        rank: 'staff',
      });
    }
    for (let k = 0; k < 3; k++)
      addSlot(u, '科员', `${u.name}科员`, [22, 26, 45], { rank: 'staff' });
  }
  for (const u of cityUnits) {
    for (let k = 0; k < 30; k++) {
      const sec = SECTIONS[k % SECTIONS.length];
      addSlot(
        u,
        '乡科级副职',
        `${u.name}${sec}${sec.endsWith('室') ? '副主任' : '副科长'}`,
        [27, 36, 55],
      );
    }
    for (let k = 0; k < 20; k++)
      addSlot(u, '科员', `${u.name}${SECTIONS[(k * 5) % SECTIONS.length]}科员`, [22, 26, 45], {
        rank: 'staff',
      });
  }

  // ---- People ----------------------------------------------------------------------------
  let nextId = 1;
  const idBodies = new Set<string>();
  const regionIndex = (region: string) => REGIONS.findIndex((r) => r.name === region);
  const ageAt = (p: Person, t: number) => Math.floor(t / 12) - p.by - ((t % 12) + 1 < p.bm ? 1 : 0);
  const isCpc = (p: Person, t: number) => p.partyJoin !== null && p.partyJoin <= t;

  /** Spellings differ between the counties that compiled the roster. */
  const sourceLabel = (source: string, region: string) => {
    const ri = regionIndex(region);
    if (source === '军转干部' && ri % 3 === 1) return '军队转业干部';
    if (source === '村(社区)干部' && ri % 2 === 1) return '村（社区）干部';
    return source;
  };

  type Edu = 'mid' | 'college' | 'bachelor' | 'master' | 'phd';
  const ENTRY: Record<Edu, [number, number]> = {
    mid: [18, 19],
    college: [20, 21],
    bachelor: [22, 23],
    master: [24, 26],
    phd: [27, 30],
  };
  const eduShares = (by: number, source: string): [number, number, number, number] => {
    // Cumulative: 中专及以下, 大专, 本科, 研究生 (doctorates are 6% of the last).
    if (source === '选调生') return [0, 0, 0.7, 1];
    if (source === '村(社区)干部') return [0.35, 0.85, 1, 1];
    if (source === '军转干部') return [0.3, 0.75, 1, 1];
    if (source === '大学生村官') return [0, 0.15, 0.96, 1];
    if (by < 1965) return [0.3, 0.7, 0.97, 1];
    if (by < 1975) return [0.15, 0.53, 0.95, 1];
    if (by < 1985) return [0.04, 0.26, 0.88, 1];
    if (by < 1995) return [0.01, 0.08, 0.75, 1];
    return [0, 0.03, 0.7, 1];
  };
  const drawEdu = (by: number, source: string, maxEntryAge: number): Edu => {
    const [m, c, b] = eduShares(by, source);
    const r = rnd();
    let e: Edu = r < m ? 'mid' : r < c ? 'college' : r < b ? 'bachelor' : 'master';
    if (e === 'master' && chance(0.06)) e = 'phd';
    const order: Edu[] = ['phd', 'master', 'bachelor', 'college', 'mid'];
    while (ENTRY[e][0] > maxEntryAge) e = order[order.indexOf(e) + 1];
    return e;
  };
  const eduLabel = (e: Edu): [string, string | null] => {
    switch (e) {
      case 'mid':
        return [pick(['中专', '中专', '中专', '高中', '中技']), null];
      case 'college':
        return [pick(['大专', '大学专科']), null];
      case 'bachelor':
        return [pick(['大学', '大学本科', '本科']), chance(0.96) ? '学士' : null];
      case 'master':
        return [pick(['研究生', '硕士研究生']), '硕士'];
      default:
        return ['博士研究生', '博士'];
    }
  };

  const chooseSource = (unit: Unit, level: Level, by: number, female: boolean, t: number) => {
    const town = unit.type === '乡镇街道';
    const options: [string, number][] = [
      ['公务员考录', by >= 1972 ? 50 : 12],
      ['毕业分配', by < 1976 ? 34 : 0],
      ['选调生', by >= 1975 ? (town ? 16 : 10) : 1],
      ['大学生村官', by >= 1980 && by <= 1994 ? (town ? 12 : 4) : 0],
      ['村(社区)干部', by <= 1988 && level !== '县处级正职' ? (town ? 10 : 1.5) : 0],
      ['军转干部', female ? 0.4 : 8],
      ['企事业单位', 9],
      ['', 2],
    ];
    const age = Math.floor(t / 12) - by;
    const ok = options.filter(([s]) => s !== '村(社区)干部' || age >= 30);
    let total = 0;
    for (const [, w] of ok) total += w;
    let r = rnd() * total;
    for (const [s, w] of ok) if ((r -= w) < 0) return s;
    return '公务员考录';
  };

  interface NewPerson {
    level: Level;
    age: number;
    t: number;
    unit: Unit;
    female: boolean;
    source?: string;
    cpc?: boolean;
    outside?: boolean;
    yao?: boolean;
    /** A new graduate: work starts now. */
    graduate?: boolean;
  }
  const newPerson = (o: NewPerson): Person => {
    const { level, age, t, unit } = o;
    const ty = Math.floor(t / 12);
    const tm = (t % 12) + 1;
    const bm = between(1, 12);
    const by = ty - age - (tm < bm ? 1 : 0);
    const gender = o.female ? '女' : '男';
    const seq = nextId++;
    const region = unit.region;
    const ri = regionIndex(region);
    const idMonth = chance(0.003) ? (bm % 12) + 1 : bm;
    const genderDigit = (seq % 5) * 2 + (gender === '男' ? 1 : 0);
    const stem = `${areaCode}${String(ri + 1).padStart(2, '0')}${by}${String(idMonth).padStart(2, '0')}${String(between(1, 28)).padStart(2, '0')}`;
    // One number per person, as in life: the next 顺序码 when this one is taken.
    let order = seq % 100;
    let body = `${stem}${String(order).padStart(2, '0')}${genderDigit}`;
    for (let k = 0; k < 100 && idBodies.has(body); k++) {
      order = (order + 1) % 100;
      body = `${stem}${String(order).padStart(2, '0')}${genderDigit}`;
    }
    idBodies.add(body);
    let check = idCheckChar(body);
    if (chance(0.004)) check = check === '0' ? '1' : '0';
    const yaoShare = region === '桃林瑶族自治县' ? 0.45 : region === city ? 0.05 : 0.03;
    const r = rnd();
    const ethnicity = o.yao
      ? '瑶族'
      : r < yaoShare
        ? '瑶族'
        : r < yaoShare + 0.02
          ? pick(MINORITIES)
          : '汉族';
    const birth = mi(by, bm);

    // Source, education and the start of work agree with one another and with the age.
    // Work starts in the summer after graduating, at the entry age or just after it.
    const startAt = (a: number) => {
      const m = between(7, 9);
      return mi(by + a + (m < bm ? 1 : 0), m);
    };
    const career = (source: string) => {
      const edu = drawEdu(by, source, o.graduate ? age : age - 1);
      const [e0, e1] = ENTRY[edu];
      let workStart = o.graduate ? t : startAt(between(e0, Math.min(e1, age)));
      if (source === '军转干部') workStart = startAt(Math.max(between(17, 19), e0));
      if (source === '村(社区)干部') workStart = startAt(Math.max(between(18, 24), e0));
      let joinedAt = workStart;
      if (source === '大学生村官') joinedAt = workStart + between(24, 60);
      else if (source === '村(社区)干部') joinedAt = birth + between(28, 38) * 12;
      else if (source === '军转干部') joinedAt = birth + between(30, 42) * 12;
      else if (source === '企事业单位') joinedAt = birth + between(27, 40) * 12;
      const village =
        source === '大学生村官' || source === '村(社区)干部' ? joinedAt - workStart : 0;
      return { source, edu, workStart: Math.min(workStart, t), joinedAt, village };
    };
    let c = career(o.source ?? chooseSource(unit, level, by, o.female, t));
    // Someone who could not have joined by now came in through the civil service exam.
    if (c.joinedAt > t) c = career('公务员考录');
    const { source, edu, workStart, village } = c;
    const joinedAt = Math.min(c.joinedAt, t);
    const [eduFull, degree] = eduLabel(edu);
    let eduIn: string | null = null;
    let eduInAt = 0;
    const upgrade = edu === 'mid' ? 0.6 : edu === 'college' ? 0.65 : edu === 'bachelor' ? 0.22 : 0;
    if (chance(upgrade)) {
      eduIn =
        edu === 'mid'
          ? pick(['在职大专', '中央党校大学', '在职大学'])
          : edu === 'college'
            ? pick(['在职大学', '中央党校大学', '省委党校大学'])
            : pick(['在职研究生', '中央党校研究生', '省委党校研究生', '在职硕士研究生']);
      eduInAt = workStart + between(36, 180);
    }

    // Party: members joined at university, in the army or at work; some young people join later.
    const outside = o.outside ?? false;
    const cpc = outside
      ? false
      : (o.cpc ??
        chance(
          level.startsWith('县处级')
            ? 0.97
            : level === '乡科级正职'
              ? 0.96
              : level === '乡科级副职'
                ? 0.93
                : age < 30
                  ? 0.68
                  : 0.86,
        ));
    let partyJoin: number | null = null;
    if (cpc) {
      const joinAge =
        source === '选调生'
          ? between(20, 22)
          : source === '军转干部'
            ? between(19, 23)
            : between(20, Math.max(20, Math.min(age, 32)));
      partyJoin = Math.min(t - (level === '科员' ? 0 : 13), birth + joinAge * 12 + between(0, 11));
      partyJoin = Math.max(partyJoin, birth + 18 * 12);
    } else if (!outside && age <= 31 && chance(0.55))
      partyJoin = t + between(6, Math.max(7, (34 - age) * 12));
    const league = age <= 30 && chance(0.6);
    const baseStatus = outside
      ? chance(0.8)
        ? pick(DEMOCRATIC_PARTIES)
        : '无党派人士'
      : league
        ? '共青团员'
        : level !== '科员' && chance(0.5)
          ? pick([...DEMOCRATIC_PARTIES, '无党派人士'])
          : '群众';

    const careerMonths = Math.max(0, t - workStart);
    const inSystem = Math.max(0, t - joinedAt);
    let grassroots = village;
    if (source === '选调生') grassroots += Math.min(inSystem, between(24, 48));
    if (unit.type !== '市直') grassroots += Math.round(inSystem * (0.7 + rnd() * 0.3));
    else if (chance(0.55)) grassroots += Math.round(inSystem * rnd() * 0.5);
    grassroots = Math.min(careerMonths, grassroots);

    const sur = pick(SURNAMES);
    const given = o.female ? GIVEN_FEMALE : GIVEN_MALE;
    const name = sur + pick(given) + (chance(0.7) ? pick(given) : '');
    const id = idPrefix + 'D' + String(seq).padStart(6, '0');
    return {
      id,
      name,
      gender,
      by,
      bm,
      idNumber: body + check,
      ethnicity,
      partyJoin,
      baseStatus,
      blankStatus: hash01(id + 'p') < 0.006,
      workStart,
      joinedAt,
      eduFull,
      degree,
      eduIn,
      eduInAt,
      source: source ? sourceLabel(source, region) : null,
      grassrootsMonths: grassroots,
      level,
      levelSinceT: t,
      levelSince: monthStart(t),
      postSince: monthStart(t),
      postSinceT: t,
      slot: null,
      reserve: null,
      movedAt: -1,
      secondment: null,
      ability: hash01(id + 'a') * 2 - 1,
      linger: hash01(id + 'r') < 0.12 ? (hash01(id + 'l') < 0.5 ? 1 : 2) : 0,
    };
  };

  const MIN_AGE: Record<Level, number> = {
    县处级正职: 36,
    县处级副职: 33,
    乡科级正职: 29,
    乡科级副职: 26,
    科员: 18,
  };
  const MIN_WORK: Record<Level, number> = {
    县处级正职: 120,
    县处级副职: 96,
    乡科级正职: 60,
    乡科级副职: 36,
    科员: 0,
  };
  const femaleShare = (s: Slot) =>
    Math.min(
      0.8,
      { 县处级正职: 0.07, 县处级副职: 0.11, 乡科级正职: 0.11, 乡科级副职: 0.15, 科员: 0.22 }[
        s.level
      ] * s.unit.femaleBias,
    );

  const place = (p: Person, s: Slot, t: number, date: string) => {
    if (p.slot) p.slot.holder = null;
    p.slot = s;
    s.holder = p;
    p.postSince = date;
    p.postSinceT = t;
    p.movedAt = t;
  };

  // Initial population at 2017-12: every post filled; exact young counts.
  const county = slots.filter((s) => s.level.startsWith('县处级'));
  const section = slots.filter((s) => s.level === '乡科级正职');
  if (county.length !== DEMO_COUNTS.countyLevel || section.length !== DEMO_COUNTS.sectionChief)
    throw new Error(`demo posts: ${county.length} 县处级, ${section.length} 正科`);
  // Of the 18 post-80 secretaries, a third are also among the young 正科 (aged ≤ 35).
  const secretaries = shuffled(section.filter((s) => s.kind === 'secretary'));
  const youngSlots = new Set<Slot>([
    ...shuffled(county.filter((s) => s.youngOk)).slice(0, DEMO_COUNTS.youngCounty),
    ...secretaries.slice(0, 6),
    ...shuffled(section.filter((s) => s.youngOk && s.kind !== 'secretary')).slice(
      0,
      DEMO_COUNTS.youngSection - 6,
    ),
  ]);
  const eightiesSecretaries = new Set<Slot>(secretaries.slice(0, DEMO_COUNTS.youngSecretaries));
  // Age at START is whole years; born ≥ 1980-01 means age ≤ 37 at 2017-12.
  for (const s of slots) {
    const female = chance(femaleShare(s));
    let age: number;
    const young = youngSlots.has(s);
    if (young)
      age = s.level.startsWith('县处级')
        ? fromProfile([34, 40, 40])
        : fromProfile([29, 35, 35], s.kind === 'secretary' ? 32 : 29);
    else if (eightiesSecretaries.has(s)) age = between(36, 37);
    else
      age = fromProfile(
        s.profile,
        s.level.startsWith('县处级')
          ? 41
          : s.level === '乡科级正职'
            ? s.kind === 'secretary'
              ? 38
              : 36
            : 0,
      );
    if (female && !s.level.startsWith('县处级') && age > 54)
      age = young ? age : between(Math.min(50, age), 54);
    const p = newPerson({
      level: s.level,
      age,
      t: START,
      unit: s.unit,
      female,
      outside: s.outside,
      yao: s.yao,
      cpc: s.outside ? false : s.level === '科员' ? undefined : !chance(0.02),
    });
    // Years at the level and in the post, within what age and service allow.
    const birth = mi(p.by, p.bm);
    const earliest =
      s.level === '科员'
        ? p.joinedAt
        : Math.max(birth + MIN_AGE[s.level] * 12, p.workStart + MIN_WORK[s.level], p.joinedAt);
    const span = Math.max(0, Math.min(START - earliest, 240));
    const levelSince = s.level === '科员' ? earliest : START - Math.floor(span * rnd() ** 1.4);
    const postSince = Math.max(
      levelSince,
      START - Math.floor(Math.min(START - levelSince, 120) * rnd() ** 1.3),
    );
    p.levelSinceT = Math.min(levelSince, START);
    p.levelSince = monthStart(p.levelSinceT);
    place(p, s, Math.min(postSince, START), monthStart(Math.min(postSince, START)));
    p.movedAt = -1;
  }

  // ---- Appointment rounds ----------------------------------------------------------------
  const authorities = [...new Set(slots.map((s) => s.authority))];
  const batches = new Map<number, { authority: string; name: string; day: number }[]>();
  for (const a of authorities)
    for (let y = 2018; y <= 2026; y++) {
      const per = a === '市委组织部' ? 3 : 4;
      const months = new Set<number>();
      // The city and the counties hold a year-end round (exchanges, 三个一批).
      if (a !== '市委组织部') months.add(12);
      while (months.size < per) months.add(between(1, 12));
      [...months]
        .sort((x, z) => x - z)
        .forEach((m, k) => {
          const t = mi(y, m);
          if (t <= START || t > END) return;
          if (!batches.has(t)) batches.set(t, []);
          batches
            .get(t)!
            .push({ authority: a, name: `${a}${y}年第${CN_NUM[k]}批`, day: between(6, 28) });
        });
    }

  const events: AppointmentEvent[] = [];
  const record = (
    p: Person,
    date: string,
    batch: string,
    from: Level | null,
    fromPost: string | null,
    to: Slot,
  ) =>
    events.push({
      person_id: p.id,
      name: p.name,
      date,
      batch,
      from_level: from,
      to_level: to.level,
      is_promotion: from === null || LEVELS.indexOf(to.level) < LEVELS.indexOf(from),
      from_post: fromPost,
      to_post: to.title,
    });

  // ---- Snapshots -------------------------------------------------------------------------
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
    'native_place',
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
    'is_principal',
    'reserve',
    'grassroots_years',
    'appraisals',
    'source',
    'secondment_type',
    'secondment_unit',
    'secondment_start',
    'secondment_end',
    'secondment_batch',
  ];
  for (const c of COLS) columns[c] = [];

  /** Annual appraisal of a year, the same in every snapshot that lists it. */
  const appraisal = (p: Person, year: number): string | null => {
    const key = p.id + ':' + year;
    if (hash01(key + 'm') < 0.025) return null;
    const r = hash01(key);
    const s = p.secondment;
    const seconded = s !== null && mi(year, 12) >= s.startT && mi(year, 1) <= s.endT;
    const excellent = (seconded ? 0.32 : 0.13) * (1 + p.ability * 0.7);
    const poor = p.ability < -0.9 ? 0.2 : 0.008;
    if (r < excellent) return '优秀';
    if (r > 1 - poor * 0.1) return '不称职';
    if (r > 1 - poor) return '基本称职';
    return '称职';
  };
  /** Counties write the appraisal history differently (DOMAIN.md §4). */
  const appraisalText = (p: Person, t: number, region: string): string | null => {
    if (hash01(p.id + 'e') < 0.015) return null;
    // A year's appraisal is on record from March of the next year.
    const last = Math.floor(t / 12) - ((t % 12) + 1 >= 3 ? 1 : 2);
    const items: [number, string][] = [];
    for (let y = last - 2; y <= last; y++) {
      if (p.joinedAt > mi(y, 6)) continue;
      const a = appraisal(p, y);
      if (a) items.push([y, a]);
    }
    if (!items.length) return null;
    const style = region === city ? 0 : regionIndex(region) % 4;
    if (style === 1) return items.map(([y, a]) => `${y}${a}`).join(',');
    if (style === 3)
      return items
        .reverse()
        .map(([y, a]) => `${y}年度${a}`)
        .join('；');
    return items.map(([y, a]) => `${y}年度${a}`).join('；');
  };
  const inServiceOnly = (p: Person, t: number) =>
    (p.eduIn !== null && p.eduInAt <= t && hash01(p.id + 'f') < 0.08) || hash01(p.id + 'u') < 0.01;
  const politicalStatus = (p: Person, t: number): string | null => {
    if (p.blankStatus) return null;
    if (p.partyJoin !== null && p.partyJoin <= t)
      return t - p.partyJoin < 12 ? '中共预备党员' : '中共党员';
    if (p.baseStatus === '共青团员' && ageAt(p, t) > 28) return '群众';
    return p.baseStatus;
  };
  const rankOf = (p: Person, s: Slot, t: number): string | null => {
    if (s.rank === null) return null;
    if (s.rank !== 'staff') return s.rank;
    const years = (t - p.joinedAt) / 12;
    const age = ageAt(p, t);
    if (years >= 20 && age >= 45) return '一级主任科员';
    if (years >= 15 && age >= 40) return '二级主任科员';
    if (years >= 11) return '三级主任科员';
    if (years >= 6 && age >= 27) return '四级主任科员';
    return '一级科员';
  };
  const reserveLabel = (p: Person) =>
    p.reserve === null
      ? null
      : p.reserve === '处级后备'
        ? p.level === '县处级副职'
          ? '正处级后备'
          : '副处级后备'
        : p.level === '乡科级副职'
          ? '正科级后备'
          : '副科级后备';

  let appraisalCache = new Map<string, string | null>();
  let appraisalYear = 0;
  const snapshot = (t: number) => {
    const date = monthEnd(t);
    const last = Math.floor(t / 12) - ((t % 12) + 1 >= 3 ? 1 : 2);
    if (last !== appraisalYear) [appraisalCache, appraisalYear] = [new Map(), last];
    const cols = COLS.map((c) => columns[c]);
    for (const s of slots) {
      const p = s.holder;
      if (!p) continue;
      const sec = p.secondment && p.secondment.startT <= t ? p.secondment : null;
      const row: Record<string, string | number | boolean | null> = {
        snapshot_date: date,
        person_id: p.id,
        name: p.name,
        id_number: p.idNumber,
        gender: p.gender,
        birth_date: `${p.by}-${String(p.bm).padStart(2, '0')}-01`,
        birth_precision: 'month',
        ethnicity: p.ethnicity,
        native_place: nativePlace(p),
        political_status: politicalStatus(p, t),
        party_join_date: isCpc(p, t) ? monthStart(p.partyJoin!) : null,
        work_start_date: monthStart(p.workStart),
        // Some records list only the in-service education (the full-time cell left blank), a few
        // no education at all, and some lack the grassroots years: the selection lists show
        // them as 待核实.
        education_fulltime: inServiceOnly(p, t) ? null : p.eduFull,
        degree_fulltime: inServiceOnly(p, t) ? null : p.degree,
        education_inservice:
          p.eduIn && p.eduInAt <= t && hash01(p.id + 'u') >= 0.01 ? p.eduIn : null,
        unit_id: s.unit.id,
        unit_name: s.unit.name,
        unit_type: s.unit.type,
        region: s.unit.region,
        post_title: s.title,
        level: s.level,
        rank: rankOf(p, s, t),
        level_since: p.levelSince,
        post_since: p.postSince,
        is_team_member: s.team,
        is_principal: s.principal,
        reserve: reserveLabel(p),
        grassroots_years:
          hash01(p.id + 'g') < 0.01 ? null : Math.round((p.grassrootsMonths / 12) * 10) / 10,
        appraisals: cachedAppraisals(p, t, s.unit.region),
        source: p.source,
        secondment_type: sec?.type ?? null,
        secondment_unit: sec?.unit ?? null,
        secondment_start: sec?.start ?? null,
        secondment_end: sec?.end ?? null,
        secondment_batch: sec?.batch ?? null,
      };
      for (let i = 0; i < COLS.length; i++) cols[i].push(row[COLS[i]]);
    }
  };
  // 籍贯: one of the city's counties, from the person's id (no draw of the generator, so every
  // other figure of the demo stays as it was).
  const places = REGIONS.map((r) => r.name.replace(/(瑶族自治县|县|区|市)$/, ''));
  const nativePlace = (p: Person) => places[Math.floor(hash01(p.id + 'j') * places.length)];
  const cachedAppraisals = (p: Person, t: number, region: string) => {
    const key = p.id + region;
    let text = appraisalCache.get(key);
    if (text === undefined) appraisalCache.set(key, (text = appraisalText(p, t, region)));
    return text;
  };

  // ---- Reserves (后备干部), refreshed each December --------------------------------------
  const refreshReserves = (t: number) => {
    const all = slots.filter((s) => s.holder).map((s) => s.holder!);
    for (const p of all) {
      if (!p.reserve) continue;
      const over =
        p.reserve === '处级后备'
          ? ageAt(p, t) > (p.level === '县处级副职' ? 50 : 47)
          : ageAt(p, t) > (p.level === '乡科级副职' ? 42 : 36);
      if (over || chance(0.18)) p.reserve = null;
    }
    const pool = (level: Level, maxAge: number, want: number, label: string) => {
      const have = all.filter((p) => p.level === level && p.reserve === label).length;
      const cands = all.filter(
        (p) =>
          p.level === level &&
          !p.reserve &&
          ageAt(p, t) <= maxAge &&
          t - p.joinedAt >= 24 &&
          (isCpc(p, t) || p.slot!.outside),
      );
      // Younger candidates are recommended more often.
      const scored = cands
        .map((p) => ({ p, s: rnd() + (maxAge - ageAt(p, t)) / 10 + p.ability * 0.3 }))
        .sort((a, b) => b.s - a.s);
      for (const { p } of scored.slice(0, Math.max(0, want - have))) p.reserve = label;
    };
    pool('乡科级正职', 46, 330, '处级后备');
    pool('县处级副职', 49, 45, '处级后备');
    pool('乡科级副职', 40, 620, '科级后备');
    pool('科员', 35, 760, '科级后备');
  };

  refreshReserves(START);
  if (wanted.includes(START)) snapshot(START);

  // ---- Simulation ------------------------------------------------------------------------
  const snapshotMonths = new Set(wanted);
  const policyWeight = (t: number) =>
    t < mi(2018, 6) ? 0.3 : Math.min(1.4, 0.3 + ((t - mi(2018, 6)) / 18) * 1.1);
  const MAX_PROMOTE_AGE: Record<Level, number> = {
    县处级正职: 55,
    县处级副职: 52,
    乡科级正职: 52,
    乡科级副职: 48,
    科员: 45,
  };
  const hireFor = (s: Slot, t: number, graduate: boolean, promoted = false): Person => {
    const female = chance(graduate ? 0.3 : femaleShare(s));
    if (graduate) {
      const master = chance(t >= mi(2019, 1) ? 0.3 : 0.18);
      const age = master ? between(25, 27) : between(22, 24);
      const town = s.unit.type === '乡镇街道';
      const source = chance(town ? 0.4 : s.unit.type === '县市区' ? 0.2 : 0.15)
        ? '选调生'
        : '公务员考录';
      const p = newPerson({ level: s.level, age, t, unit: s.unit, female, source, graduate });
      if (master) {
        p.eduFull = pick(['研究生', '硕士研究生']);
        p.degree = '硕士';
      }
      p.grassrootsMonths = 0;
      return p;
    }
    const town = s.unit.type === '乡镇街道';
    let age = promoted
      ? fromProfile(s.level === '乡科级副职' ? [26, 28, 40] : [29, 33, 48])
      : fromProfile(s.profile);
    if (female && !s.level.startsWith('县处级') && age > 54) age = between(45, 54);
    const source = promoted
      ? town && chance(0.3)
        ? '村(社区)干部'
        : '企事业单位'
      : s.level === '科员'
        ? pick(town ? ['村(社区)干部', '企事业单位', '军转干部'] : ['企事业单位', '军转干部'])
        : pick(['企事业单位', '军转干部', '公务员考录']);
    return newPerson({
      level: s.level,
      age: source === '村(社区)干部' ? Math.max(age, 30) : age,
      t,
      unit: s.unit,
      female,
      source,
      outside: s.outside,
      yao: s.yao,
      cpc: s.outside ? false : s.level === '科员' ? undefined : true,
    });
  };

  const rankOfLevel = (l: Level) => LEVELS.indexOf(l);
  const eduRank = (p: Person, t: number) => {
    const f = (e: string | null) =>
      e === null ? 0 : /研究生/.test(e) ? 4 : /专科|大专/.test(e) ? 2 : /本科|大学/.test(e) ? 3 : 1;
    return Math.max(f(p.eduFull), p.eduIn && p.eduInAt <= t ? f(p.eduIn) : 0);
  };
  const retiresAt = (p: Person, level = p.level) =>
    retirementMonth(p.by, p.bm, p.gender, level) + p.linger;
  const isChief = (s: Slot) => s.level === '科员' && /股长|办公室主任$/.test(s.title);

  const vacate = (s: Slot, t: number) => {
    const p = s.holder!;
    s.holder = null;
    p.slot = null;
    s.holdUntil =
      s.team && s.principal && chance(0.35)
        ? t + between(3, 10)
        : s.team && chance(0.15)
          ? t + between(2, 6)
          : t;
  };

  let pools = new Map<string, Person[]>();
  const poolKey = new Map(slots.map((s) => [s, `${s.level}|${s.unit.region}`]));
  const buildPools = () => {
    pools = new Map();
    for (const s of slots) {
      const p = s.holder;
      if (!p) continue;
      const key = poolKey.get(s)!;
      let list = pools.get(key);
      if (!list) pools.set(key, (list = []));
      list.push(p);
    }
  };
  const regionNames = REGIONS.map((r) => r.name);
  const MIN_MONTHS: Record<Level, number> = {
    县处级正职: 24,
    县处级副职: 36,
    乡科级正职: 24,
    乡科级副职: 36,
    科员: 0,
  };

  // The city steers appointments towards its targets (Yongzhou's 2018–2022 plan, Jinzhou's
  // township heads): where a population is behind its planned young share, candidates who
  // count as young are preferred; where it is well ahead, others are. The 副科 rules (Y5, Y6)
  // are left to the general youth policy, so they fall short.
  const countyTeam = (s: Slot) =>
    s.unit.type === '县市区' && s.team && s.level.startsWith('县处级');
  const cityTeam = (s: Slot) => s.unit.type === '市直' && s.team && s.level.startsWith('县处级');
  const ramp = (points: [number, number][]) => (t: number) => {
    if (t <= points[0][0]) return points[0][1];
    for (let i = 1; i < points.length; i++)
      if (t <= points[i][0]) {
        const [t0, v0] = points[i - 1];
        const [t1, v1] = points[i];
        return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
      }
    return points[points.length - 1][1];
  };
  interface Target {
    covers: (s: Slot) => boolean;
    /** The posts whose appointments are steered (default: those covered). */
    steers?: (s: Slot) => boolean;
    young: (p: Person, t: number) => boolean;
    plan: (t: number) => number;
  }
  const targets: Target[] = [
    {
      covers: (s) => s.level === '乡科级正职',
      young: (p, t) => ageAt(p, t) <= 35,
      plan: ramp([
        [mi(2018, 6), 0.05],
        [mi(2023, 12), 0.18],
      ]),
    },
    {
      covers: (s) => s.level.startsWith('县处级'),
      steers: (s) => s.level.startsWith('县处级') && !countyTeam(s) && !cityTeam(s),
      young: (p, t) => ageAt(p, t) <= 40,
      plan: ramp([
        [mi(2018, 6), 0.07],
        [mi(2023, 12), 0.172],
      ]),
    },
    {
      covers: countyTeam,
      young: (p, t) => ageAt(p, t) <= 40,
      plan: ramp([
        [mi(2018, 6), 0.07],
        [mi(2023, 12), 0.28],
      ]),
    },
    {
      covers: cityTeam,
      young: (p, t) => ageAt(p, t) <= 40,
      plan: ramp([
        [mi(2018, 6), 0.1],
        [mi(2023, 12), 0.19],
      ]),
    },
    {
      covers: (s) => s.kind === 'secretary',
      young: (p) => p.by >= 1980,
      plan: ramp([
        [mi(2018, 6), 0.1],
        [mi(2021, 12), 0.36],
        [END, 0.56],
      ]),
    },
    {
      covers: (s) => s.kind === 'head',
      young: (p) => p.by >= 1985,
      plan: ramp([
        [mi(2019, 1), 0.03],
        [mi(2024, 12), 0.25],
        [mi(2025, 11), 0.28],
        [mi(2025, 12), 0.42],
        [END, 0.5],
      ]),
    },
  ];
  const TARGETS = targets.map((x) => ({
    ...x,
    posts: slots.filter(x.covers),
    steers: x.steers ?? x.covers,
    behind: false,
    ahead: false,
  }));
  const assessTargets = (t: number) => {
    for (const g of TARGETS) {
      let n = 0;
      let young = 0;
      for (const s of g.posts)
        if (s.holder) {
          n++;
          if (g.young(s.holder, t)) young++;
        }
      const share = n ? young / n : 0;
      g.behind = share < g.plan(t);
      g.ahead = share > g.plan(t) + 0.012;
    }
  };

  /** The best of the sampled candidates for a vacant leading post, or null. */
  const choose = (s: Slot, t: number): Person | null => {
    const steer = TARGETS.filter((g) => (g.behind || g.ahead) && g.steers(s));
    const li = rankOfLevel(s.level);
    const below: Level =
      s.kind === 'secretary' ? '乡科级正职' : s.kind === 'head' ? '乡科级副职' : LEVELS[li + 1];
    // Older leading cadres move to people's congress, CPPCC and non-leading posts (改任职级).
    const senior = s.elder || (s.rank !== null && s.rank !== 'staff');
    const lateralP =
      s.kind === 'secretary'
        ? 1
        : s.kind === 'head'
          ? 0.3
          : senior
            ? 0.6
            : s.level === '乡科级正职' || s.level === '县处级副职'
              ? 0.15
              : 0.08;
    const region = s.unit.region;
    const w = policyWeight(t);
    let best: Person | null = null;
    let bestScore = -Infinity;
    const tries = s.level.startsWith('县处级') ? 30 : 60;
    for (let k = 0; k < tries; k++) {
      const lateral = chance(lateralP);
      const level = lateral ? s.level : below;
      const r = rnd();
      const from = s.level.startsWith('县处级')
        ? r < 0.55
          ? region
          : r < 0.75
            ? city
            : pick(regionNames)
        : s.authority === '市委组织部'
          ? r < 0.65
            ? city
            : pick(regionNames)
          : r < 0.97
            ? region
            : city;
      const src = pools.get(`${level}|${from}`);
      if (!src || !src.length) continue;
      const p = pick(src);
      if (!p.slot || p.movedAt === t || p.level !== level || p.slot === s) continue;
      const age = ageAt(p, t);
      const promotion = level !== s.level;
      if (promotion) {
        if (t - p.levelSinceT < MIN_MONTHS[s.level]) continue;
        if (age < MIN_AGE[s.level] || age > MAX_PROMOTE_AGE[s.level]) continue;
        if (s.level === '县处级副职' && (t - p.workStart < 60 || p.grassrootsMonths < 24)) continue;
      } else if (t - p.postSinceT < 24 || (age > 57 && !senior)) continue;
      if (retiresAt(p, s.level) - t < (senior ? 12 : 24)) continue;
      if (eduRank(p, t) < (li <= 2 ? 2 : 1)) continue;
      if (s.outside ? isCpc(p, t) : !isCpc(p, t) || t - p.partyJoin! < 12) continue;
      if (s.yao && p.ethnicity !== '瑶族') continue;
      const sec = p.secondment;
      let score =
        rnd() +
        (senior ? clamp((age - 52) / 4, -1, 1.5) : w * clamp((s.pivot - age) / 5, -1.5, 1)) +
        p.ability * 0.3 +
        (promotion ? 0 : -0.2);
      if (p.reserve && (p.reserve === '处级后备') === s.level.startsWith('县处级')) score += 0.5;
      if (sec && t - sec.startT >= 6 && t - sec.endT <= 36) score += 0.6;
      if (p.slot.unit === s.unit) score += 0.3;
      if (senior && countyTeam(p.slot) && p.slot.unit.region === s.unit.region) score += 1;
      if (s.unit.type === '乡镇街道' && p.slot.unit.type === '乡镇街道') score += 0.3;
      if (s.kind === 'secretary')
        score += p.slot.kind === 'head' ? 1.6 : p.slot.kind === 'deputy' ? 0.8 : 0;
      if (s.kind === 'head' && p.slot.kind === 'deputy') score += 1;
      if ((s.unit.kind === 'cw' || s.unit.kind === 'gov') && p.slot.kind === 'secretary')
        score += 1;
      for (const g of steer) if (g.young(p, t)) score += g.behind ? 2.5 : -2.5;
      if (score > bestScore) [best, bestScore] = [p, score];
    }
    return best;
  };

  /** A 股长 post goes to an experienced 科员 of the same county or city. */
  const chooseChief = (s: Slot, t: number): Person | null => {
    const src = pools.get(`科员|${s.unit.region}`) ?? [];
    let best: Person | null = null;
    let bestScore = -Infinity;
    for (let k = 0; k < 20 && src.length; k++) {
      const p = pick(src);
      if (!p.slot || p.movedAt === t || p.level !== '科员' || isChief(p.slot)) continue;
      if (t - p.joinedAt < 48 || ageAt(p, t) < 27) continue;
      const score = rnd() + p.ability * 0.3 + (p.slot.unit === s.unit ? 0.5 : 0);
      if (score > bestScore) [best, bestScore] = [p, score];
    }
    return best;
  };

  const promote = (p: Person, s: Slot, t: number, date: string) => {
    const promoted = p.level !== s.level;
    place(p, s, t, date);
    if (!promoted) return;
    p.level = s.level;
    p.levelSinceT = t;
    p.levelSince = date;
    if (p.reserve === '处级后备' && s.level.startsWith('县处级')) p.reserve = null;
    if (p.reserve === '科级后备' && s.level !== '科员') p.reserve = null;
  };

  const runBatch = (b: { authority: string; name: string; day: number }, t: number) => {
    const date = dayOf(t, b.day);
    assessTargets(t);
    // Year-end exchanges (交流). In counties, township principals aged 50+ (三个一批, from 2019)
    // and those five years or more in post swap with county-bureau 正科 leaders aged 32–45; in
    // the city's round, county team deputies aged 52+ or five years or more in post swap with
    // city-department deputies aged 36–46.
    if (t % 12 === 11) {
      const county = b.authority !== '市委' && b.authority !== '市委组织部';
      for (const s of slots) {
        const p = s.holder;
        if (!p || s.authority !== b.authority || p.movedAt === t) continue;
        if (county ? s.kind === 'other' : !countyTeam(s) || s.principal || s.elder) continue;
        const old = ageAt(p, t) >= (county ? 50 : 52) && t >= mi(2019, 12) && chance(0.4);
        if (!old && !(t - p.postSinceT >= 60 && chance(0.3))) continue;
        const steer = TARGETS.filter((g) => (g.behind || g.ahead) && g.steers(s));
        let other: Person | null = null;
        let best = -Infinity;
        for (const q of pools.get(`${s.level}|${county ? s.unit.region : city}`) ?? []) {
          const a = ageAt(q, t);
          if (!q.slot || q.movedAt === t || !isCpc(q, t) || t - q.postSinceT < 24) continue;
          if (county) {
            if (q.slot.unit.kind !== 'bureau' || q.slot.rank !== null) continue;
            if (a < (old ? 36 : 32) || a > 45) continue;
          } else if (q.slot.unit.kind !== 'dept' || !q.slot.team || a < 36 || a > 46) continue;
          let score = rnd();
          for (const g of steer) if (g.young(q, t)) score += g.behind ? 2.5 : -2.5;
          if (score > best) [other, best] = [q, score];
        }
        if (!other) continue;
        const q = other.slot!;
        const [pt, ot] = [s.title, q.title];
        q.holder = null;
        other.slot = null;
        place(p, q, t, date);
        place(other, s, t, date);
        record(p, date, b.name, p.level, pt, q);
        record(other, date, b.name, other.level, ot, s);
        if (steer.length) assessTargets(t);
      }
      // Team members eight years or more in one post are exchanged with a peer elsewhere.
      for (const s of slots) {
        const p = s.holder;
        if (!p || s.authority !== b.authority || !s.team || s.outside || s.yao) continue;
        if (p.movedAt === t || t - p.postSinceT < 96 || !chance(0.35)) continue;
        const src = pools.get(`${s.level}|${chance(0.7) ? s.unit.region : city}`) ?? [];
        for (let k = 0; k < 40 && src.length; k++) {
          const other = pick(src);
          const q = other.slot;
          if (!q || q.unit === s.unit || q.authority !== b.authority || other.movedAt === t)
            continue;
          if (!q.team || q.outside || q.yao || q.kind !== s.kind || t - other.postSinceT < 36)
            continue;
          const [pt, ot] = [s.title, q.title];
          q.holder = null;
          other.slot = null;
          place(p, q, t, date);
          place(other, s, t, date);
          record(p, date, b.name, p.level, pt, q);
          record(other, date, b.name, other.level, ot, s);
          break;
        }
      }
    }
    const queue: Slot[][] = LEVELS.map(() => []);
    for (const s of slots)
      if (!s.holder && s.authority === b.authority && s.holdUntil <= t)
        queue[rankOfLevel(s.level)].push(s);
    for (let li = 0; li < LEVELS.length; li++) {
      const q = queue[li];
      while (q.length) {
        const s = q.pop()!;
        if (s.level === '科员') {
          const p = isChief(s) ? chooseChief(s, t) : null;
          if (p) {
            const old = p.slot!;
            place(p, s, t, date);
            old.holdUntil = t;
          } else if (chance(0.25)) place(hireFor(s, t, false), s, t, date);
          continue;
        }
        // Many 科级 posts go to people from outside the civil service (事业单位, enterprises,
        // village Party secretaries): they enter the roster at that level.
        const outsideShare =
          s.level === '乡科级副职'
            ? s.unit.kind === 'bureau'
              ? 0.3
              : 0.44
            : s.level === '乡科级正职'
              ? 0.12
              : 0;
        if (!s.outside && !s.yao && s.rank === null && chance(outsideShare)) {
          const h = hireFor(s, t, false, true);
          h.levelSince = date;
          place(h, s, t, date);
          record(h, date, b.name, null, null, s);
          continue;
        }
        const p = choose(s, t);
        if (p) {
          const old = p.slot!;
          const from = p.level;
          promote(p, s, t, date);
          record(p, date, b.name, from, old.title, s);
          if (old.authority === b.authority && !(old.team && chance(0.1)))
            queue[rankOfLevel(old.level)].push(old);
          else old.holdUntil = old.authority === b.authority ? t + between(1, 4) : t;
        } else {
          const h = hireFor(s, t, false);
          h.levelSince = date;
          place(h, s, t, date);
          record(h, date, b.name, s.level, null, s);
        }
      }
    }
  };

  const launchCohort = (c: (typeof COHORTS)[number], t: number) => {
    const day = between(1, 25);
    const start = dayOf(t, day);
    const endT = t + c.term;
    const end = dayOf(endT, day);
    const holders = slots.filter((s) => s.holder).map((s) => s.holder!);
    const eligible = holders.filter((p) => {
      const age = ageAt(p, t);
      const max = p.level.startsWith('县处级') ? 45 : p.level === '科员' ? 35 : 40;
      return (
        !p.secondment &&
        age <= max &&
        eduRank(p, t) >= 2 &&
        t - p.joinedAt >= 24 &&
        retiresAt(p) - t > c.term + 12 &&
        !(p.slot!.principal && p.slot!.team)
      );
    });
    const quota: [(p: Person) => boolean, number][] = [
      [(p) => p.level.startsWith('县处级'), 0.24],
      [(p) => p.level === '乡科级正职', 0.36],
      [(p) => p.level === '乡科级副职', 0.3],
      [(p) => p.level === '科员', 0.1],
    ];
    const members: Person[] = [];
    for (const [test, share] of quota) {
      const scored = eligible
        .filter(test)
        .map((p) => ({ p, s: rnd() + (p.reserve ? 0.8 : 0) + (40 - ageAt(p, t)) / 12 }))
        .sort((a, b) => b.s - a.s);
      members.push(...scored.slice(0, Math.round(c.n * share)).map((x) => x.p));
    }
    const towns = units.filter((u) => u.kind === 'town');
    for (const p of members) {
      const home = p.slot!.unit;
      const r = rnd();
      let type: string;
      let unit: string;
      if (home.type === '市直') {
        type = r < 0.3 ? '上挂' : r < 0.65 ? '下挂' : r < 0.82 ? '平挂' : '外挂';
        unit =
          type === '上挂'
            ? pick(PROVINCE_UNITS)
            : type === '下挂'
              ? pick(towns).name
              : type === '平挂'
                ? pick(LATERAL_UNITS.filter((n) => n !== home.name))
                : pick(PARTNER_UNITS);
      } else {
        const town = home.type === '乡镇街道';
        type =
          r < (town ? 0.55 : 0.4) ? '上挂' : !town && r < 0.7 ? '下挂' : r < 0.85 ? '平挂' : '外挂';
        unit =
          type === '上挂'
            ? pick(cityUnits).name
            : type === '下挂'
              ? `${pick(towns.filter((u) => u.region === home.region)).name}${pick(TOWNSHIP_HEADS)}${pick(TOWNSHIP_TAILS)}村`
              : type === '平挂'
                ? pick(LATERAL_UNITS)
                : pick(PARTNER_UNITS);
      }
      p.secondment = { type, unit, start, end, batch: c.batch, startT: t, endT };
    }
  };

  for (let t = START + 1; t <= END; t++) {
    // Leave: retirement (some a month or two late, while procedures run) and other exits.
    for (const s of slots) {
      const p = s.holder;
      if (!p) continue;
      if (s.unit.type !== '市直') p.grassrootsMonths++;
      // Other exits: transfers out of the system, mostly mid-career, and early retirement
      // after 30 years of service for 科级 cadres and staff aged 55 or more.
      const a = ageAt(p, t);
      const early = a >= 55 && !p.level.startsWith('县处级') && t - p.workStart >= 360;
      const leave = early ? 0.004 : a < 28 ? 0.001 : a < 46 ? 0.0016 : 0.0005;
      if (retiresAt(p) <= t || chance(leave)) vacate(s, t);
    }
    for (const c of COHORTS) if (c.start === t) launchCohort(c, t);
    const today = batches.get(t);
    if (today) {
      buildPools();
      for (const b of today) runBatch(b, t);
    }
    // Recruitment: graduates start in September.
    if (t % 12 === 8)
      for (const s of slots)
        if (!s.holder && s.level === '科员' && (!isChief(s) || t - s.holdUntil > 12))
          place(hireFor(s, t, true), s, t, dayOf(t, 1));
    if (t % 12 === 11) refreshReserves(t);
    if (snapshotMonths.has(t)) snapshot(t);
  }
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    units,
    columns,
    snapshots: [...snapshotMonths].sort((a, b) => a - b).map(monthEnd),
    events,
  };
}
