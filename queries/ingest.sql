-- The loader's macros: what reading a roster needs (src/core/load.ts, src/core/lrmx.ts) and
-- nothing else does. The page creates them after its first view (initDeferred in
-- src/core/setup.ts); they use the shared macros of macros.sql.

-- Width and spaces as src/core/width.ts normalises text rosters, for the values of typed sources
-- (Parquet, Arrow), applied to the distinct values of the lookups: every Unicode space becomes
-- ' ', zero-width characters go, full-width ASCII becomes ASCII (but for ＂，；｜, as in text),
-- and 。 between digits becomes '.'.
CREATE OR REPLACE MACRO norm_width(x) AS regexp_replace(regexp_replace(regexp_replace(
  translate(x,
    '！＃＄％＆＇（）＊＋－．／０１２３４５６７８９：＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｝～',
    '!#$%&''()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{}~'),
  '[\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]', ' ', 'g'),
  '[\x{200B}-\x{200D}\x{FEFF}]', '', 'g'),
  '([0-9])。([0-9])', '\1.\2', 'g');

-- The same for a column of many rows: ASCII text (as many bytes as characters) has nothing to
-- normalise and skips the regular expressions (3 s for a million 身份证号). Reads x three times.
CREATE OR REPLACE MACRO norm_width_col(x) AS CASE WHEN strlen(x) = length(x) THEN x
  ELSE norm_width(x) END;

-- A category value as the norm_* macros take it: width normalised, trimmed, '' as NULL.
CREATE OR REPLACE MACRO norm_clean(x) AS nullif(trim(norm_width(x)), '');

-- A word a typist padded with spaces between its characters (汉　族, 中 共 党 员, 中共　党员, 镇　长),
-- as the word: only a value of pieces of one or two characters, so that two posts a space
-- apart (党委副书记 镇长) stay two.
CREATE OR REPLACE MACRO unpadded(x) AS CASE
  WHEN regexp_full_match(x,
    '[ \t\x{3000}\x{00A0}]*\p{Han}{1,2}([ \t\x{3000}\x{00A0}]+\p{Han}{1,2})+[ \t\x{3000}\x{00A0}]*')
  THEN regexp_replace(x, '[ \t\x{3000}\x{00A0}]+', '', 'g')
  ELSE x END;

-- A date as written, for parse_date: without spaces (1983 年 5 月); width normalised too. A year
-- and a month apart (1985 7) are kept apart by a point, or they would read as a serial (19857).
CREATE OR REPLACE MACRO nospace(x) AS CASE WHEN contains(x, ' ') THEN nullif(replace(
    regexp_replace(x, '^\s*((?:19|20)[0-9]{2})\s+([0-9]{1,2})\s*$', '\1.\2'), ' ', ''), '')
  ELSE x END;
-- A date kept as text by a CSV export as a formula (="1980.05"): the text inside.
CREATE OR REPLACE MACRO unformula(x) AS CASE WHEN ascii(x) = 61
  THEN regexp_replace(x, '^=\s*"(.*)"\s*$', '\1') ELSE x END;
CREATE OR REPLACE MACRO norm_date_text(x) AS nospace(norm_width(unformula(x)));

-- A date written over columns under one heading (出生年月 over 年 | 月 | 日): 1985 | 3 → 1985.03,
-- | 12 → 1985.03.12; the year alone when the month is blank (then said: only a year); nothing
-- without a year. Each part without a number cell's .0 or its 年/月/日; month and day as two
-- digits, so that 1985 | 10 is no 1985.1.
CREATE OR REPLACE MACRO date_part_text(x) AS
  nullif(regexp_replace(norm_clean(x), '(\.0+|[年月日号])$', ''), '');
CREATE OR REPLACE MACRO join_date_parts(y, m, d) AS CASE
  WHEN date_part_text(y) IS NULL THEN NULL
  WHEN date_part_text(m) IS NULL THEN date_part_text(y)
  ELSE concat_ws('.', date_part_text(y),
    CASE WHEN regexp_full_match(date_part_text(m), '\d') THEN '0' || date_part_text(m)
      ELSE date_part_text(m) END,
    CASE WHEN regexp_full_match(date_part_text(d), '\d') THEN '0' || date_part_text(d)
      ELSE date_part_text(d) END)
  END;

-- A name of Chinese characters padded to align (张　三, 张 三) is the name without the spaces.
CREATE OR REPLACE MACRO norm_name(x) AS CASE
  WHEN contains(x, ' ') AND regexp_full_match(x, '[\p{Han}·• ]+') THEN replace(x, ' ', '')
  ELSE x END;

-- Five digits that are also a year and a month (19801: 1980年1月 typed as a number, its month
-- without a 0) — or the Excel serial of a day in 1952–1955 (19801 is 1954-03-18). The loader
-- reads a column's such values as months unless the column holds serials that are not (30438).
-- Like is_serial_y and date_precision_y, it takes text through date_text_y.
CREATE OR REPLACE MACRO year_month5_y(y) AS CASE
  WHEN regexp_full_match(y, '(19[3-9][0-9]|20[0-3][0-9])[1-9]')
    THEN make_date(CAST(left(y, 4) AS INTEGER), CAST(right(y, 1) AS INTEGER), 1)
  END;

CREATE OR REPLACE MACRO is_serial_y(y) AS regexp_full_match(y, '[0-9]{5}(\.[0-9]+)?');

CREATE OR REPLACE MACRO date_precision_y(y) AS CASE
  WHEN y IS NULL THEN NULL
  WHEN regexp_full_match(y, '[0-9]{5}(\.[0-9]+)?|[0-9]{8}') THEN 'day'
  WHEN len(regexp_extract_all(y, '[0-9]+')) >= 3 THEN 'day'
  ELSE 'month' END;
CREATE OR REPLACE MACRO date_precision(x) AS date_precision_y(date_text_y(x));

-- A month written YYYY.M, YYYY-M, YYYY/M or YYYYMM (a term's ends in 挂职起止时间).
CREATE OR REPLACE MACRO year_month_text(x) AS
  CAST(try_strptime(x, ['%Y.%m', '%Y-%m', '%Y/%m', '%Y%m']) AS DATE);

CREATE OR REPLACE MACRO norm_gender(x) AS CASE
  WHEN x IN ('男', '男性', '男士', '1', 'M', 'm', 'male', 'Male', 'MALE') THEN '男'
  WHEN x IN ('女', '女性', '女士', '2', 'F', 'f', 'female', 'Female', 'FEMALE') THEN '女'
  -- (女), （男）: in brackets, as some 花名册 write it.
  WHEN regexp_full_match(x, '[(（]\s*(男|女)\s*[)）]') THEN regexp_extract(x, '(男|女)')
  ELSE NULL END;

-- The 56 民族 (汉族 and the 55 少数民族), as the national standard (GB 3304) names them.
CREATE OR REPLACE MACRO ethnicity_names() AS ['汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族',
  '彝族', '壮族', '布依族', '朝鲜族', '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族',
  '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族',
  '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族',
  '阿昌族', '普米族', '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族',
  '裕固族', '京族', '塔塔尔族', '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族'];

-- A 民族 as one of the 56, in full (汉 → 汉族, 瑶 → 瑶族, 维族 → 维吾尔族); NULL for anything else (未知, 其他, 穿青人,
-- 外国血统): neither 汉族 nor a 少数民族, so in neither count. The loader notes a value it cannot
-- place that is not a word for unknown.
CREATE OR REPLACE MACRO ethnicity_written(x) AS CASE
  WHEN x = '维族' THEN '维吾尔族'
  WHEN x = '蒙族' THEN '蒙古族'
  -- A variant character and names the standard has replaced.
  WHEN x IN ('畬族', '畬') THEN '畲族'
  WHEN x IN ('僮族', '僮') THEN '壮族'
  WHEN x IN ('毛难族', '毛难') THEN '毛南族'
  WHEN x IN ('崩龙族', '崩龙') THEN '德昂族'
  WHEN regexp_full_match(x, '\p{Han}{1,4}') AND NOT suffix(x, '族') THEN x || '族'
  ELSE x END;
-- A roster that writes only 汉族 / 少数民族 keeps its 少数民族.
CREATE OR REPLACE MACRO norm_ethnicity(x) AS CASE
  WHEN x = '少数民族' THEN x
  WHEN list_contains(ethnicity_names(), ethnicity_written(x)) THEN ethnicity_written(x) END;

CREATE OR REPLACE MACRO norm_education(x) AS CASE
  WHEN x IS NULL THEN '未知'
  -- Attended without graduating (大学肄业) or still studying (研究生在读): the level below; a
  -- graduate student's is a degree.
  WHEN regexp_matches(x, '肄业|在读') THEN
    CASE WHEN regexp_matches(x, '博士|硕士|研究生') THEN '大学本科' ELSE '中专及以下' END
  WHEN regexp_matches(x, '博士|硕士|研究生') THEN '研究生'
  WHEN regexp_matches(x, '中等专科|中专|中师') THEN '中专及以下'
  -- 大学普通班 (the three-year classes of the 1970s, 工农兵学员) counts as 大专.
  WHEN regexp_matches(x, '专科|大专|高职|高等职业|普通班|工农兵') THEN '大学专科'
  WHEN regexp_matches(x, '本科|大学|学士|大本') THEN '大学本科'
  WHEN regexp_matches(x, '中专|中技|中职|技校|职高|高中|初中|小学|中等') THEN '中专及以下'
  ELSE '未知' END;

-- 职级 (DOMAIN.md §3): digits and the short forms offices write (一调, 3级主任 …) become the full
-- name; anything else is kept as written.
CREATE OR REPLACE MACRO norm_rank(x) AS nullif(
  regexp_replace(regexp_replace(regexp_replace(
    translate(regexp_replace(x, '\s', '', 'g'), '1234', '一二三四'),
    '^([一二])巡$', '\1级巡视员'),
    '^([一二三四])调$', '\1级调研员'),
    '^([一二三四])(级主任|主)$', '\1级主任科员'),
  '');

-- A 职级 (or a pre-2019 non-leading title) rather than a 职务层次: 四级调研员, 一级主任科员, 副调研员.
CREATE OR REPLACE MACRO is_rank_word(x) AS
  regexp_matches(x, '调研员|巡视员|主任科员|^[一二1-2]级科员$');

-- Chinese numerals up to 九十九 as digits: 三年 → 3年, 十一 → 11, 二十 → 20, 两年 → 2年.
CREATE OR REPLACE MACRO cn_digits(x) AS regexp_replace(regexp_replace(regexp_replace(
  regexp_replace(translate(x, '一二两三四五六七八九', '1223456789'), '(\d)十(\d)', '\1\2', 'g'),
  '(\d)十', '\10', 'g'), '十(\d)', '1\1', 'g'), '十', '10', 'g');

-- A number of years as rosters write it: 3, 3.5, 3年, 三年, 3年以上, 2年11个月, 11个月, 1年半,
-- 半年, 无 (0). NULL when it says no number.
CREATE OR REPLACE MACRO norm_years_digits(x) AS CASE
  WHEN x IS NULL THEN NULL
  WHEN x IN ('无', '没有', '零') THEN 0.0
  WHEN x = '半年' THEN 0.5
  WHEN TRY_CAST(x AS DOUBLE) IS NOT NULL THEN TRY_CAST(x AS DOUBLE)
  WHEN regexp_full_match(x, '((\d+(\.\d+)?)\s*年(半)?)?\s*((\d+)\s*个?月)?\s*(以上|多)?')
    AND regexp_matches(x, '\d') THEN
    coalesce(TRY_CAST(regexp_extract(x, '(\d+(\.\d+)?)\s*年', 1) AS DOUBLE), 0)
    + CASE WHEN regexp_matches(x, '年半') THEN 0.5 ELSE 0 END
    + coalesce(TRY_CAST(regexp_extract(x, '(\d+)\s*个?月', 1) AS DOUBLE), 0) / 12
  END;
-- 3年零1个月: the 零 only joins the years to the months. A plain number is taken as it is, before
-- the rest: the numerals' rewriting on every row of a million-row CSV took 60% of normalising it.
CREATE OR REPLACE MACRO norm_years(x) AS CASE
  WHEN TRY_CAST(x AS DOUBLE) IS NOT NULL THEN TRY_CAST(x AS DOUBLE)
  ELSE norm_years_digits(regexp_replace(cn_digits(x), '年\s*(零|又)\s*(\d)', '年\2')) END;

-- Grassroots years, or a 是/否 under 是否具有两年以上基层工作经历: 是 is at least 2 years, 否 fewer.
CREATE OR REPLACE MACRO norm_grassroots(x) AS CASE
  WHEN x IN ('是', '有', '√', '✓', '✔') THEN 2.0
  WHEN x IN ('否', '×', '✗') THEN 0.0
  ELSE norm_years(x) END;

-- A 单位类型 cell in the words rosters use; NULL for anything else (行政机关, 事业单位 say a unit's
-- nature, not its level), whose type is then read from the unit's name and 县市区 (unit_type_of).
CREATE OR REPLACE MACRO norm_unit_type(x) AS CASE
  WHEN x IN ('市直', '市直单位', '市直机关', '市级', '市级单位', '市属', '市属单位', '市本级', '市委',
    '市政府') THEN '市直'
  WHEN x IN ('县市区', '县直', '县市区直', '县市区直单位', '县区', '县直单位', '区直', '区直单位',
    '市直（县级市）', '县级', '县区级', '县委', '县政府', '区委', '区政府', '县(市、区)', '县（市、区）',
    '县(市区)', '县（市区）', '县市区党政') THEN '县市区'
  WHEN x IN ('乡镇街道', '乡镇', '街道', '乡镇(街道)', '乡镇（街道）', '乡', '镇', '乡镇级', '街道办事处',
    '乡镇党政') THEN '乡镇街道'
  ELSE NULL END;

-- The words a 县市区 cell uses for the city's own level (市直, 市本级 …).
CREATE OR REPLACE MACRO city_level_word(x) AS
  regexp_full_match(x, '市直|市直单位|市直机关|市本级|市级|本级|市属|直属');

-- A 县市区 cell without the city's name before a county's (永州市宁远县 → 宁远县, 永州市直 →
-- 市直); the city's name alone stays (it is read as the city's own level).
CREATE OR REPLACE MACRO region_clean(x) AS CASE
  WHEN prefecture_prefix(x) IS NULL OR starts_with(x, '中共') THEN x
  WHEN length(x) = length(prefecture_prefix(x)) + 1 THEN x
  WHEN regexp_matches(substr(x, length(prefecture_prefix(x)) + 2), '^(直|本级|级|属)')
    THEN '市' || substr(x, length(prefecture_prefix(x)) + 2)
  WHEN regexp_full_match(substr(x, length(prefecture_prefix(x)) + 2), '\p{Han}{1,8}(县|区|市|旗)')
    THEN substr(x, length(prefecture_prefix(x)) + 2)
  ELSE x END;

-- A reserve's category as written (处级后备, 正科级后备 …), or '是' for a reserve whose category
-- the value does not say (是, √, 正职后备, 后备干部): the person's level tells it (see load.ts).
CREATE OR REPLACE MACRO norm_reserve(x) AS CASE
  WHEN x IS NULL OR x IN ('否', '无', '0', 'false', 'FALSE', 'N', 'n', 'no', 'No', '非后备') THEN NULL
  WHEN regexp_matches(x, '处') THEN '处级后备'
  WHEN regexp_matches(x, '科') THEN '科级后备'
  WHEN x IN ('是', '√', '✓', '✔', 'Y', 'y', 'yes', 'Yes', 'YES', 'true', 'TRUE', '1')
    OR contains(x, '后备') OR contains(x, '储备') THEN '是'
  ELSE NULL END;

-- A 职务层次 that names only the grade (县处级, 处级, 科级 …): its grade, for 是否正职 to complete.
CREATE OR REPLACE MACRO level_grade(x) AS CASE
  WHEN regexp_full_match(x, '\s*(县处级|县处|处级|县级)(领导)?(职务)?\s*') THEN '县处级'
  WHEN regexp_full_match(x, '\s*(乡科级|乡科|科级|乡级|乡镇级)(领导)?(职务)?\s*') THEN '乡科级'
  WHEN regexp_full_match(x, '\s*(厅局级|厅级|局级|地厅级)(领导)?(职务)?\s*') THEN '厅局级' END;

-- A level's tier in leadership teams: 3 厅局级, 2 县处级, 1 乡科级 (正职 or 副职), else 0.
CREATE OR REPLACE MACRO level_tier(level) AS CASE
  WHEN CAST(level AS VARCHAR) LIKE '厅局级%' THEN 3
  WHEN CAST(level AS VARCHAR) LIKE '县处级%' THEN 2
  WHEN CAST(level AS VARCHAR) LIKE '乡科级%' THEN 1 ELSE 0 END;

-- Team membership when a roster has no 是否班子成员: a leading cadre of the highest tier in the
-- unit (`unit_top`: a city bureau's 县处级, a county bureau's 乡科级), or any leading cadre of a
-- township (its 副处 secretary and its 乡科级 members alike).
CREATE OR REPLACE MACRO team_by_level(level, unit_type, unit_top) AS
  level_tier(level) > 0
  AND (level_tier(level) = unit_top OR coalesce(CAST(unit_type AS VARCHAR) = '乡镇街道', false));

-- How a unit's name ends (财政局, 人民政府, 珠山镇, 组织部 — not 干部), for the patterns below.
CREATE OR REPLACE MACRO unit_name_end() AS '局|委员会|委|办公室|办|院|人民政府|政府|镇|乡|街道办事处|街道|中心|所|队|站|会|[^干]部|厅|处|馆|校|公司|集团|社|行|署|室|团|联|庭';

-- The unit at the head of a 工作单位及职务 cell, for a roster with no unit column (永州市财政局党组
-- 书记、局长 → 永州市财政局; 白牙市镇党委书记 → 白牙市镇): the first post's shortest head that ends
-- like a unit's name and leaves a post's name, maybe after a section of that unit (预算科科长,
-- 办公室主任 of a 局: the 局's people); a township's government is the township (its 书记 and
-- 镇长 are one team), and so are its 人大 and 纪委 (天堂镇人大主席). A note in brackets after the
-- post (白沙乡党委书记（挂职）) is not part of it. NULL when none does, and when the head is only
-- an organ of some unit (党委书记, 党组书记、局长: 党委 and 党组 are no unit).
CREATE OR REPLACE MACRO unit_of_title(t) AS list_transform([nullif(regexp_replace(regexp_extract(
  regexp_replace(regexp_replace(t, '[、，,；;/兼].*$', ''), '\s*[（(][^（）()]*[)）]\s*$', ''),
  '^(.+?(?:' || unit_name_end() || '))(?:(?:[^部局厅委办院、，,；;/兼]|干部){1,6}?[科股])?(?:人大主席团|人大|纪委|纪工委|人武部|武装部)?(?:代理|代)?(?:党组书记|党组副书记|党组成员|党委书记|党委副书记|党委委员|党工委书记|党工委副书记|书记|副书记|局长|副局长|主任|副主任|部长|副部长|镇长|副镇长|乡长|副乡长|县长|副县长|区长|副区长|市长|副市长|院长|副院长|所长|副所长|科长|副科长|股长|副股长|处长|副处长|厅长|副厅长|主席|副主席|秘书长|副秘书长|队长|副队长|站长|副站长|馆长|副馆长|校长|副校长|社长|副社长|行长|副行长|庭长|副庭长|检察长|副检察长|董事长|总经理|副总经理|经理|委员|常委|(?:一级|二级|三级|四级)?(?:主任科员|调研员|巡视员|科员)|干部|办事员)$',
  1), '(乡|镇|街道)(人民政府|政府|办事处)$|([局厅])办公室$', '\1\3'), '')],
  h -> CASE WHEN NOT regexp_full_match(h,
    '(中共)?(党委|党工委|工委|党组|党总支|总支|党支部|支部|委员会|委|纪委|纪工委|纪检组|人大|人大主席团|政府|人民政府|办公室|办事处|办|机关)')
    THEN h END)[1];

-- The unit a heading row of a roster grouped by unit names (一、永州市财政局; （二）珠山镇;
-- 市直 · 永州市教育局（3 人）; 珠山镇：): its words without numbering, region, count or colon,
-- when they end like a unit's name and are not a group's (市直单位, 乡镇, 乡镇街道); else NULL.
CREATE OR REPLACE MACRO heading_bare(h) AS regexp_replace(h,
  '^\s*([一二三四五六七八九十百]+\s*[、.．]|[（(]\s*[一二三四五六七八九十百]+\s*[)）]|\d+\s*[、.．]|第[一二三四五六七八九十百]+[部分类组])\s*', '');
CREATE OR REPLACE MACRO heading_words(h) AS regexp_replace(
  regexp_replace(heading_bare(h), '^[^·•]{1,12}\s*[·•]\s*', ''),
  '\s*([（(]\s*(共\s*)?\d+\s*(人|名)\s*[)）]|[:：]|(共\s*)?\d+\s*(人|名))\s*$', '');
CREATE OR REPLACE MACRO heading_unit(h) AS CASE
  WHEN regexp_full_match(heading_words(h), '\p{Han}[\p{Han}（）()]{1,40}?(' || unit_name_end() || ')')
      AND NOT regexp_full_match(heading_words(h), '(各|全市|全县)?(乡镇|街道|乡镇街道|乡、镇|乡镇、街道|县市区|县（市、区）|市直|县直|市直机关|县直机关)(单位|部门|机关)?')
    THEN heading_words(h) END;

-- The region such a heading puts before its unit (市直 · 永州市教育局 → 市直); else NULL.
CREATE OR REPLACE MACRO heading_region(h) AS
  nullif(regexp_extract(heading_bare(h), '^([^·•]{1,12}?)\s*[·•]', 1), '');

-- The township a township's unit name stands for: its party committee, government and office are
-- one team (中共保安镇委员会, 保安镇人民政府 → 保安镇; 东风街道办事处 → 东风街道); NULL for another unit.
CREATE OR REPLACE MACRO township_name(name) AS CASE WHEN township_kind(name) IS NOT NULL THEN
  regexp_replace(regexp_replace(name, '^中共', ''),
    '(乡|镇|街道)(党委|党工委|工委|党工作委员会|工作委员会|委员会|委|人民政府|政府|办事处|办)$', '\1')
  END;

-- A township's key within its 县市区: 县市区/its name without the city or the county at its head
-- (珠山镇, 零陵区珠山镇, 永州市零陵区珠山镇 in 零陵区 → 零陵区/珠山镇), so that 中共零陵区珠山镇委员会
-- and 珠山镇人民政府 are one unit (named as most rows write it: oneNamePerUnit in load.ts); NULL
-- for another unit or without a 县市区.
CREATE OR REPLACE MACRO town_key(town, region) AS CASE
  WHEN town IS NOT NULL AND region IS NOT NULL THEN region || '/' || CASE
    WHEN starts_with(after_prefecture(town), region)
        AND township_kind(substr(after_prefecture(town), length(region) + 1)) IS NOT NULL
      THEN substr(after_prefecture(town), length(region) + 1)
    ELSE town END
  END;

-- A 共青团 committee (共青团东安县委, 永州团市委, 团县委书记): a 委 that is no county's 党委.
CREATE OR REPLACE MACRO is_youth_league(x) AS regexp_matches(x, '共青团|团(县|区|市|旗)委');

-- What a unit's name says it is: a township ('street', 'town': township_kind), a county's party
-- committee ('county_party': 宁远县委, 中共宁远县委员会, 祁阳市委) or its government
-- ('county_government': 宁远县人民政府); NULL for anything else (a department, 人大, 政协, the
-- prefecture's own 市委).
CREATE OR REPLACE MACRO unit_body(name) AS coalesce(township_kind(name), CASE
  WHEN regexp_matches(name, '人大|人民代表大会|政协|政治协商') THEN NULL
  WHEN is_youth_league(name) THEN NULL
  WHEN NOT names_county(name) THEN NULL
  WHEN regexp_full_match(after_prefecture(name), '(中共)?\p{Han}{1,10}?(县|区|市|旗)(委|委员会)')
    THEN 'county_party'
  WHEN regexp_full_match(after_prefecture(name), '\p{Han}{1,10}?(县|区|市|旗)(人民)?政府')
    THEN 'county_government' END);

-- A township post is recognised from the title; the unit type, the unit's name (unit_body)
-- or a township word in the title (白沙镇党委, 珠山镇镇长, 珠山镇委) gives context.
CREATE OR REPLACE MACRO township_context(title, unit_type, body) AS
  coalesce(unit_type = '乡镇街道', false) OR coalesce(body IN ('street', 'town'), false)
  OR regexp_matches(title, '(乡|镇|街道)(党委|党工委|工委|委|人民政府|政府|办事处|办|(代理?)?(乡长|镇长))');

-- Whether a post is a county's (县、县级市、区): by the unit type, the unit's name or the title's
-- head (祁阳市委书记; not 永州市委书记, the prefecture's).
CREATE OR REPLACE MACRO county_context(title, unit_type, body) AS
  coalesce(unit_type = '县市区', false) OR coalesce(body LIKE 'county_%', false)
  OR coalesce(names_county(title), false);

-- A member of a county's party committee team ('county_party': 县委书记, 区委副书记, 县委常委、
-- 组织部部长, 中共宁远县委员会书记) or of its government team ('county_government': 县长,
-- 常务副县长, 宁远县人民政府副县长), by the title; 市委 and 市长 only in a county's context (a
-- county-level city). Not a 人大 or 政协 post (县人大常委会主任) nor a department's (县委组织部部长,
-- 县纪委书记, 县长助理). NULL when neither.
CREATE OR REPLACE MACRO county_post(title, unit_type, body) AS CASE
  WHEN is_youth_league(title) THEN NULL
  WHEN regexp_matches(title, '(县|区|旗)委(员会)?(常委|书记|副书记)')
    OR (regexp_matches(title, '市委(员会)?(常委|书记|副书记)')
      AND county_context(title, unit_type, body))
    THEN 'county_party'
  WHEN regexp_matches(title, '(县|区|旗)长($|[、，,；;／/\s（(]|兼)')
    OR (regexp_matches(title, '市长($|[、，,；;／/\s（(]|兼)') AND county_context(title, unit_type, body))
    THEN 'county_government' END;

-- Each part of the title (split at 、，,；; / and 兼) on its own, so that a second post does not
-- hide the first: a part that names a 党委/党工委/镇委 secretary, 书记 alone or a 委员会书记, and
-- is not a 社区 or 村 secretary's, nor a body's within the township (纪工委, 团工委, 机关工委,
-- 两新组织党工委).
CREATE OR REPLACE MACRO township_secretary_title(title) AS list_bool_or(list_transform(
  regexp_split_to_array(title, '[、，,；;／/\s]|兼'), x ->
    regexp_matches(x, '(党委|党工委|镇委|乡委|工委)书记|^书记($|[（(])|(乡|镇|街道)(工作)?委员会书记')
    AND NOT regexp_matches(x,
      '(社区|村|居委会?)(党委|党总支|党支部|党工委)?书记|(纪|团|机关)工委书记|两新|非公|社会组织')));
CREATE OR REPLACE MACRO township_head_title(title, body) AS
  regexp_matches(title,
      '(^|[、，,；;／/\s]|兼)[^、，,；;／/\s副]*(乡长|镇长|(办事处|街道办|街道)(代理?)?主任)($|[、，,；;／/\s（(）)]|兼)')
    OR (body = 'street' AND regexp_matches(title, '(^|[、，,；;／/\s])(代理?)?主任($|[、，,；;／/\s（(])'));
-- The township secretary and head by their titles: 党委书记, 镇委书记, 街道工委书记,
-- 中共塔峰镇委员会书记, 书记 alone (not 副书记, nor a 社区 or 村 secretary); 乡长, 镇长, 办事处主任,
-- 街道办主任, and 主任 alone in a street's unit; both in one title (党委书记、镇长, 一肩挑):
-- township_secretary_head. Elsewhere a county team's post by its title (county_post), or any
-- post in a county's party committee or government (unit_body: its 书记, 常委 or a team member
-- without a title); 'other'.
CREATE OR REPLACE MACRO post_class_of(title, unit_type, body) AS CASE
  WHEN title IS NULL THEN CASE WHEN body LIKE 'county_%' THEN body END
  WHEN NOT township_context(title, unit_type, body)
    THEN coalesce(county_post(title, unit_type, body),
      CASE WHEN body LIKE 'county_%' THEN body END, 'other')
  WHEN township_secretary_title(title)
    THEN CASE WHEN township_head_title(title, body) THEN 'township_secretary_head'
      ELSE 'township_secretary' END
  WHEN township_head_title(title, body) THEN 'township_head'
  -- Neither: a county post it names stands (区长，兼某镇党委第一书记 is the county's 副区长).
  ELSE coalesce(county_post(title, unit_type, body),
    CASE WHEN body LIKE 'county_%' THEN body END, 'other') END;

-- A deputy's title: it has a 副 and none of its posts (split at 、，,；; / and 兼, notes in
-- brackets dropped) heads anything — 副局长, 党组成员、副局长（正科级）, 县委常委、常务副县长 — so a
-- 正科 or 正处 level does not make its holder a principal when the roster has no 是否正职.
CREATE OR REPLACE MACRO deputy_title(title) AS
  contains(title, '副') AND NOT regexp_matches(regexp_replace(title, '（[^）]*）|\([^)]*\)', '', 'g'),
    '(^|[、，,；;／/\s]|兼)[^、，,；;／/\s副]*(书记|局长|主任|县长|区长|市长|镇长|乡长|部长|主席|院长|校长|社长|行长|经理|董事长|馆长|所长|站长|队长|处长|科长|股长|厅长|检察长|庭长|秘书长)($|[、，,；;／/\s]|兼)');

-- A 职务类别 value: the township secretary or head however worded (乡镇(街道)党(工)委书记, 党委书记,
-- 乡镇长(街道办事处主任), 镇长 …; a generic word such as 党委书记 only where the unit or title is a
-- township's), 'other' when it says so, NULL when it does not say (the title decides).
CREATE OR REPLACE MACRO post_class_value(v, township_here) AS CASE
  WHEN v IS NULL THEN NULL
  WHEN TRY_CAST(v AS post_class_t) IS NOT NULL THEN v
  WHEN NOT township_here AND regexp_matches(v, '(县|区|旗)委(班子|领导班子|常委|书记|副书记)')
    AND NOT regexp_matches(v, '人大|政协') THEN 'county_party'
  WHEN NOT township_here AND regexp_matches(v, '(县|区|旗)(人民)?政府(班子|领导班子)|(县|区|旗)长$')
    THEN 'county_government'
  WHEN regexp_matches(v, '副') THEN 'other'
  WHEN v = '一肩挑' AND township_here THEN 'township_secretary_head'
  WHEN regexp_matches(v, '书记') AND (township_here OR regexp_matches(v, '乡|镇|街道'))
    THEN CASE WHEN regexp_matches(v, '书记.*(兼|、|，|,|及|和).*(乡长|镇长|办事处主任|街道办主任|街道主任)')
      THEN 'township_secretary_head' ELSE 'township_secretary' END
  WHEN regexp_matches(v, '乡长|镇长|主任') AND (township_here OR regexp_matches(v, '乡|镇|街道'))
    THEN 'township_head'
  WHEN v IN ('其他', '其它', '无', '否', '一般干部') THEN 'other' END;

-- GB 11643 check character of the first 17 digits of a 身份证号, given as a BIGINT `d17`
-- (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2): splitting one number by arithmetic is far cheaper
-- than 17 substrings, and the caller computes `d17` once (a macro repeats an argument wherever it
-- is used).
CREATE OR REPLACE MACRO id_check_char(d17) AS substr('10X98765432', CAST((
      7 * (d17 // 10000000000000000 % 10) + 9 * (d17 // 1000000000000000 % 10) + 10 * (d17 // 100000000000000 % 10) + 5 * (d17 // 10000000000000 % 10) +
      8 * (d17 // 1000000000000 % 10) + 4 * (d17 // 100000000000 % 10) + 2 * (d17 // 10000000000 % 10) + 1 * (d17 // 1000000000 % 10) +
      6 * (d17 // 100000000 % 10) + 3 * (d17 // 10000000 % 10) + 7 * (d17 // 1000000 % 10) + 9 * (d17 // 100000 % 10) +
      10 * (d17 // 10000 % 10) + 5 * (d17 // 1000 % 10) + 8 * (d17 // 100 % 10) + 4 * (d17 // 10 % 10) +
      2 * (d17 // 1 % 10)
    ) % 11 AS INTEGER) + 1, 1);

-- Whether an 18-character 身份证号 `s` ends in its check character; `d17` = TRY_CAST(s[1:17] AS BIGINT).
CREATE OR REPLACE MACRO id_number_check(s, d17) AS
  regexp_full_match(s, '[0-9]{17}[0-9Xx]') AND id_check_char(d17) = upper(s[18]);

-- The same from the number alone. Its 17 digits are cast once, in a lambda: a macro repeats its
-- argument, and id_check_char names d17 seventeen times (the cast seventeen times per row took
-- three times as long).
CREATE OR REPLACE MACRO id_number_valid(s) AS
  regexp_full_match(s, '[0-9]{17}[0-9Xx]')
  AND list_transform([TRY_CAST(s[1:17] AS BIGINT)], d -> id_check_char(d))[1] = upper(s[18]);

-- A 身份证号 typed into an Excel number cell keeps 15 significant digits: one a CSV export wrote
-- as 4.31102E+17 (its lost digits * here, id_number_clean), or 18 digits ending in 000 that fail
-- the check digit (a real number ending in 000 passes it), or ending in 0000 (no one's 顺序码 is
-- 000, and one in eleven such cut numbers passes the check by chance). Not a person's id then.
CREATE OR REPLACE MACRO id_digits_lost(s) AS
  suffix(s, '*') OR (suffix(s, '000') AND (suffix(s, '0000')
    OR NOT coalesce(id_number_valid(s), false)));

-- The 18-digit form of an old 15-digit 身份证号: '19' after the 6-digit area code, then the
-- check character. `s17` is the 17 digits.
CREATE OR REPLACE MACRO id_number_18(s17) AS s17 || id_check_char(TRY_CAST(s17 AS BIGINT));
CREATE OR REPLACE MACRO id_number_upgrade(c) AS CASE
  WHEN length(c) = 15 AND regexp_full_match(c, '[0-9]{15}') THEN id_number_18(c[1:6] || '19' || c[7:15])
  ELSE c END;

-- A cell that says there is none (无, 暂无, ——, /): for a 身份证号 a blank, for 入党时间 no party.
CREATE OR REPLACE MACRO says_none(x) AS regexp_full_match(x, '无|暂无|没有|空|[-—–－/\\.。·*_]+');

-- A 民族 cell that says it is not known (no note for it).
CREATE OR REPLACE MACRO ethnicity_unknown_word(x) AS
  x IN ('未知', '不详', '其他', '其它', '待查', '未填') OR says_none(x);

-- A 政治面貌 (or 入党时间) naming a party other than the CPC, 无党派, 群众, the Youth League, or
-- saying not a member (非中共党员, 非党员, 党外人士).
CREATE OR REPLACE MACRO not_cpc_word(x) AS regexp_matches(x,
  '民革|民盟|民建|民进|农工|致公|九三学社|台盟|民主党派|民主同盟|民主建国会|民主促进会|国民党革命委员会|台湾民主自治同盟|无党派|群众|共青团|团员|非中共|非党|党外');

-- 中共党员 (预备党员 included, DOMAIN.md §2) or 非中共党员; NULL for a value that says neither
-- (the loader notes it), never 非中共党员 by default.
CREATE OR REPLACE MACRO norm_party(x) AS CASE
  WHEN x IS NULL THEN NULL
  WHEN not_cpc_word(x) OR says_none(x) THEN '非中共党员'
  WHEN regexp_matches(x, '中共|共产党|党员|^预备$') THEN '中共党员' END;

-- One person however the number is written: spaces removed, x upper-case (width is normalised
-- before, so full-width digits are digits here), a word for none blank; then 15 digits → 18
-- (id_number_upgrade). Two
-- steps, so that the loader computes each once per row.
CREATE OR REPLACE MACRO id_number_clean(x) AS CASE
  -- A cell that says there is none, or that the number is not known, is a blank, not a
  -- mistyped number.
  WHEN length(x) <= 4 AND (says_none(trim(x))
      OR regexp_full_match(trim(x), '不详|未知|缺|(?i:null|n/?a|#n/a|none)')) THEN NULL
  -- Kept as text by a CSV export: '4301…, ="4301…" (and a tab before it).
  WHEN ascii(x) IN (9, 34, 39, 61)
    THEN nullif(upper(regexp_replace(x, '^[\s''=\t"]+|["\s]+$|\s', '', 'g')), '')
  -- Spaces or dashes between its groups (4311 2119 8001 0110 18, 431121-19800101-1018).
  WHEN contains(x, ' ') OR contains(x, '-') OR suffix(x, 'x')
    THEN nullif(upper(replace(replace(x, ' ', ''), '-', '')), '')
  -- An 18-digit number a CSV export wrote as 4.30102198703E+17: the digits it kept, the lost
  -- ones * (as text: through a DOUBLE, 4.31102198001011E+17 came out …011008, digits no one wrote).
  -- A float column of a script's file (4.311261983051201e+17) keeps 15 digits that are sure.
  WHEN regexp_full_match(x, '[1-9]\.[0-9]{1,16}[eE]\+?17')
    THEN rpad(left(replace(regexp_extract(x, '^[1-9]\.[0-9]+'), '.', ''), 15), 18, '*')
  ELSE x END;

-- The gender the 17th digit of a number already found valid states: odd 男, even 女.
CREATE OR REPLACE MACRO id_gender_digit(s) AS
  CASE WHEN CAST(s[17] AS INTEGER) % 2 = 1 THEN '男' ELSE '女' END;
-- The gender a valid 18-character 身份证号 states, for a blank 性别 only (DOMAIN.md §2: the number
-- cross-checks, it never overwrites).
CREATE OR REPLACE MACRO id_gender(s) AS CASE
  WHEN s IS NOT NULL AND id_number_valid(s) AND NOT suffix(s, '0000') THEN id_gender_digit(s) END;

CREATE OR REPLACE MACRO id_number_birth_month(s) AS
  try_strptime(substr(s, 7, 6), '%Y%m')::DATE;
