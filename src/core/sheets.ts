import { SUMMARY_SHEET } from './fields.ts';

/** A county sheet's name as a 县市区 (零陵区, 祁阳县, 龙泉市, 市直单位), or null (Sheet2, 2024年). */
export const regionOfSheet = (sheet: string): string | null => {
  const name = sheet.trim();
  return /^(?:[^\d\s]{1,10}(?:县|区|市|旗)|市直|市本级|市直单位|市直机关)$/u.test(name)
    ? name
    : null;
};

/** Words that name a group of units or a list of people, not one unit (乡镇街道, 国企高校, 各科室). */
const NOT_ONE_UNIT =
  /^(各|全|所有)|乡镇|乡、镇|镇街|国企|高校|科室|县直|市直|区直|直属|单位$|部门$|企业$|机关$|系统$|名册|干部|人员|花名|统计|汇总|后备|退休|调出|对象/;

/**
 * A unit sheet's name as the unit (永州市财政局, 珠山镇, 石岩头街道, 零陵区人民政府): Chinese words
 * ending like a unit's name (unit_name_end in ingest.sql); null for a county's name (regionOfSheet),
 * a group of units (乡镇街道, 国企高校), a list (干部名册, 后备干部), a month or Sheet1.
 */
export const unitOfSheet = (sheet: string): string | null => {
  const name = sheet.trim();
  if (regionOfSheet(name) || SUMMARY_SHEET.test(name) || NOT_ONE_UNIT.test(name)) return null;
  return /^[\p{Script=Han}（）()·]{2,40}?(局|委员会|委|办公室|办|院|人民政府|政府|镇|乡|街道办事处|街道|中心|所|队|站|会|[^干\P{Script=Han}]部|厅|处|馆|校|公司|集团|社|行|署|室|团|联|庭)$/u.test(
    name,
  )
    ? name
    : null;
};

/**
 * A sheet named for a group of units (县直单位, 乡镇街道, 国有企业): a part of a roster split by
 * kind of unit, whose name says nothing of its rows' county or unit.
 */
export const unitGroupOfSheet = (sheet: string): boolean =>
  /^(?:县直|区直|市直|旗直|县市区|乡镇|街道|乡镇街道|镇街|乡镇[(（]街道[)）]|国企|国有企业|高校|事业单位|党群|政府)(?:单位|部门|机关|系统)?$/u.test(
    sheet.trim(),
  );

/** The unit type a sheet named for a group of units says (县直单位 → 县市区), or null. */
export const unitTypeOfSheet = (sheet: string): string | null => {
  if (!unitGroupOfSheet(sheet)) return null;
  const name = sheet.trim();
  if (/^(?:县直|区直|旗直|县市区)/u.test(name)) return '县市区';
  if (/^市直/u.test(name)) return '市直';
  if (/^(?:乡镇|街道|镇街)/u.test(name)) return '乡镇街道';
  return null;
};
