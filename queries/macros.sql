-- Normalisation and reference-date macros shared by the loader and every metric.
-- The norm_* category macros take cleaned text: trimmed, with '' already turned into NULL.
-- Text with surrounding spaces removed, '' as NULL. trim() copies every string; testing the ends
-- first leaves the usual clean value alone (a million-row roster normalises 3 s faster).
CREATE OR REPLACE MACRO norm_text(x) AS CASE
  WHEN prefix(CAST(x AS VARCHAR), ' ') OR suffix(CAST(x AS VARCHAR), ' ')
    THEN nullif(trim(CAST(x AS VARCHAR)), '')
  ELSE nullif(CAST(x AS VARCHAR), '') END;

-- A date cell without what offices write around it: a note in brackets (出生年月(岁) as
-- `1975.03(49岁)`), a trailing 出生, dot or day 00 (`1985年3月出生`, `1985.3.`, `1985.07.00`,
-- `19850700`), and a dash, comma or 、 between year and month (`1985—03`, `1985,03`, `1985、07`).
CREATE OR REPLACE MACRO date_text(x) AS CASE
  WHEN regexp_matches(norm_text(x), '[)）.。生]$|[—–－,，、]|\.00$|^[12][0-9]{5}00$')
    THEN nullif(trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(norm_text(x),
      '[(（][^()（）]*[)）]$', ''), '\s*(出生|生)$|[.。]$|\.00$', ''), '^([12][0-9]{5})00$', '\1'),
      '[—–－,，、]', '-', 'g')), '')
  ELSE norm_text(x) END;

-- A year in two digits (85.03, 85年3月, 05.07) with its century: 20 up to 30, else 19 (a birth
-- of 2031 or a cadre born in 1930 would be refused either way); not a month before its year
-- (07.1985).
CREATE OR REPLACE MACRO date_text_y(x) AS regexp_replace(regexp_replace(date_text(x),
  '^([0-2][0-9]|30)([.年/\-][0-9]{1,2}([^0-9]|$))', '20\1\2'),
  '^([3-9][0-9])([.年/\-][0-9]{1,2}([^0-9]|$))', '19\1\2');

-- Excel serial numbers (5 digits) and the written shapes of DOMAIN.md §2. The *_y macros take
-- text already through date_text_y: a macro repeats its argument wherever it uses it, and
-- parse_date over a raw cell expanded date_text 16 times (planning a load's statement took 0.3 s).
-- A year past 2100 is a misread, not a date: 850310 (YYMMDD) would be the year 8503.
CREATE OR REPLACE MACRO parse_date_y(y) AS CASE
  WHEN regexp_full_match(y, '[0-9]{5}(\.[0-9]+)?')
    THEN DATE '1899-12-30' + CAST(floor(CAST(y AS DOUBLE)) AS INTEGER)
  ELSE list_transform([CAST(try_strptime(y, ['%Y-%m-%d', '%Y-%m', '%Y.%m.%d', '%Y.%m', '%Y%m%d',
    '%Y%m', '%Y/%m/%d', '%Y/%m', '%Y年%m月%d日', '%Y年%m月', '%Y-%m-%d %H:%M:%S',
    '%Y-%m-%dT%H:%M:%S', '%Y年%m', '%Y.%m月', '%m/%Y', '%m.%Y']) AS DATE)],
    d -> CASE WHEN year(d) BETWEEN 1000 AND 2100 THEN d END)[1]
  END;
CREATE OR REPLACE MACRO parse_date(x) AS parse_date_y(date_text_y(x));

-- A level from its grade word (厅/局, 县/处, 乡/科/镇) and 正 or 副.
CREATE OR REPLACE MACRO level_words(grade, side) AS CASE
  WHEN grade IN ('厅局', '厅', '局') THEN '厅局级'
  WHEN grade IN ('县处', '县', '处') THEN '县处级'
  ELSE '乡科级' END || CASE side WHEN '正' THEN '正职' ELSE '副职' END;

CREATE OR REPLACE MACRO norm_level_words(x) AS CASE
  WHEN x IN ('厅局级正职', '正厅', '正厅级', '正局级', '1A21') THEN '厅局级正职'
  WHEN x IN ('厅局级副职', '副厅', '副厅级', '副局级', '1A22') THEN '厅局级副职'
  WHEN x IN ('县处级正职', '正处', '正处级', '正县', '正县级', '1A31') THEN '县处级正职'
  WHEN x IN ('县处级副职', '副处', '副处级', '副县', '副县级', '1A32') THEN '县处级副职'
  WHEN x IN ('乡科级正职', '正科', '正科级', '正乡', '正乡级', '1A41') THEN '乡科级正职'
  WHEN x IN ('乡科级副职', '副科', '副科级', '副乡', '副乡级', '1A42') THEN '乡科级副职'
  WHEN x IN ('科员', '科员级', '1A50') THEN '科员'
  WHEN x IN ('办事员', '办事员级', '1A60') THEN '办事员'
  -- Other wordings: 正科级领导职务, 副乡科级, 正县处级, 副科(试用期) (正/副 before the grade) and
  -- 科级正职, 县级副职, 乡镇级正职 (after it); never a 职级 (一级主任科员, 二级调研员) nor a
  -- treatment grade (享受正科级待遇).
  WHEN regexp_matches(x, '科员|调研员|巡视员|办事员|非领导|待遇') THEN NULL
  WHEN regexp_matches(x, '[正副](厅局|厅|局|县处|县|处|乡科|乡镇|乡|科|镇)') THEN level_words(
    regexp_extract(x, '([正副])(厅局|厅|局|县处|县|处|乡科|乡镇|乡|科|镇)', 2),
    regexp_extract(x, '([正副])(厅局|厅|局|县处|县|处|乡科|乡镇|乡|科|镇)', 1))
  WHEN regexp_matches(x, '(厅局|厅|局|县处|县|处|乡科|乡镇|乡|科|镇)级?[正副]职') THEN level_words(
    regexp_extract(x, '(厅局|厅|局|县处|县|处|乡科|乡镇|乡|科|镇)级?([正副])职', 1),
    regexp_extract(x, '(厅局|厅|局|县处|县|处|乡科|乡镇|乡|科|镇)级?([正副])职', 2))
  ELSE NULL END;
-- A level with a treatment grade beside it (正科级（享受副县级待遇）) is the level; a treatment
-- grade alone (享受正科级待遇) is none.
CREATE OR REPLACE MACRO norm_level(x) AS norm_level_words(CASE WHEN contains(x, '待遇')
  THEN nullif(trim(regexp_replace(x, '[（(，,、]?\s*享受[^（）()，,、]*待遇\s*[)）]?', '')), '')
  ELSE x END);

CREATE OR REPLACE MACRO norm_bool(x) AS CASE
  WHEN x IN ('是', 'Y', 'y', 'yes', 'Yes', 'true', 'TRUE', 'True', '1', '√', '✓', '✔', '☑')
    -- 是（兼）, 是(挂职): a yes with a remark.
    OR regexp_full_match(x, '班子成员|正职|领导班子成员|是\s*[(（].*[)）]') THEN true
  WHEN x IN ('否', 'N', 'n', 'no', 'No', 'false', 'FALSE', 'False', '0', '×', '✗') THEN false
  ELSE NULL END;

-- The prefecture-level cities (地级市) and the four municipalities, without 市: "永州市" in a
-- 县市区 column or at the head of a unit's name is the city's own level, "祁阳市" (a county-level
-- city) is not, which the words alone cannot tell.
CREATE OR REPLACE MACRO is_prefecture(x) AS list_contains(['北京', '天津', '上海', '重庆',
  '石家庄', '唐山', '秦皇岛', '邯郸', '邢台', '保定', '张家口', '承德', '沧州', '廊坊', '衡水',
  '太原', '大同', '阳泉', '长治', '晋城', '朔州', '晋中', '运城', '忻州', '临汾', '吕梁',
  '呼和浩特', '包头', '乌海', '赤峰', '通辽', '鄂尔多斯', '呼伦贝尔', '巴彦淖尔', '乌兰察布',
  '沈阳', '大连', '鞍山', '抚顺', '本溪', '丹东', '锦州', '营口', '阜新', '辽阳', '盘锦', '铁岭',
  '朝阳', '葫芦岛', '长春', '吉林', '四平', '辽源', '通化', '白山', '松原', '白城',
  '哈尔滨', '齐齐哈尔', '鸡西', '鹤岗', '双鸭山', '大庆', '伊春', '佳木斯', '七台河', '牡丹江',
  '黑河', '绥化', '南京', '无锡', '徐州', '常州', '苏州', '南通', '连云港', '淮安', '盐城', '扬州',
  '镇江', '泰州', '宿迁', '杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山',
  '台州', '丽水', '合肥', '芜湖', '蚌埠', '淮南', '马鞍山', '淮北', '铜陵', '安庆', '黄山', '滁州',
  '阜阳', '宿州', '六安', '亳州', '池州', '宣城', '福州', '厦门', '莆田', '三明', '泉州', '漳州',
  '南平', '龙岩', '宁德', '南昌', '景德镇', '萍乡', '九江', '新余', '鹰潭', '赣州', '吉安', '宜春',
  '抚州', '上饶', '济南', '青岛', '淄博', '枣庄', '东营', '烟台', '潍坊', '济宁', '泰安', '威海',
  '日照', '临沂', '德州', '聊城', '滨州', '菏泽', '郑州', '开封', '洛阳', '平顶山', '安阳', '鹤壁',
  '新乡', '焦作', '濮阳', '许昌', '漯河', '三门峡', '南阳', '商丘', '信阳', '周口', '驻马店',
  '武汉', '黄石', '十堰', '宜昌', '襄阳', '鄂州', '荆门', '孝感', '荆州', '黄冈', '咸宁', '随州',
  '长沙', '株洲', '湘潭', '衡阳', '邵阳', '岳阳', '常德', '张家界', '益阳', '郴州', '永州', '怀化',
  '娄底', '广州', '韶关', '深圳', '珠海', '汕头', '佛山', '江门', '湛江', '茂名', '肇庆', '惠州',
  '梅州', '汕尾', '河源', '阳江', '清远', '东莞', '中山', '潮州', '揭阳', '云浮', '南宁', '柳州',
  '桂林', '梧州', '北海', '防城港', '钦州', '贵港', '玉林', '百色', '贺州', '河池', '来宾', '崇左',
  '海口', '三亚', '三沙', '儋州', '成都', '自贡', '攀枝花', '泸州', '德阳', '绵阳', '广元', '遂宁',
  '内江', '乐山', '南充', '眉山', '宜宾', '广安', '达州', '雅安', '巴中', '资阳', '贵阳', '六盘水',
  '遵义', '安顺', '毕节', '铜仁', '昆明', '曲靖', '玉溪', '保山', '昭通', '丽江', '普洱', '临沧',
  '拉萨', '日喀则', '昌都', '林芝', '山南', '那曲', '西安', '铜川', '宝鸡', '咸阳', '渭南', '延安',
  '汉中', '榆林', '安康', '商洛', '兰州', '嘉峪关', '金昌', '白银', '天水', '武威', '张掖', '平凉',
  '酒泉', '庆阳', '定西', '陇南', '西宁', '海东', '银川', '石嘴山', '吴忠', '固原', '中卫',
  '乌鲁木齐', '克拉玛依', '吐鲁番', '哈密'], x);

-- Whether a text is a prefecture's name and nothing else (永州市; not 祁阳市, not 永州市宁远县).
CREATE OR REPLACE MACRO is_prefecture_name(x) AS
  regexp_full_match(x, '\p{Han}{2,4}市') AND is_prefecture(left(x, -1));

-- The prefecture a text starts with ("永州" of 永州市宁远县, 中共永州市委组织部), else NULL.
CREATE OR REPLACE MACRO prefecture_prefix(x) AS CASE
  WHEN is_prefecture(regexp_extract(x, '^(?:中共)?(\p{Han}{2,4}?)市', 1))
    THEN regexp_extract(x, '^(?:中共)?(\p{Han}{2,4}?)市', 1) END;

-- A township's unit name, and which kind: 'street' (东风街道, 东风街道办事处, 中共东风街道工作委员会),
-- 'town' (珠山镇, 白沙乡人民政府, 城关镇党委, 中共保安镇委员会, 中共鲤溪镇委); NULL for any other unit.
CREATE OR REPLACE MACRO township_kind(name) AS CASE
  WHEN regexp_matches(name,
      '街道(党委|党工委|工委|党工作委员会|工作委员会|委员会|委|人民政府|政府|办事处|办)?$')
    THEN 'street'
  WHEN regexp_matches(name, '(乡|镇)(党委|党工委|委员会|委|人民政府|政府|办事处)?$') THEN 'town' END;

-- A text without the prefecture at its head (永州市宁远县财政局 → 宁远县财政局, 中共永州市委… → 委…).
CREATE OR REPLACE MACRO after_prefecture(x) AS CASE
  WHEN prefecture_prefix(x) IS NULL THEN x
  ELSE regexp_replace(x, '^(?:中共)?\p{Han}{2,4}?市', '') END;

-- Whether a unit's name starts with a county, a district or a county-level city (东安县委,
-- 零陵区财政局, 祁阳市财政局, 永州市宁远县财政局), not with the prefecture itself.
CREATE OR REPLACE MACRO names_county(name) AS
  regexp_matches(after_prefecture(name), '^(中共)?([^市县区旗]{1,8}(县|区|旗)|\p{Han}{2,3}市)');

-- A unit's type when the roster has no 单位类型 (or one in other words): a township by its name;
-- else 市直 when its 县市区 says the city's own level (市直, 市本级), 县市区 when it names a
-- county; a 县市区 naming the prefecture itself (永州市, or a city of a province's roster) makes
-- its units 市直 unless their name starts with a county's (长沙县财政局); without a 县市区, by the
-- name's first words (市财政局, 中共市委…, 永州市教育局 / 零陵区财政局, 东安县委, 祁阳市财政局 —
-- a county-level city — and 永州市宁远县财政局). NULL when none of these says.
CREATE OR REPLACE MACRO unit_type_of(name, region) AS CASE
  WHEN township_kind(name) IS NOT NULL THEN '乡镇街道'
  WHEN regexp_matches(region, '市直|市本级|市级|本级|直属') THEN '市直'
  WHEN is_prefecture_name(region)
    THEN CASE WHEN names_county(name) THEN '县市区' ELSE '市直' END
  WHEN nullif(trim(region), '') IS NOT NULL THEN '县市区'
  WHEN regexp_matches(name, '^(中共)?(市|团市委)') THEN '市直'
  -- A county's department named without the county (县财政局, 区委办公室, in a county's roster).
  WHEN regexp_matches(name, '^(中共)?(县|旗|团县委|团区委|区[^域])') THEN '县市区'
  WHEN names_county(name) THEN '县市区'
  WHEN prefecture_prefix(name) IS NOT NULL THEN '市直' END;

-- Whole months from s to r: a month counts once r's day of the month reaches s's (years in
-- post and at a level, to the day a roster gives).
CREATE OR REPLACE MACRO full_months(s, r) AS CAST(
  (year(r) * 12 + month(r)) - (year(s) * 12 + month(s)) - CASE WHEN day(r) < day(s) THEN 1 ELSE 0 END
  AS INTEGER);

-- Whole months from one snapshot to a later date: two month-ends are whole months apart
-- (2024-12-31 to 2025-06-30 is six), else as full_months.
CREATE OR REPLACE MACRO month_end_months(s, r) AS CASE
  WHEN s = last_day(s) AND r = last_day(r) THEN CAST(date_diff('month', s, r) AS INTEGER)
  ELSE full_months(s, r) END;

-- Whole years (周岁) at the reference date, month precision (DOMAIN.md §2): the months between
-- the two months (date_diff counts month boundaries, not days), floored to years. The offset
-- makes `//`, which truncates, floor a negative count too. One date_diff instead of four
-- year/month extractions: every metric and the age filter compute it per row.
CREATE OR REPLACE MACRO age_at(b, r) AS
  CAST((date_diff('month', b, r) + 12000) // 12 - 1000 AS INTEGER);

-- The snapshot dates: a view, stored as a table with the cube (src/core/cube.ts), since every
-- metric asks for them.
CREATE OR REPLACE VIEW snapshot_dates_live AS SELECT DISTINCT snapshot_date FROM cadres;
CREATE OR REPLACE VIEW snapshot_dates AS SELECT * FROM snapshot_dates_live;

-- The snapshot in force at a reference date: the newest one on or before it.
CREATE OR REPLACE MACRO snapshot_for(r) AS
  (SELECT max(snapshot_date) FROM snapshot_dates WHERE snapshot_date <= CAST(r AS DATE));

-- Birth decade as the cohort bars name it: 1983 → '80后', 2001 → '00后'.
-- Picked from a list, not built: the cube labels every row (24M of them for a province's history).
CREATE OR REPLACE MACRO cohort_label(y) AS
  ['00后', '10后', '20后', '30后', '40后', '50后', '60后', '70后', '80后', '90后'][y // 10 % 10 + 1];
CREATE OR REPLACE MACRO cohort_of(b) AS cohort_label(year(b));
-- The filter's cohort labels as decades (80后 → 80, 00后 → 0), translated once, so that each
-- row is tested on a number: building the label for a million rows took 0.25 s.
CREATE OR REPLACE MACRO cohort_decades(labels) AS
  list_transform(labels, x -> TRY_CAST(regexp_extract(x, '^(\d\d)后$', 1) AS INTEGER));
CREATE OR REPLACE MACRO in_cohorts(labels, decades, b) AS CASE
  WHEN labels IS NULL THEN true
  WHEN b IS NULL THEN list_contains(labels, '(none)')
  ELSE list_contains(decades, CAST(year(b) // 10 * 10 % 100 AS INTEGER)) END;

-- Years at the current level (DOMAIN.md §6): <1, 1–3, 3–5, 5–10, ≥10, lower bounds inclusive
-- (whole years of months, one date_diff per row).
CREATE OR REPLACE MACRO years_at_level_band(since, r) AS CASE
  WHEN since IS NOT NULL THEN ['<1年', '1–3年', '1–3年', '3–5年', '3–5年', '5–10年', '5–10年',
    '5–10年', '5–10年', '5–10年', '≥10年'][least(greatest(date_diff('month', since, r), 0) // 12, 10) + 1]
  END;

-- The same bands as whole years at the level, capped at 10 (0 = <1年, 1–2 = 1–3年, 3–4 = 3–5年,
-- 5–9 = 5–10年, 10 = ≥10年): the filter translates its chosen labels once (years_band_floors)
-- and tests each row on a number, with no label built per row.
CREATE OR REPLACE MACRO years_floor(m) AS CASE WHEN m < 12 THEN 0 WHEN m >= 120 THEN 10 ELSE m // 12 END;
CREATE OR REPLACE MACRO years_band_floors(labels) AS flatten(list_transform(labels, x -> CASE x
  WHEN '<1年' THEN [0] WHEN '1–3年' THEN [1, 2] WHEN '3–5年' THEN [3, 4]
  WHEN '5–10年' THEN [5, 6, 7, 8, 9] WHEN '≥10年' THEN [10] ELSE [] END));
-- Whether a row's years at level fall in the chosen bands (labels NULL: no filter).
CREATE OR REPLACE MACRO in_years_bands(labels, floors, since, r) AS CASE
  WHEN labels IS NULL THEN true
  WHEN since IS NULL THEN list_contains(labels, '(none)')
  ELSE list_contains(floors, years_floor(date_diff('month', since, r))) END;

-- Two years of grassroots work is the bar for a first 县处级 post (DOMAIN.md, Yongzhou seed).
CREATE OR REPLACE MACRO grassroots_class(y) AS CASE
  WHEN y IS NULL THEN NULL WHEN y >= 2 THEN '≥2年' ELSE '<2年' END;

-- Whether section s is among those asked for (NULL: every section).
CREATE OR REPLACE MACRO wanted(sections, s) AS
  CAST(sections AS VARCHAR[]) IS NULL OR list_contains(CAST(sections AS VARCHAR[]), s);

-- Whether a value passes one filter list (NULL list: no filter; an empty cell is '(none)').
-- A CASE, not an OR: DuckDB evaluates both sides of an OR for every row, and the cast and lookup
-- for each unset filter made a filtered scan 2.5× slower.
CREATE OR REPLACE MACRO in_filter(list, v) AS
  CASE WHEN list IS NULL THEN true
    ELSE list_contains(list, coalesce(CAST(v AS VARCHAR), '(none)')) END;

-- The date a row's age is tested at by the age filter: its snapshot's, but the reference date
-- (filter_state.age_on) on the rows of the snapshot in force there, as the report counts ages.
CREATE OR REPLACE MACRO age_on_date(age_on, age_on_snapshot, snapshot_date) AS
  CASE WHEN snapshot_date = age_on_snapshot THEN age_on ELSE snapshot_date END;

-- Whether a cadre (or a cube cell) passes every filter: each filter list of filter_state next to
-- the value it tests, the cohort and years-at-level tests done by the caller (a cell has the
-- labels, a row tests its dates on numbers); the age range is age at `age_date` (age_on_date).
CREATE OR REPLACE MACRO passes_filters(f_region, region, f_unit_type, unit_type, f_level, level, f_rank, rank, f_gender, gender, f_ethnicity, ethnicity, f_education, education_highest, f_education_fulltime, education_fulltime, f_party, party, cohort_ok, f_reserve, reserve, f_grassroots, grassroots, years_ok,
    f_age_min, f_age_max, birth_month, age_date) AS
  in_filter(f_region, region)
  AND in_filter(f_unit_type, unit_type)
  AND in_filter(f_level, level)
  AND in_filter(f_rank, rank)
  AND in_filter(f_gender, gender)
  AND in_filter(f_ethnicity, ethnicity)
  AND in_filter(f_education, education_highest)
  AND in_filter(f_education_fulltime, education_fulltime)
  AND in_filter(f_party, party)
  AND cohort_ok
  AND in_filter(f_reserve, reserve)
  AND in_filter(f_grassroots, grassroots)
  AND years_ok
  AND (f_age_min IS NULL OR age_at(birth_month, age_date) BETWEEN f_age_min AND f_age_max);

-- Every row of `cadres` with the derived columns that filters and metrics share; `n` = 1 so row
-- relations and the cube below are counted by the same sum(n). With filtered := true, only the
-- rows that pass filter_state (tested on the stored columns, before anything is derived).
CREATE OR REPLACE MACRO cadre_rows_where(filtered) AS TABLE
SELECT c.*, CAST(date_trunc('month', c.birth_date) AS DATE) AS birth_month,
  cohort_of(c.birth_date) AS cohort, grassroots_class(c.grassroots_years) AS grassroots,
  years_at_level_band(c.level_since, c.snapshot_date) AS years_band,
  CASE WHEN c.ethnicity IS NULL THEN NULL WHEN c.ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END
    AS ethnic_group,
  1 AS n
FROM cadres c, filter_state f
WHERE NOT filtered OR (in_filter(f.unit, c.unit_id)
  AND passes_filters(f.region, c.region, f.unit_type, c.unit_type, f.level, c.level, f.rank, c.rank, f.gender, c.gender, f.ethnicity, c.ethnicity, f.education, c.education_highest, f.education_fulltime, c.education_fulltime, f.party, c.party, in_cohorts(f.cohort, f.cohort_decades, c.birth_date), f.reserve, c.reserve, f.grassroots, grassroots_class(c.grassroots_years), in_years_bands(f.years_at_level, f.years_floors, c.level_since, c.snapshot_date), f.age_min, f.age_max, c.birth_date, age_on_date(f.age_on, f.age_on_snapshot, c.snapshot_date)));

CREATE OR REPLACE VIEW cadre_rows AS SELECT * FROM cadre_rows_where(false);

-- The columns the city-wide metrics need, one row per cadre (with unit_id for a unit filter).
CREATE OR REPLACE MACRO cube_source(filtered) AS TABLE
SELECT snapshot_date, unit_id, region, unit_type, level, rank, gender, ethnicity, ethnic_group,
  education_highest, education_fulltime, party, reserve, cohort, grassroots, years_band,
  birth_month, post_class, is_team_member, n
FROM cadre_rows_where(filtered);

-- The same counted by every combination (no units, no people): what the filters select from.
-- `cube` is this view until src/core/cube.ts materialises it once per dataset, for speed (one
-- cell per row where counting by combination saves little, as for distinct people; every metric
-- sums n, so the figures are the same).
CREATE OR REPLACE VIEW cube_live AS
SELECT * EXCLUDE (unit_id, n), sum(n)::INTEGER AS n FROM cube_source(false) GROUP BY ALL;
CREATE OR REPLACE VIEW cube AS SELECT * FROM cube_live;

-- What the city-wide metrics read: the cube without the columns that only filters test (county,
-- rank, ethnicity), a few times fewer cells (233k for a million distinct cadres instead of 955k).
-- Stored with the cube. A filter on a column it lacks is applied to the cube, then summed into
-- this shape (scoped below; src/core/filters.ts picks the smaller source for the filters set).
CREATE OR REPLACE VIEW metric_cube_live AS
SELECT * EXCLUDE (region, rank, ethnicity, n), sum(n)::INTEGER AS n FROM cube GROUP BY ALL;
CREATE OR REPLACE VIEW metric_cube AS SELECT * FROM metric_cube_live;

-- What the metrics count, narrowed by the global filters: `scoped_regions` in the shape of the
-- cube (scoped_units when a unit is chosen, since the cube has no units), for the figures per
-- county; `scoped` the same summed into the shape of metric_cube; `scoped_rows` one row per cadre
-- (units, people lists). With the cube materialised, `scoped` is a table that
-- src/core/filters.ts refills on every filter change, so each metric reads it as it is, and
-- `scoped_regions` and `scoped_rows` views that test only the filters set.
CREATE OR REPLACE VIEW scoped_cube AS
SELECT c.* FROM cube c, filter_state f
WHERE passes_filters(f.region, c.region, f.unit_type, c.unit_type, f.level, c.level, f.rank, c.rank, f.gender, c.gender, f.ethnicity, c.ethnicity, f.education, c.education_highest, f.education_fulltime, c.education_fulltime, f.party, c.party, in_filter(f.cohort, c.cohort), f.reserve, c.reserve, f.grassroots, c.grassroots, in_filter(f.years_at_level, c.years_band), f.age_min, f.age_max, c.birth_month, age_on_date(f.age_on, f.age_on_snapshot, c.snapshot_date));
CREATE OR REPLACE VIEW scoped_units AS SELECT * EXCLUDE (unit_id) FROM cube_source(true);
-- Whether no filter is set (every column of filter_state empty, whatever columns it has).
CREATE OR REPLACE MACRO no_filters() AS
  (SELECT count(*) = 0 FROM (UNPIVOT (SELECT COLUMNS(*)::VARCHAR FROM filter_state) ON COLUMNS(*)));
-- Nothing filtered: the cube as it is (each filter's test on every cell is most of the cost).
CREATE OR REPLACE VIEW scoped_regions_live AS
SELECT * FROM cube WHERE no_filters()
UNION ALL BY NAME
SELECT * FROM scoped_cube WHERE (SELECT unit IS NULL FROM filter_state) AND NOT no_filters()
UNION ALL BY NAME
SELECT * FROM scoped_units WHERE (SELECT unit IS NOT NULL FROM filter_state);
CREATE OR REPLACE VIEW scoped_regions AS SELECT * FROM scoped_regions_live;
CREATE OR REPLACE VIEW scoped_live AS
SELECT * EXCLUDE (region, rank, ethnicity, n), sum(n)::INTEGER AS n FROM scoped_regions_live
GROUP BY ALL;
CREATE OR REPLACE VIEW scoped AS SELECT * FROM scoped_live;

CREATE OR REPLACE VIEW scoped_rows_live AS SELECT * FROM cadre_rows_where(true);
CREATE OR REPLACE VIEW scoped_rows AS SELECT * FROM scoped_rows_live;

-- The cadres at each reference date of the list rs (ref_date: which one) with their age at it,
-- counted by sum(n), from one scan of the cube. NULL dates and dates before the first snapshot
-- give no rows.
CREATE OR REPLACE MACRO cadres_at_dates(rs) AS TABLE
  WITH refs AS (
    SELECT DISTINCT r AS ref_date, snapshot_for(r) AS s
    FROM (SELECT unnest(CAST(rs AS DATE[])) AS r) WHERE r IS NOT NULL
  )
  SELECT c.*, refs.ref_date, age_at(c.birth_month, refs.ref_date) AS age,
    CAST(year(c.birth_month) AS INTEGER) AS birth_year
  FROM scoped c JOIN refs ON c.snapshot_date = refs.s;

-- The same at one reference date; cadre_rows_at gives one row per cadre (units, people).
CREATE OR REPLACE MACRO cadres_at(r) AS TABLE
  SELECT * EXCLUDE (ref_date) FROM cadres_at_dates([r]);

CREATE OR REPLACE MACRO cadre_rows_at(r) AS TABLE
  SELECT c.*, age_at(c.birth_month, CAST(r AS DATE)) AS age,
    CAST(year(c.birth_month) AS INTEGER) AS birth_year
  FROM scoped_rows c
  WHERE c.snapshot_date = snapshot_for(r);

-- Headcount, mean age and median age at each reference date of rs (headcount 0 when nobody).
-- The median is quantile_cont(0.5): the mean of the ages at positions ⌊(N+1)/2⌋ and ⌈(N+1)/2⌉
-- of the sorted ages.
CREATE OR REPLACE MACRO age_summaries(rs) AS TABLE
WITH ages AS (SELECT ref_date, age, sum(n) AS n FROM cadres_at_dates(rs) GROUP BY ALL),
cum AS (
  SELECT ref_date, age, n, sum(n) OVER (PARTITION BY ref_date ORDER BY age) AS upto,
    sum(n) OVER (PARTITION BY ref_date) AS total
  FROM ages
),
s AS (
  SELECT ref_date, sum(n)::INTEGER AS headcount, sum(age * n) / sum(n) AS mean_age,
    (min(age) FILTER (WHERE upto >= (total + 1) // 2)
      + min(age) FILTER (WHERE upto >= (total + 2) // 2)) / 2 AS median_age
  FROM cum GROUP BY ref_date
)
SELECT d.r AS ref_date, coalesce(s.headcount, 0) AS headcount, s.mean_age, s.median_age
FROM (SELECT DISTINCT unnest(CAST(rs AS DATE[])) AS r) d LEFT JOIN s ON s.ref_date = d.r;

-- Smallest number of young people that meets a target num/den under a comparator, for a
-- population of `den` (exact integer arithmetic).
-- (In BIGINT: a target of 99999/100000 times a province's headcount overflows an INTEGER.)
CREATE OR REPLACE MACRO young_needed(den, target_num, target_den, comparator) AS CASE comparator
  WHEN '>' THEN (CAST(target_num AS BIGINT) * den) // target_den + 1
  WHEN '>=' THEN (CAST(target_num AS BIGINT) * den + target_den - 1) // target_den
  END;

-- A unit's own check of a ratio rule: short when it has fewer young than the target needs (a
-- target no unit can reach fails), and its gap, the young it lacks up to its headcount.
CREATE OR REPLACE MACRO unit_check_short(numerator, den, target_num, target_den, comparator) AS
  numerator < young_needed(den, target_num, target_den, comparator);
CREATE OR REPLACE MACRO unit_check_gap(numerator, den, target_num, target_den, comparator) AS
  CAST(greatest(0, least(den, young_needed(den, target_num, target_den, comparator)) - numerator)
    AS INTEGER);

-- The post classes a population's list covers: one naming the township secretary or head covers
-- the holder of both posts too (township_secretary_head).
CREATE OR REPLACE MACRO post_classes_of(classes) AS CASE
  WHEN list_has_any(classes, ['township_secretary', 'township_head'])
    THEN list_append(classes, 'township_secretary_head')
  ELSE classes END;
CREATE OR REPLACE MACRO is_township_secretary(post_class) AS
  post_class IN ('township_secretary', 'township_secretary_head');
CREATE OR REPLACE MACRO is_township_head(post_class) AS
  post_class IN ('township_head', 'township_secretary_head');
CREATE OR REPLACE MACRO is_township_principal(post_class) AS
  post_class IN ('township_secretary', 'township_head', 'township_secretary_head');

-- Each rule of kind k expanded into the exact (level, unit type, post class) combinations its
-- population covers, NULL included where it does not restrict that field, so one hash join finds
-- every rule's members without testing every rule against every row.
CREATE OR REPLACE MACRO rule_keys(k) AS TABLE
WITH keys AS (
  SELECT rule_id AS metric_id, coalesce(team_only, false) AS team_only,
    unnest(CAST(coalesce(CAST(levels AS level_t[]),
      list_append(enum_range(NULL::level_t), NULL)) AS level_t[])) AS level,
    unit_types, post_classes
  FROM rule_population WHERE kind = k
),
keys2 AS (
  SELECT * EXCLUDE (unit_types),
    unnest(CAST(coalesce(CAST(unit_types AS unit_type_t[]),
      list_append(enum_range(NULL::unit_type_t), NULL)) AS unit_type_t[])) AS unit_type
  FROM keys
)
SELECT * EXCLUDE (post_classes),
  unnest(CAST(coalesce(CAST(post_classes_of(post_classes) AS post_class_t[]),
    list_append(enum_range(NULL::post_class_t), NULL)) AS post_class_t[])) AS post_class
FROM keys2;

-- Whether a member of a ratio rule's population counts toward its numerator ("young" for the
-- youth targets): every condition the rule gives holds (q_*: the ratio_rules columns; then the
-- cadre's age at the reference date, birth month, gender, party, ethnic group (the cube's
-- 少数民族) and highest education). Columns, not rows: a row given to a macro is packed into a
-- struct of all its columns for every use, three times slower on the cadres' wide rows.
CREATE OR REPLACE MACRO counted_under(q_max_age, q_born_from, q_born_to, q_gender, q_party,
    q_minority, q_education_min, age, birth_month, gender, party, ethnic_group, education) AS
  (q_max_age IS NULL OR age <= q_max_age)
  AND (q_born_from IS NULL OR birth_month >= q_born_from)
  AND (q_born_to IS NULL OR birth_month <= q_born_to)
  AND CASE WHEN q_gender IS NULL THEN true ELSE CAST(gender AS VARCHAR) = q_gender END
  AND CASE WHEN q_party IS NULL THEN true ELSE CAST(party AS VARCHAR) = q_party END
  -- A blank 民族 counts as neither (as a blank 政治面貌 counts under no party).
  AND CASE WHEN q_minority IS NULL THEN true ELSE (ethnic_group = '少数民族') = q_minority END
  AND CASE WHEN q_education_min IS NULL THEN true
    ELSE list_position(['研究生', '大学本科', '大学专科'], CAST(education AS VARCHAR))
      <= list_position(['研究生', '大学本科', '大学专科'], q_education_min) END;

-- The earliest birth month a ratio rule's young test lets pass at reference date r: its age limit
-- as a birth month (age_at(b, r) ≤ N exactly when b ≥ the month of r − (12N + 11) months, b being
-- the first of a month) or its born-from month, whichever is later.
CREATE OR REPLACE MACRO young_from(q_max_age, q_born_from, r) AS CASE
  WHEN q_max_age IS NULL THEN q_born_from
  ELSE greatest(q_born_from,
    CAST(date_trunc('month', CAST(r AS DATE)) - to_months(12 * q_max_age + 11) AS DATE)) END;

-- The ratio rules at each reference date of rs (ref_date), with young_from there: a member is
-- then tested by comparing months (counted_from), with no age worked out for every row.
CREATE OR REPLACE MACRO ratio_rules_at(rs) AS TABLE
SELECT q.*, d.ref_date, young_from(q.max_age, q.born_from, d.ref_date) AS young_from
FROM ratio_rules q, (SELECT DISTINCT unnest(CAST(rs AS DATE[])) AS ref_date) d;

-- counted_under with the age limit and born-from month as one birth month (ratio_rules_at).
CREATE OR REPLACE MACRO counted_from(young_from, q_born_to, q_gender, q_party, q_minority,
    q_education_min, birth_month, gender, party, ethnic_group, education) AS
  counted_under(NULL, young_from, q_born_to, q_gender, q_party, q_minority, q_education_min,
    NULL, birth_month, gender, party, ethnic_group, education);

-- Whether a cadre matches a rule key: the key's level, unit type and post class (NULL matching
-- NULL), and team membership where the rule asks for it.
CREATE OR REPLACE MACRO matches_rule_key(k_level, k_unit_type, k_post_class, k_team_only, level,
    unit_type, post_class, is_team_member) AS
  level IS NOT DISTINCT FROM k_level
  AND unit_type IS NOT DISTINCT FROM k_unit_type
  AND post_class IS NOT DISTINCT FROM k_post_class
  AND (NOT k_team_only OR coalesce(is_team_member, false));

-- The members of each ratio rule's population at each reference date of rs (from the cube),
-- with whether they count as young there.
CREATE OR REPLACE MACRO rule_members(rs) AS TABLE
SELECT k.metric_id, counted_from(r.young_from, r.born_to, r.gender, r.party, r.minority,
      r.education_min, c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest)
    AS is_young, c.*
FROM cadres_at_dates(rs) c
JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
  c.level, c.unit_type, c.post_class, c.is_team_member)
JOIN ratio_rules_at(rs) r ON r.metric_id = k.metric_id AND r.ref_date = c.ref_date;

-- The same at one reference date with the county of each member (from scoped_regions, which keeps
-- it), for the figures per county.
CREATE OR REPLACE MACRO rule_members_by_region(r) AS TABLE
SELECT k.metric_id, counted_from(q.young_from, q.born_to, q.gender, q.party, q.minority,
      q.education_min, c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest)
    AS is_young,
  c.region, c.n
FROM scoped_regions c
JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
  c.level, c.unit_type, c.post_class, c.is_team_member)
JOIN ratio_rules_at([r]) q ON q.metric_id = k.metric_id
WHERE c.snapshot_date = snapshot_for(r);

-- The same, one row per cadre (for units and people lists).
CREATE OR REPLACE MACRO rule_member_rows(r) AS TABLE
SELECT k.metric_id, counted_from(q.young_from, q.born_to, q.gender, q.party, q.minority,
      q.education_min, c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest)
    AS is_young, c.*
FROM cadre_rows_at(r) c
JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
  c.level, c.unit_type, c.post_class, c.is_team_member)
JOIN ratio_rules_at([r]) q ON q.metric_id = k.metric_id;

-- The members of the populations of every rule of kind k (band, change) at each reference date
-- of rs, from the cube.
CREATE OR REPLACE MACRO population_members(rs, k) AS TABLE
SELECT p.metric_id, c.*
FROM cadres_at_dates(rs) c
JOIN rule_keys(k) p ON matches_rule_key(p.level, p.unit_type, p.post_class, p.team_only,
  c.level, c.unit_type, c.post_class, c.is_team_member);

-- Whether a cadre is at 县处级 or above by level, or by a rank of that standing (DOMAIN.md §3:
-- 调研员 ≈ 县处级, 巡视员 above): the women among them retire from their own base age.
CREATE OR REPLACE MACRO county_or_above(lvl, rnk) AS
  CAST(lvl AS VARCHAR) IN ('县处级正职', '县处级副职', '厅局级正职', '厅局级副职')
  OR coalesce(CAST(rnk AS VARCHAR) IN ('一级巡视员', '二级巡视员', '一级调研员', '二级调研员',
    '三级调研员', '四级调研员'), false);

-- The month a cadre reaches statutory retirement (DOMAIN.md §5, ages and delay from
-- retirement_rules): the base age by gender (women at 县处级 their own), plus the gradual delay
-- for births from the start month of their base (60 or 55): +1 month, +1 more every `step`
-- months of birth cohort, at most `max`. NULL when the gender is not known.
CREATE OR REPLACE MACRO retirement_month(birth_month, gender, level, rnk) AS (
  SELECT CASE WHEN gender IS NULL THEN NULL ELSE
    CAST(date_trunc('month', birth_month) + to_months(12 * base + CASE
      WHEN start IS NULL OR date_trunc('month', birth_month) < start THEN 0
      ELSE least(delay_max,
        1 + date_diff('month', start, date_trunc('month', birth_month)) // delay_step)
      END) AS DATE) END
  FROM (
    SELECT base, CASE WHEN county_woman AND NOT coalesce(women_county_delayed, true) THEN NULL
        WHEN base = 60 THEN delay_from_60 WHEN base = 55 THEN delay_from_55 END AS start,
      delay_step, delay_max
    FROM (
      SELECT *, CASE WHEN gender = '男' THEN men_age
          WHEN county_woman THEN women_county_age ELSE women_age END AS base
      FROM (
        SELECT *, gender <> '男' AND county_or_above(level, rnk) AS county_woman
        FROM retirement_rules
      )
    )
  )
);

-- The statutory retirement month (DOMAIN.md §5) from the retirement_rules columns given as
-- values (a query joins the one-row table once instead of asking it for every row): the base
-- age by gender (women at 县处级 their own), plus the gradual delay for births from the start
-- month of that base (60 or 55; none for women at 县处级 when the rule says they are not
-- delayed): +1 month, +1 more every `step` months, at most `mx`. The same month as
-- retirement_month (tests/sql/flows.test.ts compares them); NULL without a gender.
CREATE OR REPLACE MACRO county_woman(sex, lvl, rnk) AS sex <> '男' AND county_or_above(lvl, rnk);
CREATE OR REPLACE MACRO base_age_of(sex, lvl, rnk, men, women, women_county) AS CASE
  WHEN sex = '男' THEN men
  WHEN county_woman(sex, lvl, rnk) THEN women_county
  ELSE women END;
CREATE OR REPLACE MACRO delay_start_of(sex, lvl, rnk, base, county_delayed, d60, d55) AS CASE
  WHEN county_woman(sex, lvl, rnk) AND NOT coalesce(county_delayed, true) THEN NULL
  WHEN base = 60 THEN d60 WHEN base = 55 THEN d55 END;
CREATE OR REPLACE MACRO statutory_month(b, base, start, step, mx) AS
  CAST(date_trunc('month', b) + to_months(12 * base + CASE
    WHEN start IS NULL OR date_trunc('month', b) < start THEN 0
    ELSE least(mx, 1 + date_diff('month', start, date_trunc('month', b)) // step)
  END) AS DATE);

-- The statutory month a cadre of a gender retires in.
CREATE OR REPLACE MACRO statutory_retire_month(b, sex, lvl, rnk, men, women, women_county,
    county_delayed, d60, d55, step, mx) AS
  statutory_month(b, base_age_of(sex, lvl, rnk, men, women, women_county),
    delay_start_of(sex, lvl, rnk, base_age_of(sex, lvl, rnk, men, women, women_county),
      county_delayed, d60, d55), step, mx);

-- The month a cadre retires: the roster's 到龄年月, else the statutory month. Without a gender,
-- the later of a man's and a woman's month: the month by which the cadre has retired whatever
-- the gender (the same month where both share it, as at 县处级). "Retires by X" is then true only
-- when it is certain; retirement_rows says which months are only that bound.
CREATE OR REPLACE MACRO retire_month_of(b, sex, lvl, rnk, roster, men, women, women_county,
    county_delayed, d60, d55, step, mx) AS CASE
  WHEN roster IS NOT NULL THEN CAST(date_trunc('month', roster) AS DATE)
  WHEN sex IS NULL THEN greatest(
    statutory_retire_month(b, '男', lvl, rnk, men, women, women_county, county_delayed, d60,
      d55, step, mx),
    statutory_retire_month(b, '女', lvl, rnk, men, women, women_county, county_delayed, d60,
      d55, step, mx))
  ELSE statutory_retire_month(b, sex, lvl, rnk, men, women, women_county, county_delayed, d60,
    d55, step, mx)
  END;

-- The month a cadre leaves: the local exit age of the level (退出领导岗位, an earlier exit) when
-- one is set and comes first, else the retirement month. `exit_age` is exit_ages.age for the
-- level and the rest are the retirement_rules columns (see leave_month_sql in the queries).
CREATE OR REPLACE MACRO leave_month_of(b, sex, lvl, rnk, roster, exit_age, men, women,
    women_county, county_delayed, d60, d55, step, mx) AS least(
  CASE WHEN exit_age IS NOT NULL
    THEN CAST(date_trunc('month', b) + to_months(12 * exit_age) AS DATE) END,
  retire_month_of(b, sex, lvl, rnk, roster, men, women, women_county, county_delayed, d60, d55,
    step, mx));

-- Where that month comes from: 'exit_age', 'roster' or 'statutory' (NULL when there is none: no
-- exit age, and a gender not known where it decides the month).
CREATE OR REPLACE MACRO leave_basis_of(b, sex, roster, exit_age, leave) AS CASE
  WHEN exit_age IS NOT NULL
    AND leave = CAST(date_trunc('month', b) + to_months(12 * exit_age) AS DATE) THEN 'exit_age'
  WHEN roster IS NOT NULL THEN 'roster'
  WHEN leave IS NOT NULL THEN 'statutory' END;

-- The same for one cadre, reading the rule tables itself: every month a cadre leaves in (the
-- flows, the team warnings, Y10's target posts) is this one.
CREATE OR REPLACE MACRO exit_month(b_month, sex, lvl, rnk, roster_month) AS (
  SELECT leave_month_of(b_month, sex, lvl, rnk, roster_month,
    (SELECT e.age FROM exit_ages e WHERE e.level = CAST(lvl AS VARCHAR)), r.men_age, r.women_age,
    r.women_county_age, r.women_county_delayed, r.delay_from_60, r.delay_from_55, r.delay_step,
    r.delay_max)
  FROM retirement_rules r
);

-- Ratio rules counted per unit: numerator = young members, denominator = the population.
CREATE OR REPLACE MACRO ratio_per_unit(r) AS TABLE
SELECT metric_id, unit_id,
  (count(*) FILTER (WHERE is_young))::INTEGER AS numerator,
  count(*)::INTEGER AS denominator
FROM rule_member_rows(r)
GROUP BY ALL;

-- One row per unit for the rows in scope, stored by queries/unit_profile_store.sql (keepRows) so
-- that the unit table's pages, sorts and searches read it instead of every row.
CREATE TABLE IF NOT EXISTS unit_profile_store (unit_id VARCHAR, unit_name VARCHAR,
  region VARCHAR, unit_type VARCHAR, n INTEGER, mean_age DOUBLE, born_1980 INTEGER,
  born_1985 INTEGER, women INTEGER, minorities INTEGER,
  ratios STRUCT(metric_id VARCHAR, numerator INTEGER, denominator INTEGER)[], failing INTEGER,
  worst_gap INTEGER);

-- Each unit's counts of the ratio rules for the rows in scope (as ratio_per_unit counts them), one
-- row per unit and rule, as unit_profile_store holds them: read by unit_profile.sql and
-- units_summary.sql.
CREATE OR REPLACE VIEW unit_ratios AS
SELECT r.metric_id, s.unit_id, r.numerator, r.denominator
FROM (SELECT unit_id, unnest(ratios) AS r FROM unit_profile_store) s;

-- Every leadership team scored at a reference date, all of them (the scope filters choose which
-- are read), stored by queries/team_scores.sql (keepRows) and read by queries/teams.sql: scoring
-- reads every team's members and every ratio rule's rows, a change of scope only a filter.
CREATE TABLE IF NOT EXISTS team_scores (template_id VARCHAR, unit_id VARCHAR, unit_name VARCHAR,
  region VARCHAR, members INTEGER, score DOUBLE, status VARCHAR, vetoed BOOLEAN,
  items STRUCT(id VARCHAR, kind VARCHAR, required INTEGER, actual INTEGER, short INTEGER,
    weight DOUBLE, veto BOOLEAN)[],
  warnings STRUCT(id VARCHAR, kind VARCHAR, n BIGINT, detail VARCHAR)[], list_order INTEGER);

-- The members of every leadership team at a reference date: the team members of each unit in a
-- template's population (all rows, the person filters do not apply), with their age at r and
-- the month they leave (exit_month: the level's exit age, the roster's 到龄年月, else statutory).
CREATE OR REPLACE MACRO team_members(r) AS TABLE
SELECT p.metric_id AS template_id, c.*, age_at(c.birth_month, CAST(r AS DATE)) AS age,
  CAST(year(c.birth_month) AS INTEGER) AS birth_year,
  exit_month(c.birth_month, c.gender, c.level, c.rank, c.retirement_date) AS retires
FROM cadre_rows c
JOIN rule_keys('template') p ON matches_rule_key(p.level, p.unit_type, p.post_class,
  p.team_only, c.level, c.unit_type, c.post_class, c.is_team_member)
WHERE c.snapshot_date = snapshot_for(r) AND c.unit_id IS NOT NULL;

-- Whether a team member counts for a template item (the item's kind, max_age and min_years; the
-- member's gender, party, ethnicity, age, highest education and grassroots years). Columns, not
-- rows, as counted_under.
CREATE OR REPLACE MACRO counts_for_item(kind, max_age, min_years, gender, party, ethnicity, age,
    education_highest, grassroots_years) AS CASE kind
  WHEN 'members' THEN true
  WHEN 'women' THEN gender = '女'
  WHEN 'non_cpc' THEN party = '非中共党员'
  WHEN 'minority' THEN ethnicity IS NOT NULL AND ethnicity <> '汉族'
  WHEN 'young' THEN age <= max_age
  WHEN 'postgraduate' THEN education_highest = '研究生'
  WHEN 'grassroots' THEN grassroots_years >= min_years
  ELSE false END;

-- Whether a member's value for an item is unknown (a blank 性别, 政治面貌, 民族, 学历 or 基层工作
-- 经历): such a member might count, so an item short by no more than its unknowns is not a
-- certain failure (no 一票否决 on missing data) and is said (team_scores.sql).
CREATE OR REPLACE MACRO unknown_for_item(kind, gender, party, ethnicity, education_highest,
    grassroots_years) AS coalesce(CASE kind
  WHEN 'women' THEN gender IS NULL
  WHEN 'non_cpc' THEN party IS NULL
  WHEN 'minority' THEN ethnicity IS NULL
  WHEN 'postgraduate' THEN education_highest IS NULL OR education_highest = '未知'
  WHEN 'grassroots' THEN grassroots_years IS NULL
  ELSE false END, false);

-- 政治面貌 as the statistical tables group it, from the text as written (DOMAIN.md §2): 中共党员
-- (incl. 预备党员), 民主党派 (the eight parties), 无党派, 共青团员, 群众; other text 其他. With no
-- text, a CPC member by the party column is 中共党员, else unknown (NULL).
CREATE OR REPLACE MACRO political_group(status, party) AS CASE
  WHEN status IS NULL THEN CASE WHEN CAST(party AS VARCHAR) = '中共党员' THEN '中共党员' END
  WHEN regexp_matches(status, '共青团|团员') THEN '共青团员'
  WHEN regexp_matches(status, '民革|民盟|民建|民进|农工|致公|九三|台盟|民主党派|国民党革命委员会|民主同盟|民主建国会|民主促进会|台湾民主自治同盟')
    THEN '民主党派'
  WHEN regexp_matches(status, '中共|共产党|^(中共)?(预备)?党员$') THEN '中共党员'
  WHEN regexp_matches(status, '无党派') THEN '无党派'
  WHEN regexp_matches(status, '群众') THEN '群众'
  ELSE '其他' END;

-- A template item's share of the score: its weight × min(1, actual / required); an item that
-- asks for nobody scores its whole weight.
-- The template item kinds the roster cannot tell at reference date r: no row of the snapshot has
-- the column the kind counts (基层工作经历, 学历, 性别, 政治面貌, 民族). Such an item is not scored
-- (team_scores.sql, whatif.sql): counting nobody would fail every team for a missing column.
CREATE OR REPLACE MACRO template_kinds_unknown(r) AS TABLE
WITH s AS (
  SELECT count(*) AS n, count(grassroots_years) AS grassroots,
    count(*) FILTER (WHERE education_highest <> '未知') AS postgraduate, count(gender) AS women,
    count(party) AS non_cpc, count(ethnicity) AS minority
  FROM cadres WHERE snapshot_date = snapshot_for(r)
)
SELECT kind FROM (UNPIVOT (SELECT * FROM s WHERE n > 0)
  ON grassroots, postgraduate, women, non_cpc, minority INTO NAME kind VALUE known)
WHERE known = 0;

-- A team's score out of 100 from its items' scores and weights: the weights of items not scored
-- (template_kinds_unknown) are left out and the rest scaled to 100.
CREATE OR REPLACE MACRO template_score(item_scores, weights) AS
  CASE WHEN weights = 100 THEN item_scores ELSE 100 * item_scores / nullif(weights, 0) END;

-- A score as shown: to 0.1, but rounded down where rounding would reach a threshold the score
-- misses (99.98 shows 99.9 beside 基本达标, not 100.0), so that a score shown at a threshold has
-- reached it.
CREATE OR REPLACE MACRO template_score_shown(score, met_threshold, basic_threshold) AS CASE
  WHEN (round(score, 1) >= met_threshold AND round(score, 6) < met_threshold)
    OR (round(score, 1) >= basic_threshold AND round(score, 6) < basic_threshold)
  THEN floor(round(score, 6) * 10) / 10 ELSE round(score, 1) END;

CREATE OR REPLACE MACRO template_item_score(weight, required, actual) AS
  weight * CASE WHEN required = 0 THEN 1 ELSE least(1, actual / required) END;

-- A team's status from its exact score (and a veto item short: 不达标 whatever the score): not
-- the score as shown to 0.1, where 99.98 reads 100.0. Rounded to 6 places only to drop the
-- floating-point noise of weights such as 14.96 (a score whose items are all met is 100).
CREATE OR REPLACE MACRO template_status(vetoed, score, met_threshold, basic_threshold) AS CASE
  WHEN vetoed THEN '不达标' WHEN round(score, 6) >= met_threshold THEN '达标'
  WHEN round(score, 6) >= basic_threshold THEN '基本达标' ELSE '不达标' END;

-- A 职级's rough leadership level (DOMAIN.md §3), for the age limits that go by level when a
-- cadre has a rank and no 职务层次.
CREATE OR REPLACE MACRO rank_level(rnk) AS CAST(CASE
  WHEN rnk = '一级巡视员' THEN '厅局级正职' WHEN rnk = '二级巡视员' THEN '厅局级副职'
  WHEN rnk IN ('一级调研员', '二级调研员') THEN '县处级正职'
  WHEN rnk IN ('三级调研员', '四级调研员') THEN '县处级副职'
  WHEN rnk IN ('一级主任科员', '二级主任科员') THEN '乡科级正职'
  WHEN rnk IN ('三级主任科员', '四级主任科员') THEN '乡科级副职' END AS level_t);

-- An appraisal text with its years written out: two-digit years ('22, 22年度) as 2022, and a
-- range of years (2022-2024年度均为称职, 2022至2024年, or backwards 2024-2022) as each year of
-- it, at most ten. appraisal_years_text expands two ranges (2019-2020年度称职，2022-2024年度优秀).
CREATE OR REPLACE MACRO appraisal_range_text(s) AS list_transform([s], u -> CASE
  WHEN regexp_matches(u, '(?:19|20)[0-9]{2}\s*年?度?\s*[-—–~～至到]\s*(?:19|20)[0-9]{2}') THEN replace(u,
    regexp_extract(u, '(?:19|20)[0-9]{2}\s*年?度?\s*[-—–~～至到]\s*(?:19|20)[0-9]{2}'),
    list_transform([list_sort(list_transform(regexp_extract_all(regexp_extract(u,
        '(?:19|20)[0-9]{2}\s*年?度?\s*[-—–~～至到]\s*(?:19|20)[0-9]{2}'), '[0-9]{4}'),
        x -> CAST(x AS INTEGER)))], e ->
      array_to_string(list_transform(range(e[1], least(e[2], e[1] + 9) + 1),
        y -> CAST(y AS VARCHAR)), '、'))[1])
  ELSE u END)[1];
-- Also: the grades of 事业单位 staff (合格, 基本合格, 不合格) as the civil service's (称职 …); a
-- result before its year in brackets (称职（2022）) after it; 近三年均为称职 as three of them;
-- 未定等次 and 未参加考核 as 不定等次 (no grade: not 称职以上).
-- A space between two characters is dropped first: a form pads a two-character grade (称　职,
-- 优　秀), and 不　称职 must not read as 称职.
CREATE OR REPLACE MACRO han_joined(s) AS regexp_replace(regexp_replace(s,
  '(\p{Han})[ \t\x{3000}\x{00A0}]+(\p{Han})', '\1\2', 'g'),
  '(\p{Han})[ \t\x{3000}\x{00A0}]+(\p{Han})', '\1\2', 'g');
CREATE OR REPLACE MACRO appraisal_grades_text(s) AS regexp_replace(regexp_replace(regexp_replace(
  replace(replace(replace(han_joined(s), '基本合格', '基本称职'), '不合格', '不称职'), '合格', '称职'),
  '未定等次|未参加(年度)?考核|未考核', '不定等次', 'g'),
  '近(三|3)年(年度)?(考核)?(结果)?(均为|均是|均|都为|都是|皆为|全为|全部为|全部)(优秀|称职)',
  '\6、\6、\6'),
  '(优秀|基本称职|不称职|称职|不确定等次|不定等次)\s*[（(]\s*[''’‘`]?((?:19|20)?[0-9]{2})\s*(年度|年)?\s*[)）]',
  '\2年\1', 'g');
CREATE OR REPLACE MACRO appraisal_years_text(s) AS appraisal_range_text(appraisal_range_text(
  regexp_replace(
  regexp_replace(appraisal_grades_text(s), '[''’‘`]\s*([0-9]{2})([^0-9]|$)', '20\1\2', 'g'),
  '(^|[^0-9])([0-9]{2})(年)', '\120\2\3', 'g')));

-- The annual reviews a text records, newest year first, as {y, r}: each year takes the first
-- result after it unless a ；/。/line break, or a comma before the next year, comes first
-- ("2022、2023年度称职" gives both years 称职; in "2023年度；2024年度优秀" and
-- "2021年度记三等功，2022年度称职" the first year has none and is not on record). 基本称职 and
-- 不称职 are matched before 称职. Results without any year ("称职、称职、基本称职") are taken as listed
-- oldest first, with no year (y NULL). No text: no reviews ([]).
CREATE OR REPLACE MACRO appraisal_items(t) AS list_transform([t], u -> CASE
  WHEN NOT list_bool_or(list_transform(u, x -> regexp_full_match(x, '[0-9]{4}')))
    THEN list_reverse(list_transform(
      list_filter(u, x -> x NOT IN ('；', ';', '。', chr(10))), x -> {'y': NULL::INTEGER, 'r': x}))
  ELSE list_sort(list_filter(list_transform(range(1, len(u) + 1), i ->
      CASE WHEN regexp_full_match(u[i], '[0-9]{4}') THEN {'y': CAST(u[i] AS INTEGER),
        'r': list_filter(u[i + 1:], x -> NOT regexp_full_match(x, '[0-9]{4}'))[1]} END),
    z -> z IS NOT NULL AND z.r IS NOT NULL AND z.r NOT IN ('；', ';', '。', chr(10))), 'DESC')
  END)[1];
CREATE OR REPLACE MACRO appraisal_list(s) AS coalesce(appraisal_items(regexp_extract_all(
  regexp_replace(appraisal_years_text(s), '[，,]\s*((?:19|20)[0-9]{2})', '；\1', 'g'),
  '(?:19|20)[0-9]{2}|优秀|基本称职|不称职|称职|不确定等次|不定等次|[；;。\n]')),
  CAST([] AS STRUCT(y INTEGER, r VARCHAR)[]));
