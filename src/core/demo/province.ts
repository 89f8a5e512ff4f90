import { generateDemoCity, type DemoCity, type DemoOptions } from './generate.ts';

/**
 * A fictional province for benchmarks and the native engine: many demo cities, each generated
 * with its own seed (so its people, ages and careers are its own, not copies), renamed so that
 * people, units and counties/districts are distinct across cities. Each city brings about
 * 17,700 cadres, 648 units and 12 counties/districts (its 11 and 市本级): a million people make
 * 57 cities, about 36,900 units and 684 counties/districts.
 */
export const CADRES_PER_CITY = 17_665;

export function cityCode(k: number): string {
  return 'C' + String(k + 1).padStart(2, '0');
}

/** City `k` (0, 1, …) of the province, with snapshots at `months` (see `lastMonths`). */
export function provinceCity(k: number, months: number[]): DemoCity {
  const code = cityCode(k);
  // Each city its own province and prefecture digits in the 身份证号 (11 10, 11 11, …, 12 10 for
  // the 91st), as in life: else two cities' people shared numbers.
  const options: DemoOptions = {
    snapshotMonths: months,
    idPrefix: code,
    areaCode: `${11 + Math.floor(k / 90)}${(k % 90) + 10}`,
  };
  const city = generateDemoCity(20171231 + 7919 * (k + 1), options);
  const unitId = (id: string | null) => (id === null ? null : `${code}-${id}`);
  const region = (r: string | null) => (r === null ? null : `${code}${r}`);
  const cols = city.columns;
  cols.unit_id = cols.unit_id.map((v) => unitId(v as string | null));
  cols.region = cols.region.map((v) => region(v as string | null));
  return {
    ...city,
    units: city.units.map((u) => ({
      ...u,
      id: unitId(u.id)!,
      region: region(u.region)!,
      parent: unitId(u.parent),
    })),
  };
}
